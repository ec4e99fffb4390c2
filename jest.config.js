// Tests are TypeScript compiled by SWC (no type-check: `npm run typecheck` does that once, fast).
const { e2eIgnorePatterns } = require('./testing/chromium.js');

module.exports = {
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testEnvironment: 'node',
  globalSetup: '<rootDir>/testing/global-setup.ts',
  // One worker per core (jest's default leaves one idle: on 2 cores that meant one file at a time); many tests wait on
  // real time (ffmpeg, child processes), and more workers than cores measured slower here.
  maxWorkers: '100%',
  testPathIgnorePatterns: ['/node_modules/', ...e2eIgnorePatterns()],
};

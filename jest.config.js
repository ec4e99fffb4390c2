// Tests are TypeScript compiled by SWC (no type-check: `npm run typecheck` does that once, fast).
const { e2eIgnorePatterns } = require('./testing/chromium.js');

module.exports = {
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testEnvironment: 'node',
  globalSetup: '<rootDir>/testing/global-setup.ts',
  testPathIgnorePatterns: ['/node_modules/', ...e2eIgnorePatterns()],
};

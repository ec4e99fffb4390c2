// Decides whether the browser end-to-end tests can run here: they need Debian's Chromium.
// Outside CI a missing browser skips them with a message saying how to install it; in CI they always run
// (and fail loudly if the browser is missing), so a green CI always means the page was tested in a browser.
const { existsSync } = require('node:fs');

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function e2eIgnorePatterns() {
  if (process.env.CI || existsSync(CHROMIUM_PATH)) return [];
  process.stderr.write(
    `\n[ivs-live] Skipping the browser end-to-end tests: no Chromium at ${CHROMIUM_PATH}.\n` +
      '[ivs-live] Install it with `sudo apt-get install chromium` (or set CHROMIUM_PATH) to run them.\n\n',
  );
  return ['/__tests__/e2e/'];
}

module.exports = { CHROMIUM_PATH, e2eIgnorePatterns };

// The e2e harness: real Chromium with dist/ loaded (shared with `npm run demo`).
export { assertBuilt, DIST, launchExtension, pollUntil, type ExtensionBrowser, type TabLogView } from '../../scripts/extension-browser';

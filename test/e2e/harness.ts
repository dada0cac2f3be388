// The e2e harness: real Chromium with dist/ loaded (shared with `npm run demo`).
export {
  assertBuilt,
  DIST,
  labResult,
  launchExtension,
  pollUntil,
  type ExtensionBrowser,
  type LabResult,
} from '../../scripts/extension-browser';

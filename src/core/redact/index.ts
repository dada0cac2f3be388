// Redaction of secrets: before a failure is stored or sent to the panel (the worker, through
// storage-redaction.ts), before a report leaves the extension or the CLI (report/), and before
// the CLI prints what it sent (cli/). Shape-preserving: `Bearer ••••(43 chars)`.
export { isSecretHeaderName, isSecretParamName, mask, MASK } from './names';
export { createRedactor, MIN_HUNTED_SECRET_LENGTH, type Redactor, type SecretSources } from './redactor';
export { redactDiagnosis, redactOwn } from './diagnosis';

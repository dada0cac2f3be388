// A fix adds CORS headers and leaves the app's own answers alone. The Express and Hono fixes used
// to add an error handler answering `{ error: err.message }`: it replaced the framework's own 500
// page (the journey's error-page case read that instead of the app's answer) and sent every
// exception's message to any caller, which Express hides in production and Hono's default never
// sends. Both frameworks keep the CORS middleware's headers on their own 500 (observed in Express
// 5.3.0 with cors 2.8.6 and Hono 4.13.19, test/e2e/fixes-express.test.ts and fixes-hono.test.ts).
import { describe, expect, it } from 'vitest';
import { scenarios } from '../../lab/scenarios';
import { diagnose } from '../../src/core/diagnose';
import { fixesFor } from '../../src/core/fixes/index';
import { labExchange } from '../fixtures/fixes/lab-exchange';

describe("no fix answers the app's errors itself", () => {
  const fixes = scenarios.flatMap((s) => {
    const ex = labExchange(s);
    return fixesFor(diagnose(ex), ex).map((f) => [`${s.id} ${f.stack}`, f.snippet] as const);
  });

  it.each(fixes)('%s', (_name, snippet) => {
    // An Express error middleware, Hono's onError, or any exception message put into a response.
    expect(snippet).not.toMatch(/app\.use\(\(err\b|app\.onError\(|\berr(or)?\.message\b/);
  });
});

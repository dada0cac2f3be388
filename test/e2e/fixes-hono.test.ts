// The generated hono fix run for real (test/fixtures/fixes/node-app.ts: the packages from npm, the
// user's entry file run by Node): the user's app knows nothing of CORS (each route answers its one
// method; Hono answers OPTIONS with 404; the error route throws, so Hono's default error handler answers 500). For each of the six journey cases
// (fix-journey-cases.ts):
//   1. the request from the lab page fails in Chromium with the extension loaded, and is captured;
//   2. the fix built from that capture (fixesFor) goes where its `where` says: `app.use('*', cors({...}))` right after `new Hono()` in src/index.ts, before every route
//      (the snippet as generated; only its `// … your routes …` line becomes the user's routes);
//   3. the server restarts;
//   4. the same request passes with the app's own answer, nothing is captured and the badge
//      stays empty; the same PUT from a page origin not on the allow-list stays blocked.
import { nodeAppVersion, requireNodeApp, startNodeApp } from '../fixtures/fixes/node-app';
import { describeAppJourney } from './app-fix-journey';

describeAppJourney({
  stack: 'hono',
  runtime: nodeAppVersion('hono'),
  require: () => requireNodeApp('hono'),
  failure: 'throw',
  start: (route) => startNodeApp('hono', [route]),
  credentialsLine: 'credentials: true,',
});

// The generated fastify fix run for real (test/fixtures/fixes/node-app.ts: the packages from npm, the
// user's entry file run by Node): the user's app knows nothing of CORS (each route answers its one
// method; Fastify answers OPTIONS with 404 `Route OPTIONS:/… not found`; the error route throws, so Fastify's default error handler answers 500). For each of the six journey cases
// (fix-journey-cases.ts):
//   1. the request from the lab page fails in Chromium with the extension loaded, and is captured;
//   2. the fix built from that capture (fixesFor) goes where its `where` says: `await fastify.register(cors, {...})` right after `Fastify()` in server.js, before every route
//      (the snippet as generated; only its `// … your routes …` line becomes the user's routes);
//   3. the server restarts;
//   4. the same request passes with the app's own answer, nothing is captured and the badge
//      stays empty; the same PUT from a page origin not on the allow-list stays blocked.
import { nodeAppVersion, requireNodeApp, startNodeApp } from '../fixtures/fixes/node-app';
import { describeAppJourney } from './app-fix-journey';

describeAppJourney({
  stack: 'fastify',
  runtime: nodeAppVersion('fastify'),
  require: () => requireNodeApp('fastify'),
  failure: 'throw',
  start: (route) => startNodeApp('fastify', [route]),
  credentialsLine: 'credentials: true,',
});

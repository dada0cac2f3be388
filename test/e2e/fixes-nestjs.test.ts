// The generated NestJS fix run for real (test/fixtures/fixes/nestjs.ts: @nestjs/core and
// @nestjs/platform-express from npm, the app run by tsx): the user's app knows nothing of CORS
// (each route answers its one method; Nest answers OPTIONS with 404 `Cannot OPTIONS /path`; the
// error route throws, so Nest's exception filter answers 500). For each of the six journey cases
// (fix-journey-cases.ts):
//   1. the request from the lab page fails in Chromium with the extension loaded, and is captured;
//   2. the fix built from that capture (fixesFor) goes where its `where` says: app.enableCors(...)
//      in src/main.ts right after NestFactory.create (the snippet is that main.ts, nothing filled in);
//   3. the server restarts;
//   4. the same request passes with the app's own answer, nothing is captured and the badge
//      stays empty; the same PUT from a page origin not on the allow-list stays blocked.
import { nestVersion, requireNest, startNestApp } from '../fixtures/fixes/nestjs';
import { describeAppJourney } from './app-fix-journey';

describeAppJourney({
  stack: 'nestjs',
  runtime: nestVersion(),
  require: requireNest,
  failure: 'throw',
  start: (route) => startNestApp([route]),
  credentialsLine: 'credentials: true,',
});

// The generated Rails fix run for real (test/fixtures/fixes/rails.ts: Debian's Rails 6.1,
// rack-cors 1.1.1 and puma, offline): the user's API-only app knows nothing of CORS (each route
// answers its one method; OPTIONS matches no route, so Rails answers 404; the error route raises,
// so ShowExceptions answers 500 with public/500.html). For each of the six journey cases
// (fix-journey-cases.ts):
//   1. the request from the lab page fails in Chromium with the extension loaded, and is captured;
//   2. the fix built from that capture (fixesFor) goes where its `where` says: the snippet is
//      config/initializers/cors.rb, and `gem "rack-cors"` is added to the Gemfile (nothing in the
//      snippet is filled in);
//   3. the server restarts;
//   4. the same request passes with the app's own answer, nothing is captured and the badge
//      stays empty; the same PUT from a page origin not on the allow-list stays blocked.
import { railsVersion, requireRails, startRailsApp } from '../fixtures/fixes/rails';
import { describeAppJourney } from './app-fix-journey';

describeAppJourney({
  stack: 'rails',
  runtime: `${railsVersion()} (Debian)`,
  require: requireRails,
  failure: 'raise',
  start: (route) => startRailsApp([route]),
  credentialsLine: 'credentials: true',
});

// Flask with Flask-CORS, initialised on the app.
// Run for real in Debian's Flask 2.2 with Flask-CORS 3.0.10 (test/e2e/fixes-flask.test.ts): the
// snippet as generated answers the preflights Flask itself answers with 200 and no CORS headers,
// and puts the headers on the 500 of an unhandled exception (Flask runs after_request hooks on
// its error response).
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { dq, dqList } from './literals';
import { genericPitfall } from './pitfall';

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'preflight-auth':
      return 'A `@app.before_request` auth check (or flask-login `login_required` on the view) runs for OPTIONS too and aborts with 401 before Flask-CORS answers; return early when `request.method == "OPTIONS"`.';
    case 'preflight-redirect':
      return 'The route is declared with a trailing slash (`/items/`) and Werkzeug redirects `/items` with 308; preflights never follow it. Call the exact URL, or declare `strict_slashes=False`.';
    case 'wildcard-credentials':
      return 'Flask-CORS with the default `origins="*"` and `supports_credentials=True` reflects every origin with credentials; list the origins.';
    case 'error-response':
      return 'CORS was set up on one blueprint (`CORS(bp)`), or the error page comes from the WSGI server or proxy (gunicorn, nginx 502), so the error response skips Flask-CORS. Initialise it on the app; errors Flask handles then get the headers.';
    default:
      return genericPitfall(ctx);
  }
}

export const flask: StackModule = {
  id: 'flask',
  name: 'Flask (Flask-CORS)',
  language: 'python',
  build(ctx) {
    const args = [
      '    app,',
      '    # Exact origins; a match is echoed with `Vary: Origin`.',
      `    origins=[${dq(ctx.origin)}],`,
      `    methods=[${dqList(ctx.methods)}],`,
    ];
    if (ctx.headers.length > 0) args.push(`    allow_headers=[${dqList(ctx.headers)}],`);
    if (ctx.credentials) args.push('    # The page sends cookies: named origins plus this.', '    supports_credentials=True,');
    if (ctx.exposeHeaders.length > 0) args.push(`    expose_headers=[${dqList(ctx.exposeHeaders)}],`);
    if (ctx.preflight) args.push('    # Seconds the browser reuses this preflight (Chromium caps it at 7200).', `    max_age=${ctx.maxAge},`);
    const snippet = [
      'from flask import Flask, request',
      'from flask_cors import CORS',
      '',
      'app = Flask(__name__)',
      '',
      '# On the app, not a blueprint, so every response (errors included) gets the headers.',
      'CORS(',
      ...args,
      ')',
      '',
      '',
      '@app.before_request',
      'def authenticate():',
      '    # Preflights carry no cookies or Authorization: let Flask-CORS answer them.',
      '    if request.method == "OPTIONS":',
      '        return None',
      '    # ... your auth check ...',
      '    return None',
      '',
    ].join('\n');
    return {
      title: 'Flask-CORS on the app, and auth that lets OPTIONS through',
      snippet,
      where: 'Where the Flask app is created (app.py or the app factory), right after `Flask(__name__)`; the OPTIONS check goes at the top of your existing `before_request` auth hook.',
      pitfall: pitfall(ctx),
      notes: [
        'Requires Flask-CORS ≥ 3.0 (run in 3.0.10, Debian 12\'s, with Flask 2.2); the current 6.x takes the same arguments (6.0 only reordered `resources=` path patterns, which this snippet does not use). Prefer ≥ 4.0.1 where you can: later releases carry security fixes.',
      ],
    };
  },
};

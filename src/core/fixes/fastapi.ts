// FastAPI / Starlette CORSMiddleware, wrapped around the whole app.
// Run for real in Debian's FastAPI 0.92 / Starlette 0.26.1 under uvicorn 0.17
// (test/e2e/fixes-fastapi.test.ts).
//
// Why a wrap and not `app.add_middleware(CORSMiddleware, ...)`: Starlette builds its stack as
// ServerErrorMiddleware, then the user's middleware, then ExceptionMiddleware and the routes
// (Starlette.build_middleware_stack). An unhandled exception's 500 is sent by
// ServerErrorMiddleware, outside every added middleware, so it never gets the CORS headers; an
// exception handler for `Exception` (or 500) is installed in ServerErrorMiddleware itself and
// answers from the same outer place. Observed in uvicorn: the 500 came without
// Access-Control-Allow-Origin and Chromium blocked it. CORSMiddleware is a plain ASGI app
// wrapper, so `app = CORSMiddleware(app, ...)` puts it outside ServerErrorMiddleware: it sees the
// 500 as it is sent, and answers preflights before any middleware of the app (auth included).
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { dq, dqList } from './literals';
import { genericPitfall } from './pitfall';

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'preflight-auth':
      return 'An auth middleware that wraps CORSMiddleware sees the preflight first and answers 401 (with `add_middleware`, the last one added is the outermost). Wrapped around the whole app, as below, CORSMiddleware answers the preflight before any of the app\'s middleware runs.';
    case 'preflight-no-route':
    case 'missing-origin':
      return 'CORSMiddleware is not in front of this path (not added, or added to a mounted sub-application this path does not reach): FastAPI then answers OPTIONS with 405 Method Not Allowed.';
    case 'origin-mismatch':
      return 'Starlette answers a preflight from an unlisted origin with 400 `Disallowed CORS origin`; the entry in allow_origins must be exactly scheme://host[:port], no trailing slash.';
    case 'error-response':
      return '`app.add_middleware(CORSMiddleware, ...)` never sees the 500 of an unhandled exception: Starlette\'s ServerErrorMiddleware sends it from outside every added middleware, and an exception handler for `Exception` runs in that same outer place. Wrap the whole app instead (`app = CORSMiddleware(app, ...)`, last in main.py), as below.';
    case 'wildcard-credentials':
      return '`allow_origins=["*"]` with `allow_credentials=True`: list the origins instead; a wildcard never works with credentials.';
    default:
      return genericPitfall(ctx);
  }
}

export const fastapi: StackModule = {
  id: 'fastapi',
  name: 'FastAPI / Starlette (CORSMiddleware)',
  language: 'python',
  build(ctx) {
    const args = [
      '    app,',
      '    # Exact origins; a match is echoed with `Vary: Origin`.',
      `    allow_origins=[${dq(ctx.origin)}],`,
      `    allow_methods=[${dqList(ctx.methods)}],`,
    ];
    if (ctx.headers.length > 0) args.push(`    allow_headers=[${dqList(ctx.headers)}],`);
    if (ctx.credentials) args.push('    # The page sends cookies: named origins plus this.', '    allow_credentials=True,');
    if (ctx.exposeHeaders.length > 0) args.push(`    expose_headers=[${dqList(ctx.exposeHeaders)}],`);
    if (ctx.preflight) args.push('    # Seconds the browser reuses this preflight (Chromium caps it at 7200).', `    max_age=${ctx.maxAge},`);
    const snippet = [
      'from fastapi import FastAPI',
      'from fastapi.middleware.cors import CORSMiddleware',
      '',
      'app = FastAPI()',
      '',
      '# ... your routes, routers and app.add_middleware(...) calls, unchanged ...',
      '',
      '# Last in the file: CORSMiddleware wrapped around the whole app. It then sits outside',
      '# Starlette\'s ServerErrorMiddleware, so the 500 of an unhandled exception gets the headers',
      '# too (app.add_middleware never sees it), and it answers preflights before any auth runs.',
      'app = CORSMiddleware(',
      ...args,
      ')',
      '',
    ].join('\n');
    return {
      title: 'CORSMiddleware wrapped around the whole app (errors included), exact origins',
      snippet,
      where:
        'At the end of main.py, after every route, `include_router` and `add_middleware` call; remove an earlier `app.add_middleware(CORSMiddleware, ...)`. `uvicorn main:app` then serves the wrapped app. Code that needs the FastAPI object itself (decorators, `app.state`, tests that call `app.dependency_overrides`) must run before this line, or keep it under another name (`api = FastAPI()`, then `app = CORSMiddleware(api, ...)`).',
      pitfall: pitfall(ctx),
      notes: [
        'Requires FastAPI ≥ 0.92 with Starlette ≥ 0.26 (run in those, Debian 12\'s); current FastAPI and Starlette 1.x take the same arguments and still put ServerErrorMiddleware outside `add_middleware`, so the wrap is needed there too.',
      ],
    };
  },
};

// FastAPI / Starlette CORSMiddleware.
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { dq, dqList } from './literals';
import { genericPitfall } from './pitfall';

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'preflight-auth':
      return 'An auth middleware added after CORSMiddleware wraps it (Starlette: the last `add_middleware` is outermost), so it sees the preflight first and answers 401. Add CORSMiddleware last.';
    case 'preflight-no-route':
    case 'missing-origin':
      return 'CORSMiddleware is not added, or is added to a mounted sub-application that this path does not reach: FastAPI then answers OPTIONS with 405 Method Not Allowed.';
    case 'origin-mismatch':
      return 'Starlette answers a preflight from an unlisted origin with 400 `Disallowed CORS origin`; the entry in allow_origins must be exactly scheme://host[:port], no trailing slash.';
    case 'error-response':
      return 'An unhandled exception becomes a 500 in ServerErrorMiddleware, which sits outside CORSMiddleware, so the 500 has no CORS headers; catch errors with an exception handler that returns a JSONResponse.';
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
      '    CORSMiddleware,',
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
      '# ... your other app.add_middleware(...) calls ...',
      '',
      '# Added last, so it is the outermost middleware: it answers preflights before auth runs.',
      'app.add_middleware(',
      ...args,
      ')',
      '',
    ].join('\n');
    return {
      title: 'CORSMiddleware added last, with exact origins',
      snippet,
      where: 'Where the FastAPI app is created (main.py): `app.add_middleware(CORSMiddleware, ...)` after every other `add_middleware` call.',
      pitfall: pitfall(ctx),
    };
  },
};

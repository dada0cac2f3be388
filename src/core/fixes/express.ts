// Express 5 with the `cors` package (expressjs/cors).
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { dq, dqList } from './literals';
import { genericPitfall } from './pitfall';

export function corsPackageOptions(ctx: FixContext, indent: string): string {
  const lines = [
    `${indent}// An allow-list, never a reflected Origin: the origin is echoed only when listed,`,
    `${indent}// and then \`Vary: Origin\` is added so a shared cache keeps one answer per origin.`,
    `${indent}origin: [${dq(ctx.origin)}],`,
    `${indent}methods: [${dqList(ctx.methods)}],`,
  ];
  if (ctx.headers.length > 0) lines.push(`${indent}allowedHeaders: [${dqList(ctx.headers)}],`);
  if (ctx.credentials) lines.push(`${indent}// The page sends cookies (credentials: 'include'): this needs a named origin, never '*'.`, `${indent}credentials: true,`);
  if (ctx.exposeHeaders.length > 0) lines.push(`${indent}// Response headers page JavaScript may read.`, `${indent}exposedHeaders: [${dqList(ctx.exposeHeaders)}],`);
  if (ctx.preflight) lines.push(`${indent}// Seconds the browser reuses this preflight (Chromium caps it at 7200).`, `${indent}maxAge: ${ctx.maxAge},`);
  return lines.join('\n');
}

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'preflight-no-route':
    case 'missing-origin':
      return "`app.use(cors())` is missing or registered after the routers: Express then answers OPTIONS with its default 404 (`Cannot OPTIONS /path`). In Express 5 the old `app.options('*', cors())` throws (path-to-regexp v8); use `app.use(cors(corsOptions))` first.";
    case 'preflight-auth':
      return 'An auth middleware (passport, express-jwt, a session check) is registered before cors(): the credential-less OPTIONS gets 401/403. Register cors() first; it ends the preflight with 204 before auth runs.';
    case 'error-response':
      return 'The error comes from a middleware that runs before cors() (body parser, auth), or from a proxy in front of Express; only responses that pass through cors() get the headers. Register cors() first.';
    case 'response-missing-origin':
      return "cors() is mounted only for OPTIONS (`app.options(...)`), so the actual response has no Access-Control-Allow-Origin. Mount it with `app.use` for every method.";
    case 'wildcard-credentials':
      return "`cors()` with no options sends `Access-Control-Allow-Origin: *`, which the browser rejects for a credentialed request. `origin: true` would reflect every site with credentials; use an explicit list.";
    case 'header-not-allowed':
      return `\`allowedHeaders\` is set but lacks ${ctx.missingHeaders.join(', ') || 'a header the page sends'}: once set, cors stops reflecting Access-Control-Request-Headers.`;
    default:
      return genericPitfall(ctx);
  }
}

export const express: StackModule = {
  id: 'express',
  name: 'Express (cors)',
  language: 'js',
  build(ctx) {
    const snippet = [
      "import express from 'express';",
      "import cors from 'cors';",
      '',
      'const app = express();',
      '',
      'const corsOptions = {',
      corsPackageOptions(ctx, '  '),
      '};',
      '',
      '// First, before auth and every router: a preflight carries no cookies or Authorization,',
      '// so anything earlier could reject it; cors() ends every OPTIONS with 204 itself.',
      "// Errors keep these headers: Express's own error handler (and yours) answer on the same",
      '// response, after cors() set them, so the page can read the real status.',
      'app.use(cors(corsOptions));',
      '',
      '// … your routes …',
      '',
    ].join('\n');
    return {
      title: 'Register cors() with an allow-list before every route',
      snippet,
      where: 'Your app entry file (app.js / server.js): `app.use(cors(corsOptions))` right after `express()`, before any auth middleware and router.',
      pitfall: pitfall(ctx),
      notes: [
        'Requires the cors package ≥ 2.8 (run in cors 2.8.6 with Express 5.3.0). Express 4 takes the same lines; only the old `app.options(\'*\', cors())` spelling differs, which Express 5 refuses.',
      ],
    };
  },
};

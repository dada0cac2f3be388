// Django with django-cors-headers.
// Run for real in Debian's Django 3.2 with django-cors-headers 3.14 (test/e2e/fixes-django.test.ts):
// runserver with DEBUG = False, the snippet's lists filled with the project's own entries where it
// says `# ...`; the preflight answered ahead of the views' 405, and the headers on Django's own
// 500 page (CorsMiddleware sees the response Django makes of an unhandled exception).
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { dq, dqList } from './literals';
import { genericPitfall } from './pitfall';

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'preflight-redirect':
      return "CommonMiddleware's APPEND_SLASH answers `" + ctx.path + "` with a 301 to the slash URL before corsheaders sees the preflight; put CorsMiddleware above it and call the URL with its trailing slash.";
    case 'preflight-auth':
    case 'preflight-no-route':
    case 'missing-origin':
      return 'CorsMiddleware is placed below a middleware that answers first (CommonMiddleware redirects, an auth or login-required middleware); it must be as high as possible, above CommonMiddleware.';
    case 'origin-mismatch':
      return 'An entry in CORS_ALLOWED_ORIGINS has a path or trailing slash (`https://app.example.com/`); django-cors-headers compares scheme://host[:port] exactly (and refuses to start with a path: system check corsheaders.E014, in 3.14 as in 4.x).';
    case 'wildcard-credentials':
      return '`CORS_ALLOW_ALL_ORIGINS = True` with `CORS_ALLOW_CREDENTIALS = True` reflects every origin with credentials; list the origins instead.';
    default:
      return genericPitfall(ctx);
  }
}

export const django: StackModule = {
  id: 'django',
  name: 'Django (django-cors-headers)',
  language: 'python',
  build(ctx) {
    // Listed even when default_headers has them, so the file says what this request needs.
    const extra = ctx.headers.map((h) => h.toLowerCase());
    const lines = [
      'from corsheaders.defaults import default_headers',
      '',
      'INSTALLED_APPS = [',
      '    # ...',
      '    "corsheaders",',
      ']',
      '',
      'MIDDLEWARE = [',
      '    # As high as possible, above CommonMiddleware: its APPEND_SLASH redirect and any',
      '    # auth middleware must not answer the preflight before corsheaders does.',
      '    "corsheaders.middleware.CorsMiddleware",',
      '    "django.middleware.common.CommonMiddleware",',
      '    # ...',
      ']',
      '',
      '# Exact origins: scheme://host[:port], no trailing slash. Matching ones are echoed',
      '# with `Vary: Origin`.',
      `CORS_ALLOWED_ORIGINS = [${dq(ctx.origin)}]`,
      `CORS_ALLOW_METHODS = [${dqList(ctx.methods)}]`,
      `CORS_ALLOW_HEADERS = [*default_headers${extra.map((h) => `, ${dq(h)}`).join('')}]`,
    ];
    if (ctx.credentials) lines.push('# The page sends cookies: named origins above, plus this.', 'CORS_ALLOW_CREDENTIALS = True');
    if (ctx.exposeHeaders.length > 0) lines.push(`CORS_EXPOSE_HEADERS = [${dqList(ctx.exposeHeaders)}]`);
    if (ctx.preflight) lines.push('# Seconds the browser reuses this preflight (Chromium caps it at 7200).', `CORS_PREFLIGHT_MAX_AGE = ${ctx.maxAge}`);
    lines.push('');
    return {
      title: 'django-cors-headers: CorsMiddleware above CommonMiddleware, exact origins',
      snippet: lines.join('\n'),
      where: '`settings.py`: add "corsheaders" to INSTALLED_APPS and CorsMiddleware at the top of MIDDLEWARE, above CommonMiddleware.',
      pitfall: pitfall(ctx),
      notes: [
        'Requires django-cors-headers ≥ 3.5 (run in 3.14, Debian 12\'s, with Django 3.2): CORS_ALLOWED_ORIGINS was CORS_ORIGIN_WHITELIST before 3.5, and an older release ignores the new name silently. The current 4.x reads the same settings and no longer accepts the pre-3.5 names.',
      ],
    };
  },
};

// Django with django-cors-headers 4.
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
      return 'An entry in CORS_ALLOWED_ORIGINS has a path or trailing slash (`https://app.example.com/`); django-cors-headers compares scheme://host[:port] exactly (and refuses to start with a path in 4.x).';
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
    };
  },
};

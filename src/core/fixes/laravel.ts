// Laravel 9.2+: the framework's HandleCors middleware (fruitcake/php-cors inside) reads
// config/cors.php; Laravel 7 to 9.1 read the same file through fruitcake/laravel-cors.
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { sq, sqList } from './literals';
import { genericPitfall } from './pitfall';

function pathPattern(path: string): string {
  const seg = path.split('/').filter((s) => s !== '')[0];
  return seg === undefined ? '*' : `${seg}/*`;
}

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'missing-origin':
    case 'preflight-no-route':
      return `\`paths\` in config/cors.php does not match \`${ctx.path}\` (the default is only api/* and sanctum/csrf-cookie), so HandleCors ignores the request and the router answers OPTIONS with 405.`;
    case 'wildcard-credentials':
    case 'missing-credentials':
      return "`'allowed_origins' => ['*']` with `'supports_credentials' => true` is sent as-is; list the origin (Sanctum SPA auth needs supports_credentials and an exact origin).";
    case 'preflight-auth':
      return 'HandleCors was removed from the global middleware (or the route middleware `auth:sanctum` runs first in an old Kernel.php setup); it must stay global so preflights are answered before auth.';
    case 'error-response':
      return 'A fatal error (PHP-FPM 502, an exception before the kernel boots) skips HandleCors; the web server then needs the headers with `always` (nginx) or `Header always` (Apache).';
    default:
      return genericPitfall(ctx);
  }
}

export const laravel: StackModule = {
  id: 'laravel',
  name: 'Laravel (config/cors.php)',
  language: 'php',
  build(ctx) {
    const snippet = [
      '<?php',
      '',
      'return [',
      "    // Must match the request path, or HandleCors leaves the request alone.",
      `    'paths' => [${sq(pathPattern(ctx.path))}],`,
      `    'allowed_methods' => [${sqList(ctx.methods)}],`,
      // php-cors (CorsService::configureAllowedOrigin): a single origin is sent as is, on every
      // response; only several are matched, echoed and varied on.
      '    // Exact origins. One is sent as is; with several, the matching one is echoed with `Vary: Origin`.',
      `    'allowed_origins' => [${sq(ctx.origin)}],`,
      "    'allowed_origins_patterns' => [],",
      `    'allowed_headers' => [${sqList(ctx.headers)}],`,
      `    'exposed_headers' => [${sqList(ctx.exposeHeaders)}],`,
      '    // Seconds the browser reuses the preflight (Chromium caps it at 7200).',
      `    'max_age' => ${ctx.preflight ? ctx.maxAge : 0},`,
      `    'supports_credentials' => ${ctx.credentials ? 'true' : 'false'},`,
      '];',
      '',
    ].join('\n');
    return {
      title: 'config/cors.php with the exact origin and a matching path',
      snippet,
      where: '`config/cors.php` (Laravel 11+ no longer ships it: create it with `php artisan config:publish cors`); HandleCors stays in the global middleware.',
      pitfall: pitfall(ctx),
      notes: [
        'Requires Laravel ≥ 9.2, whose framework has HandleCors (`\\Illuminate\\Http\\Middleware\\HandleCors`, global in app/Http/Kernel.php up to Laravel 10, built in from 11). Laravel 7 to 9.1 read the same config/cors.php through fruitcake/laravel-cors (`\\Fruitcake\\Cors\\HandleCors` in Kernel.php).',
      ],
    };
  },
};

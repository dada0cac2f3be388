// Gin with github.com/gin-contrib/cors. Run for real (test/e2e/fixes-go.test.ts): built offline
// with Debian's Go 1.19, gin 1.8.1 and gin-contrib/cors 1.4.0, in front of a CORS-unaware handler
// (OPTIONS 405, a 500 page), for the six journey cases; every lab scenario's fix compiles.
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { dq, dqList } from './literals';
import { genericPitfall } from './pitfall';

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'preflight-redirect':
      return "Gin's RedirectTrailingSlash answers `" + ctx.path + '` with 301/307 when only the other spelling is routed, before any middleware; call the routed URL (or set `r.RedirectTrailingSlash = false`).';
    case 'preflight-auth':
      return '`r.Use(authMiddleware)` comes before `r.Use(cors.New(...))`: Gin runs middleware in order, so OPTIONS hits auth first.';
    case 'preflight-no-route':
    case 'missing-origin':
      return 'cors.New is attached to a route group (`api.Use(...)`) rather than the engine: Gin only runs group middleware for routes that exist, and there is no OPTIONS route, so the preflight gets 404. Attach it with `r.Use`.';
    case 'origin-mismatch':
      return 'gin-contrib/cors answers 403 with no CORS headers for an origin not in AllowOrigins; the entry must be exactly scheme://host[:port].';
    default:
      return genericPitfall(ctx);
  }
}

export const goGin: StackModule = {
  id: 'go-gin',
  name: 'Go Gin (gin-contrib/cors)',
  language: 'go',
  build(ctx) {
    const cfg = [
      '\t\t// Exact origins; a match is echoed with `Vary: Origin`.',
      `\t\tAllowOrigins: []string{${dq(ctx.origin)}},`,
      `\t\tAllowMethods: []string{${dqList(ctx.methods)}},`,
    ];
    if (ctx.headers.length > 0) cfg.push(`\t\tAllowHeaders: []string{${dqList(ctx.headers)}},`);
    if (ctx.credentials) cfg.push('\t\tAllowCredentials: true,');
    if (ctx.exposeHeaders.length > 0) cfg.push(`\t\tExposeHeaders: []string{${dqList(ctx.exposeHeaders)}},`);
    if (ctx.preflight) cfg.push(`\t\tMaxAge: ${ctx.maxAge} * time.Second,`);
    const snippet = [
      'package main',
      '',
      'import (',
      ...(ctx.preflight ? ['\t"time"', ''] : []),
      '\t"github.com/gin-contrib/cors"',
      '\t"github.com/gin-gonic/gin"',
      ')',
      '',
      'func main() {',
      '\tr := gin.Default()',
      '\t// On the engine, before auth and routes: it answers preflights with 204 itself.',
      '\tr.Use(cors.New(cors.Config{',
      ...cfg,
      '\t}))',
      '\t// … your routes …',
      '\t_ = r.Run(":8080")',
      '}',
      '',
    ].join('\n');
    return {
      title: 'r.Use(cors.New(...)) on the engine before auth and routes',
      snippet,
      where: 'Where the Gin engine is created (main.go): `r.Use(cors.New(...))` before any auth middleware, route group or route.',
      pitfall: pitfall(ctx),
      notes: [
        'Requires github.com/gin-contrib/cors 1.x with gin 1.x (run with gin-contrib/cors 1.4.0 and gin 1.8.1). The Config fields used are the same in current releases. An origin not in AllowOrigins gets 403 with no CORS headers.',
      ],
    };
  },
};

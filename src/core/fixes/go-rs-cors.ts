// Go net/http with github.com/rs/cors. Run for real (test/e2e/fixes-go.test.ts): built offline
// with Debian's Go 1.19 and rs/cors 1.7.0, in front of a CORS-unaware handler (OPTIONS 405, a
// 500 page), for the six journey cases; every lab scenario's fix compiles.
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { dq, dqList } from './literals';
import { genericPitfall } from './pitfall';

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'missing-origin':
    case 'method-not-allowed':
    case 'header-not-allowed':
      return 'rs/cors rejects a preflight it does not allow by answering 204 with `Vary: Origin, Access-Control-Request-Method, …` and no CORS headers. Its defaults allow only GET, POST and HEAD and the headers Accept, Content-Type and X-Requested-With.';
    case 'preflight-auth':
      return 'The auth middleware wraps the handler outside rs/cors (`auth(c.Handler(mux))`), so OPTIONS reaches auth first; wrap the outermost handler with `c.Handler`.';
    case 'wildcard-credentials':
      return '`AllowedOrigins: []string{"*"}` with `AllowCredentials: true` is ignored by rs/cors for safety; list the origins.';
    default:
      return genericPitfall(ctx);
  }
}

export const goRsCors: StackModule = {
  id: 'go-rs-cors',
  name: 'Go net/http (rs/cors)',
  language: 'go',
  build(ctx) {
    const opts = [
      '\t\t// Exact origins; a match is echoed with `Vary: Origin`.',
      `\t\tAllowedOrigins: []string{${dq(ctx.origin)}},`,
      '\t\t// The default is GET, POST and HEAD only.',
      `\t\tAllowedMethods: []string{${dqList(ctx.methods)}},`,
    ];
    if (ctx.headers.length > 0) opts.push(`\t\tAllowedHeaders: []string{${dqList(ctx.headers)}},`);
    if (ctx.credentials) opts.push('\t\tAllowCredentials: true,');
    if (ctx.exposeHeaders.length > 0) opts.push(`\t\tExposedHeaders: []string{${dqList(ctx.exposeHeaders)}},`);
    if (ctx.preflight) opts.push(`\t\tMaxAge: ${ctx.maxAge},`);
    const snippet = [
      'package main',
      '',
      'import (',
      '\t"log"',
      '\t"net/http"',
      '',
      '\t"github.com/rs/cors"',
      ')',
      '',
      'func main() {',
      '\tmux := http.NewServeMux()',
      '\t// … your routes …',
      '',
      '\tc := cors.New(cors.Options{',
      ...opts,
      '\t})',
      '\t// Outermost wrapper, outside any auth middleware: it answers preflights itself.',
      '\tlog.Fatal(http.ListenAndServe(":8080", c.Handler(mux)))',
      '}',
      '',
    ].join('\n');
    return {
      title: 'cors.New(...) as the outermost handler',
      snippet,
      where: 'Where the server is started (main.go): wrap the outermost handler, outside auth and logging middleware, with `c.Handler`.',
      pitfall: pitfall(ctx),
      notes: [
        'Requires github.com/rs/cors 1.x (run with 1.7.0, which answers an allowed preflight with 200). The options used are unchanged in later 1.x releases; those also have `OptionsSuccessStatus` to choose the preflight status.',
      ],
    };
  },
};

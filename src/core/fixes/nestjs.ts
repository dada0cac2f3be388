// NestJS: app.enableCors() wraps the `cors` package (Express adapter) or @fastify/cors.
// Run for real in NestJS 12 with the Express adapter (test/e2e/fixes-nestjs.test.ts).
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { corsPackageOptions } from './express';
import { genericPitfall } from './pitfall';

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'preflight-auth':
      return 'A global middleware added with `app.use(...)` (passport, express-session checks) before `enableCors()` answers the credential-less OPTIONS with 401; call `enableCors()` right after `NestFactory.create`. Guards do not run for preflights that cors ends.';
    case 'preflight-no-route':
    case 'missing-origin':
      return '`enableCors()` is not called (or `cors: true` is missing from NestFactory.create), so Nest answers OPTIONS with 404 `Cannot OPTIONS /path`.';
    case 'method-not-allowed':
      return `With the Fastify adapter, enableCors() uses @fastify/cors, whose v11 default methods are GET, HEAD and POST: ${ctx.method} must be listed.`;
    case 'error-response':
      return 'An exception filter that builds a fresh response (or a proxy error page) drops the CORS headers; with enableCors() before everything, Nest error responses keep them.';
    default:
      return genericPitfall(ctx);
  }
}

export const nestjs: StackModule = {
  id: 'nestjs',
  name: 'NestJS (enableCors)',
  language: 'ts',
  build(ctx) {
    const snippet = [
      "import { NestFactory } from '@nestjs/core';",
      "import { AppModule } from './app.module';",
      '',
      'async function bootstrap(): Promise<void> {',
      '  const app = await NestFactory.create(AppModule);',
      '  // Before any app.use(...) and before listen(): cors answers the preflight with 204',
      '  // before auth middleware or a guard can reject it.',
      '  app.enableCors({',
      corsPackageOptions(ctx, '    '),
      '  });',
      '  await app.listen(process.env.PORT ?? 3000);',
      '}',
      'void bootstrap();',
      '',
    ].join('\n');
    return {
      title: 'app.enableCors() with an allow-list in main.ts',
      snippet,
      where: '`src/main.ts`: `app.enableCors(...)` right after `NestFactory.create`, before any `app.use(...)`.',
      pitfall: pitfall(ctx),
      notes: [
        'Requires NestJS ≥ 4.6.5, where enableCors() first took options (run in NestJS 12.6.3 with @nestjs/platform-express: Express 5.3 and cors 2.8.6). With the Express adapter the options are the `cors` package\'s; the Fastify adapter passes them to @fastify/cors, which reads the same names (not run here).',
      ],
    };
  },
};

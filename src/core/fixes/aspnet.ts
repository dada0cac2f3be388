// ASP.NET Core CORS middleware (minimal hosting, .NET 6+; the API of the current .NET 10 docs).
// Compiled by Mono's C# compiler against ASP.NET Core 10 signatures in test/core/fixes-strict-php-jvm.test.ts.
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { dq, dqList } from './literals';
import { genericPitfall } from './pitfall';

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'preflight-auth':
    case 'preflight-no-route':
    case 'missing-origin':
      return '`app.UseCors()` is placed after `UseAuthentication`/`UseAuthorization` (or missing): the middleware order must be UseRouting, UseCors, UseAuthentication, UseAuthorization, so the preflight is answered before auth.';
    case 'preflight-redirect':
      return '`app.UseHttpsRedirection()` answers the http preflight with 307; call the https URL from the page.';
    case 'wildcard-credentials':
      return '`AllowAnyOrigin()` with `AllowCredentials()` throws at startup in ASP.NET Core; `SetIsOriginAllowed(_ => true)` reflects every site with credentials. Use WithOrigins.';
    case 'error-response':
      return 'The developer exception page or UseExceptionHandler runs outside UseCors and clears the response headers; put UseCors before the endpoints and let the exception handler re-execute through it.';
    default:
      return genericPitfall(ctx);
  }
}

export const aspnet: StackModule = {
  id: 'aspnet',
  name: 'ASP.NET Core (UseCors)',
  language: 'csharp',
  build(ctx) {
    const policy = [`        .WithOrigins(${dq(ctx.origin)})`, `        .WithMethods(${dqList(ctx.methods)})`];
    if (ctx.headers.length > 0) policy.push(`        .WithHeaders(${dqList(ctx.headers)})`);
    if (ctx.credentials) policy.push('        .AllowCredentials()');
    if (ctx.exposeHeaders.length > 0) policy.push(`        .WithExposedHeaders(${dqList(ctx.exposeHeaders)})`);
    if (ctx.preflight) policy.push(`        .SetPreflightMaxAge(TimeSpan.FromSeconds(${ctx.maxAge}))`);
    const last = policy.length - 1;
    policy[last] = `${policy[last]}));`;
    const snippet = [
      'var builder = WebApplication.CreateBuilder(args);',
      // MapControllers needs AddControllers and UseAuthentication needs AddAuthentication, or the
      // app throws at startup / first request: the user's own registrations stay, marked as theirs.
      '// … your services (AddControllers, AddAuthentication …), as before.',
      '',
      'const string FrontendCors = "Frontend";',
      // CorsService.PopulateResult: VaryByOrigin = Origins.Count > 1, so one origin gets no Vary.
      '// Exact origins: WithOrigins echoes a listed Origin (`Vary: Origin` is added once more than one is listed).',
      'builder.Services.AddCors(options =>',
      '    options.AddPolicy(FrontendCors, policy => policy',
      ...policy,
      '',
      'var app = builder.Build();',
      '',
      'app.UseRouting();',
      '// Between UseRouting and UseAuthorization: the preflight is answered before auth runs.',
      'app.UseCors(FrontendCors);',
      'app.UseAuthentication();',
      'app.UseAuthorization();',
      '',
      'app.MapControllers();',
      'app.Run();',
      '',
    ].join('\n');
    return {
      title: 'AddCors policy with exact origins; UseCors between UseRouting and UseAuthorization',
      snippet,
      where: '`Program.cs`: the AddCors call with the other service registrations; `app.UseCors(...)` after `UseRouting()` and before `UseAuthentication()`/`UseAuthorization()`.',
      pitfall: pitfall(ctx),
      notes: [
        'Requires ASP.NET Core ≥ 6 for this Program.cs (WebApplication.CreateBuilder, top-level statements); the CORS calls themselves are the same since 3.0 and in 10, the current release. On 3.x/5 put AddCors in Startup.ConfigureServices and UseCors in Startup.Configure, in the same order.',
      ],
    };
  },
};

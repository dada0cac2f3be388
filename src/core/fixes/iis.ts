// IIS 10 with the IIS CORS Module (system.webServer/cors).
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { genericPitfall } from './pitfall';

function xmlAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'preflight-auth':
      return 'Windows Authentication answers the anonymous preflight with 401 before the app runs; the IIS CORS Module answers preflights before authentication, which `customHeaders` in web.config cannot do.';
    case 'multiple-origins':
      return 'web.config `<customHeaders>` adds Access-Control-Allow-Origin and the app (ASP.NET Core UseCors) adds it too; remove the customHeaders entry.';
    case 'preflight-no-route':
    case 'missing-origin':
      return "The OPTIONSVerbHandler or WebDAV module answers (or rejects) OPTIONS without CORS headers; the CORS Module's `<cors>` handles it first.";
    default:
      return genericPitfall(ctx);
  }
}

export const iis: StackModule = {
  id: 'iis',
  name: 'IIS (CORS Module)',
  language: 'xml',
  build(ctx) {
    const attrs = [`origin="${xmlAttr(ctx.origin)}"`];
    if (ctx.credentials) attrs.push('allowCredentials="true"');
    if (ctx.preflight) attrs.push(`maxAge="${ctx.maxAge}"`);
    const lines = [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<configuration>',
      '  <system.webServer>',
      '    <!-- The CORS Module answers preflights before authentication runs; failUnlistedOrigins',
      '         answers a CORS request from any other origin with 403. -->',
      '    <cors enabled="true" failUnlistedOrigins="true">',
      `      <add ${attrs.join(' ')}>`,
      '        <allowMethods>',
      ...ctx.methods.map((m) => `          <add method="${xmlAttr(m)}" />`),
      '        </allowMethods>',
    ];
    if (ctx.headers.length > 0) lines.push('        <allowHeaders allowAllRequestedHeaders="false">', ...ctx.headers.map((h) => `          <add header="${xmlAttr(h)}" />`), '        </allowHeaders>');
    if (ctx.exposeHeaders.length > 0) lines.push('        <exposeHeaders>', ...ctx.exposeHeaders.map((h) => `          <add header="${xmlAttr(h)}" />`), '        </exposeHeaders>');
    lines.push('      </add>', '    </cors>', '  </system.webServer>', '</configuration>', '');
    return {
      title: 'IIS CORS Module rule for the exact origin',
      snippet: lines.join('\n'),
      where: "The site's web.config, inside <system.webServer> (install the IIS CORS Module first; without it IIS answers 500.19 for the <cors> element).",
      pitfall: pitfall(ctx),
      notes: [
        'Requires the IIS CORS Module 1.0 on IIS 10 or later (Windows Server 2016+; a separate install). Not run here: checked against the module\'s published configuration schema only.',
      ],
    };
  },
};

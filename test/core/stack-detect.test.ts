import { describe, expect, it } from 'vitest';
import type { Exchange, HeaderList } from '../../src/core/exchange';
import { diagnose } from '../../src/core/diagnose';
import { fixesFor } from '../../src/core/fixes/index';
import type { StackId } from '../../src/core/stack-ids';
import { detectStack, type StackLayer } from '../../src/core/stack-detect';

const U = 'https://api.example.com/v1/items';
const O = 'https://app.example.com';

function withPreflight(status: number, headers: HeaderList, body?: string): Exchange {
  return { request: { url: U, method: 'PUT', origin: O, error: 'net::ERR_FAILED' }, preflight: { kind: 'observed', status, headers, ...(body !== undefined ? { body } : {}) } };
}
function withResponse(status: number, headers: HeaderList, body?: string): Exchange {
  return { request: { url: U, method: 'GET', origin: O, error: 'net::ERR_FAILED' }, response: { status, headers, ...(body !== undefined ? { body } : {}) } };
}

interface Case {
  name: string;
  source: string;
  exchange: Exchange;
  top: StackId;
  layer: StackLayer;
  evidence: RegExp;
}

describe('detectStack: header and body fingerprints', () => {
  it.each<Case>([
    { name: 'Server: nginx', source: 'nginx ngx_http_header_filter_module', exchange: withPreflight(405, [['Server', 'nginx/1.26.3']]), top: 'nginx', layer: 'proxy', evidence: /`Server: nginx\/1\.26\.3` on the preflight response/ },
    { name: 'Server: openresty', source: 'OpenResty default Server header', exchange: withResponse(200, [['Server', 'openresty']]), top: 'nginx', layer: 'proxy', evidence: /openresty/ },
    { name: 'Server: Apache', source: 'Apache ServerTokens', exchange: withResponse(200, [['Server', 'Apache/2.4.62 (Debian)']]), top: 'apache', layer: 'proxy', evidence: /Server: Apache/ },
    { name: 'Server: Caddy', source: 'Caddy default Server header', exchange: withResponse(200, [['Server', 'Caddy']]), top: 'caddy', layer: 'proxy', evidence: /Caddy/ },
    { name: 'Server: Kestrel', source: 'ASP.NET Core Kestrel', exchange: withResponse(200, [['Server', 'Kestrel']]), top: 'aspnet', layer: 'app', evidence: /Kestrel/ },
    { name: 'Server: Microsoft-IIS', source: 'IIS default Server header', exchange: withResponse(200, [['Server', 'Microsoft-IIS/10.0']]), top: 'iis', layer: 'proxy', evidence: /Microsoft-IIS/ },
    { name: 'X-Powered-By: Express', source: 'Express app.enabled("x-powered-by")', exchange: withResponse(200, [['X-Powered-By', 'Express']]), top: 'express', layer: 'app', evidence: /`X-Powered-By: Express` on the response/ },
    { name: 'Express "Cannot OPTIONS" 404 body', source: 'Express finalhandler', exchange: withPreflight(404, [['Content-Type', 'text/html']], '<pre>Cannot OPTIONS /v1/items</pre>'), top: 'express', layer: 'app', evidence: /404 body/ },
    { name: 'NestJS JSON 404 body', source: 'NestJS NotFoundException for an unrouted path', exchange: withPreflight(404, [['X-Powered-By', 'Express']], '{"message":"Cannot OPTIONS /v1/items","error":"Not Found","statusCode":404}'), top: 'nestjs', layer: 'app', evidence: /Cannot OPTIONS/ },
    { name: 'Fastify route-not-found body', source: 'Fastify default 404 handler', exchange: withPreflight(404, [], '{"message":"Route OPTIONS:/v1/items not found","error":"Not Found","statusCode":404}'), top: 'fastify', layer: 'app', evidence: /Route OPTIONS/ },
    { name: 'X-Powered-By: Next.js', source: 'Next.js poweredByHeader', exchange: withResponse(200, [['X-Powered-By', 'Next.js']]), top: 'nextjs', layer: 'app', evidence: /Next\.js/ },
    { name: 'Server: uvicorn', source: 'uvicorn server_header', exchange: withResponse(200, [['server', 'uvicorn']]), top: 'fastapi', layer: 'app', evidence: /uvicorn/ },
    { name: 'Starlette "Disallowed CORS origin" 400', source: 'starlette/middleware/cors.py preflight_response', exchange: withPreflight(400, [['server', 'uvicorn']], 'Disallowed CORS origin'), top: 'fastapi', layer: 'app', evidence: /Disallowed CORS origin/ },
    { name: 'Server: Werkzeug', source: 'Werkzeug dev server', exchange: withResponse(200, [['Server', 'Werkzeug/3.1.3 Python/3.12.3']]), top: 'flask', layer: 'app', evidence: /Werkzeug/ },
    { name: 'gunicorn + csrftoken cookie', source: 'Django CsrfViewMiddleware cookie', exchange: withResponse(200, [['Server', 'gunicorn'], ['Set-Cookie', 'csrftoken=abc; Path=/']]), top: 'django', layer: 'app', evidence: /Set-Cookie: csrftoken=…/ },
    { name: 'Spring "Invalid CORS request" 403', source: 'Spring DefaultCorsProcessor.rejectRequest', exchange: withPreflight(403, [['Vary', 'Origin']], 'Invalid CORS request'), top: 'spring', layer: 'app', evidence: /Invalid CORS request/ },
    { name: 'JSESSIONID cookie', source: 'Servlet container session cookie', exchange: withResponse(200, [['Set-Cookie', 'JSESSIONID=1; Path=/; HttpOnly']]), top: 'spring', layer: 'app', evidence: /JSESSIONID/ },
    { name: 'X-Runtime', source: 'Rack::Runtime', exchange: withResponse(200, [['X-Runtime', '0.012345'], ['X-Request-Id', 'x']]), top: 'rails', layer: 'app', evidence: /X-Runtime/ },
    { name: 'laravel_session cookie', source: 'Laravel StartSession', exchange: withResponse(200, [['X-Powered-By', 'PHP/8.3.1'], ['Set-Cookie', 'laravel_session=x; path=/']]), top: 'laravel', layer: 'app', evidence: /laravel_session/ },
    { name: 'rs/cors rejection Vary', source: 'rs/cors handlePreflight', exchange: withPreflight(204, [['Vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers']]), top: 'go-rs-cors', layer: 'app', evidence: /Vary/ },
    { name: 'x-amz-apigw-id', source: 'API Gateway REST response headers', exchange: withPreflight(403, [['x-amz-apigw-id', 'abc='], ['x-amzn-ErrorType', 'MissingAuthenticationTokenException']]), top: 'aws-apigw-rest', layer: 'proxy', evidence: /x-amz-apigw-id/ },
    { name: 'apigw-requestid', source: 'API Gateway HTTP API response headers', exchange: withResponse(200, [['apigw-requestid', 'abc']]), top: 'aws-apigw-http', layer: 'proxy', evidence: /apigw-requestid/ },
    { name: 'Server: AmazonS3', source: 'S3 REST responses', exchange: withPreflight(403, [['Server', 'AmazonS3'], ['x-amz-request-id', '1']], '<Error><Code>AccessForbidden</Code><Message>CORSResponse: This CORS request is not allowed.</Message></Error>'), top: 'aws-s3', layer: 'app', evidence: /AmazonS3/ },
    { name: 'x-goog-* headers', source: 'Cloud Storage XML API', exchange: withResponse(200, [['x-goog-generation', '1'], ['x-goog-storage-class', 'STANDARD'], ['Server', 'UploadServer']]), top: 'gcs', layer: 'app', evidence: /x-goog-generation/ },
    { name: 'cf-ray', source: 'Cloudflare edge', exchange: withResponse(200, [['cf-ray', '8abc-AMS'], ['Server', 'cloudflare']]), top: 'cloudflare-workers', layer: 'cdn', evidence: /cf-ray/ },
    { name: 'x-vercel-id', source: 'Vercel edge', exchange: withResponse(200, [['x-vercel-id', 'fra1::abc'], ['Server', 'Vercel']]), top: 'vercel', layer: 'cdn', evidence: /x-vercel-id/ },
    { name: 'x-nf-request-id', source: 'Netlify edge', exchange: withResponse(200, [['x-nf-request-id', '01H'], ['Server', 'Netlify']]), top: 'netlify', layer: 'cdn', evidence: /x-nf-request-id/ },
    { name: 'Via: CloudFront', source: 'CloudFront response headers', exchange: withResponse(200, [['Via', '1.1 abc.cloudfront.net (CloudFront)'], ['X-Amz-Cf-Id', 'x']]), top: 'aws-cloudfront', layer: 'cdn', evidence: /CloudFront/ },
  ])('$name -> $top ($source)', ({ exchange, top, layer, evidence }) => {
    const guesses = detectStack(exchange);
    expect(guesses[0]?.stack).toBe(top);
    expect(guesses[0]?.layer).toBe(layer);
    expect(guesses[0]?.evidence.join('\n')).toMatch(evidence);
    expect(guesses[0]!.confidence).toBeGreaterThan(0);
    expect(guesses[0]!.confidence).toBeLessThanOrEqual(1);
    // The detected stack's fix comes first.
    expect(fixesFor(diagnose(exchange), exchange)[0]?.stack).toBe(top);
  });

  it('nothing recognisable -> no guesses; fixes keep the default order', () => {
    const ex = withResponse(200, [['Content-Type', 'application/json']]);
    expect(detectStack(ex)).toEqual([]);
    expect(fixesFor(diagnose(ex), ex)[0]?.stack).toBe('express');
  });

  it('a chain: CloudFront in front of nginx in front of Express, two ACAO lines -> every layer named, duplicate warned', () => {
    const ex = withResponse(200, [
      ['Server', 'nginx'],
      ['X-Powered-By', 'Express'],
      ['Via', '1.1 abc.cloudfront.net (CloudFront)'],
      ['Access-Control-Allow-Origin', O],
      ['Access-Control-Allow-Origin', O],
    ]);
    const guesses = detectStack(ex);
    expect(guesses.map((g) => g.stack).sort()).toEqual(['aws-cloudfront', 'express', 'nginx']);
    expect(new Set(guesses.map((g) => g.layer))).toEqual(new Set(['cdn', 'proxy', 'app']));
    const fixes = fixesFor(diagnose(ex), ex);
    expect(fixes.slice(0, 3).map((f) => f.stack).sort()).toEqual(['aws-cloudfront', 'express', 'nginx']);
    expect(fixes[0]!.notes?.join(' ')).toMatch(/exactly one of them/);
  });

  it('two independent hints add up (1 - Π(1 - p))', () => {
    const one = detectStack(withResponse(200, [['X-Runtime', '0.1']]))[0]!.confidence;
    const two = detectStack(withResponse(200, [['X-Runtime', '0.1'], ['Set-Cookie', '_app_session=1']]))[0]!.confidence;
    expect(two).toBeGreaterThan(one);
  });

  it('never throws on junk', () => {
    for (const junk of [{}, { preflight: { kind: 'observed', headers: 'x' } }, { response: { headers: [[1, 2], null] } }, null]) {
      expect(() => detectStack(junk as unknown as Exchange)).not.toThrow();
    }
  });
});

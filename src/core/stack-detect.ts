// Which server stack answered: fingerprints in the preflight and actual responses (Server,
// X-Powered-By, vendor request-id headers, cookies, and the bodies frameworks send when they
// reject a preflight). Several layers can answer one request (CDN -> proxy -> app), so every
// guess carries its layer and the evidence it rests on.
import type { Exchange, HeaderList } from './exchange';
import { coerceHeaderList, headerValues, lowerAscii } from './headers';
import { get } from './read';
import type { StackId } from './stack-ids';

export type StackLayer = 'cdn' | 'proxy' | 'app';

export interface StackGuess {
  stack: StackId;
  /** 0..1: how sure the evidence makes us. */
  confidence: number;
  /** Human-readable, e.g. "`Server: nginx` on the preflight response". */
  evidence: string[];
  layer?: StackLayer;
}

type Where = 'the preflight response' | 'the response';

interface Fingerprint {
  stack: StackId;
  layer: StackLayer;
  confidence: number;
  /** Header whose value is tested (lower-case); absent for body fingerprints. */
  header?: string;
  /** Tested against the header value (or the body); undefined = the header's presence is enough. */
  match?: RegExp;
  body?: RegExp;
  /** Only on this status (body fingerprints). */
  status?: number;
}

// Confidence reflects how specific the fingerprint is: a framework's own rejection body or a
// vendor-only header is near-certain; a generic server such as gunicorn only narrows it down.
const FINGERPRINTS: Fingerprint[] = [
  // --- CDNs and hosting edges ---
  { stack: 'cloudflare-workers', layer: 'cdn', confidence: 0.7, header: 'cf-ray' },
  { stack: 'cloudflare-workers', layer: 'cdn', confidence: 0.7, header: 'server', match: /^cloudflare/i },
  { stack: 'aws-cloudfront', layer: 'cdn', confidence: 0.9, header: 'x-amz-cf-id' },
  { stack: 'aws-cloudfront', layer: 'cdn', confidence: 0.85, header: 'via', match: /cloudfront/i },
  { stack: 'aws-cloudfront', layer: 'cdn', confidence: 0.8, header: 'x-cache', match: /cloudfront/i },
  { stack: 'vercel', layer: 'cdn', confidence: 0.9, header: 'x-vercel-id' },
  { stack: 'vercel', layer: 'cdn', confidence: 0.85, header: 'server', match: /^vercel/i },
  { stack: 'netlify', layer: 'cdn', confidence: 0.9, header: 'x-nf-request-id' },
  { stack: 'netlify', layer: 'cdn', confidence: 0.85, header: 'server', match: /^netlify/i },
  // --- gateways, storage ---
  { stack: 'aws-apigw-rest', layer: 'proxy', confidence: 0.9, header: 'x-amz-apigw-id' },
  { stack: 'aws-apigw-rest', layer: 'proxy', confidence: 0.6, header: 'x-amzn-errortype' },
  { stack: 'aws-apigw-http', layer: 'proxy', confidence: 0.9, header: 'apigw-requestid' },
  { stack: 'aws-s3', layer: 'app', confidence: 0.95, header: 'server', match: /^AmazonS3/i },
  { stack: 'aws-s3', layer: 'app', confidence: 0.6, header: 'x-amz-request-id' },
  { stack: 'aws-s3', layer: 'app', confidence: 0.9, body: /<Code>AccessForbidden<\/Code>[\s\S]*CORSResponse|CORSResponse: This CORS request is not allowed/i },
  { stack: 'gcs', layer: 'app', confidence: 0.9, header: 'x-goog-generation' },
  { stack: 'gcs', layer: 'app', confidence: 0.8, header: 'x-guploader-uploadid' },
  { stack: 'gcs', layer: 'app', confidence: 0.85, header: 'server', match: /^UploadServer/i },
  { stack: 'gcs', layer: 'app', confidence: 0.7, header: 'x-goog-storage-class' },
  // --- web servers and proxies ---
  { stack: 'nginx', layer: 'proxy', confidence: 0.8, header: 'server', match: /^(nginx|openresty)/i },
  { stack: 'apache', layer: 'proxy', confidence: 0.8, header: 'server', match: /^Apache(\/|$| )/i },
  { stack: 'caddy', layer: 'proxy', confidence: 0.85, header: 'server', match: /^Caddy/i },
  { stack: 'iis', layer: 'proxy', confidence: 0.8, header: 'server', match: /^Microsoft-IIS/i },
  // --- application frameworks ---
  { stack: 'express', layer: 'app', confidence: 0.85, header: 'x-powered-by', match: /^Express$/i },
  // Express's finalhandler HTML page, not NestJS's JSON with the same words.
  { stack: 'express', layer: 'app', confidence: 0.9, body: /^(?!\{)[\s\S]*Cannot OPTIONS \//, status: 404 },
  // NestJS answers with Express underneath but its own JSON 404 body.
  { stack: 'nestjs', layer: 'app', confidence: 0.9, body: /"message"\s*:\s*"Cannot OPTIONS \/[^"]*"\s*,\s*"error"\s*:\s*"Not Found"/ },
  { stack: 'fastify', layer: 'app', confidence: 0.95, body: /"message"\s*:\s*"Route OPTIONS:\/[^"]*not found"/ },
  { stack: 'nextjs', layer: 'app', confidence: 0.95, header: 'x-powered-by', match: /^Next\.js/i },
  { stack: 'nextjs', layer: 'app', confidence: 0.8, header: 'x-nextjs-cache' },
  { stack: 'nextjs', layer: 'app', confidence: 0.8, header: 'x-nextjs-prerender' },
  { stack: 'nextjs', layer: 'app', confidence: 0.6, header: 'vary', match: /\bRSC\b.*Next-Router-State-Tree/i },
  { stack: 'fastapi', layer: 'app', confidence: 0.8, header: 'server', match: /^(uvicorn|hypercorn)/i },
  { stack: 'fastapi', layer: 'app', confidence: 0.95, body: /^Disallowed CORS (origin|method|headers)/, status: 400 },
  { stack: 'fastapi', layer: 'app', confidence: 0.6, body: /^\{"detail":"Method Not Allowed"\}$/, status: 405 },
  { stack: 'flask', layer: 'app', confidence: 0.85, header: 'server', match: /^Werkzeug/i },
  { stack: 'django', layer: 'app', confidence: 0.45, header: 'server', match: /^gunicorn/i },
  { stack: 'flask', layer: 'app', confidence: 0.35, header: 'server', match: /^gunicorn/i },
  { stack: 'django', layer: 'app', confidence: 0.75, header: 'server', match: /^WSGIServer\/[\d.]+ CPython/i },
  { stack: 'django', layer: 'app', confidence: 0.7, header: 'set-cookie', match: /(^|[\s,])csrftoken=/ },
  { stack: 'spring', layer: 'app', confidence: 0.95, body: /^Invalid CORS request$/, status: 403 },
  { stack: 'spring', layer: 'app', confidence: 0.6, header: 'set-cookie', match: /(^|[\s,])JSESSIONID=/ },
  { stack: 'spring', layer: 'app', confidence: 0.7, header: 'x-application-context' },
  { stack: 'spring', layer: 'app', confidence: 0.5, header: 'server', match: /^(Apache-Coyote|Jetty)/i },
  { stack: 'aspnet', layer: 'app', confidence: 0.9, header: 'server', match: /^Kestrel/i },
  { stack: 'aspnet', layer: 'app', confidence: 0.6, header: 'x-powered-by', match: /^ASP\.NET/i },
  { stack: 'aspnet', layer: 'app', confidence: 0.7, header: 'x-aspnet-version' },
  { stack: 'rails', layer: 'app', confidence: 0.7, header: 'x-runtime', match: /^\d+(\.\d+)?$/ },
  { stack: 'rails', layer: 'app', confidence: 0.6, header: 'set-cookie', match: /(^|[\s,])_[a-z0-9_]+_session=/ },
  { stack: 'laravel', layer: 'app', confidence: 0.9, header: 'set-cookie', match: /(^|[\s,])laravel_session=/ },
  { stack: 'laravel', layer: 'app', confidence: 0.4, header: 'x-powered-by', match: /^PHP/i },
  // rs/cors rejects a preflight with 204/200, `Vary: Origin, Access-Control-Request-Method,
  // Access-Control-Request-Headers` and no CORS headers (cors.go handlePreflight).
  { stack: 'go-rs-cors', layer: 'app', confidence: 0.75, header: 'vary', match: /Origin,\s*Access-Control-Request-Method,\s*Access-Control-Request-Headers/i },
  { stack: 'go-gin', layer: 'app', confidence: 0.4, body: /^404 page not found$/, status: 404 },
  { stack: 'go-rs-cors', layer: 'app', confidence: 0.3, body: /^404 page not found$/, status: 404 },
  { stack: 'hono', layer: 'app', confidence: 0.4, body: /^404 Not Found$/, status: 404 },
  { stack: 'koa', layer: 'app', confidence: 0.3, body: /^(Not Found|Method Not Allowed)$/ },
];

const LAYER_ORDER: Record<StackLayer, number> = { app: 0, proxy: 1, cdn: 2 };

interface Observed {
  where: Where;
  status: number;
  headers: HeaderList;
  body?: string;
}

function observed(exchange: Exchange): Observed[] {
  const out: Observed[] = [];
  try {
    const pf = get(exchange, 'preflight');
    if (get(pf, 'kind') === 'observed') {
      const body = get(pf, 'body');
      out.push({
        where: 'the preflight response',
        status: typeof get(pf, 'status') === 'number' ? (get(pf, 'status') as number) : 0,
        headers: coerceHeaderList(get(pf, 'headers')),
        ...(typeof body === 'string' ? { body } : {}),
      });
    }
    const rs = get(exchange, 'response');
    if (rs !== null && typeof rs === 'object') {
      const body = get(rs, 'body');
      out.push({
        where: 'the response',
        status: typeof get(rs, 'status') === 'number' ? (get(rs, 'status') as number) : 0,
        headers: coerceHeaderList(get(rs, 'headers')),
        ...(typeof body === 'string' ? { body } : {}),
      });
    }
  } catch {
    // A hostile exchange (throwing getters) yields what was read so far.
  }
  return out;
}

function shown(value: string): string {
  const clean = value.replace(/[\u0000-\u001f\u007f`]/g, ' ');
  return clean.length > 60 ? `${clean.slice(0, 57)}…` : clean;
}

/** Ranked guesses, most likely first; [] when nothing is recognised. */
export function detectStack(exchange: Exchange): StackGuess[] {
  const byStack = new Map<StackId, { confidence: number; evidence: string[]; layer: StackLayer }>();
  for (const o of observed(exchange)) {
    for (const fp of FINGERPRINTS) {
      let evidence: string | undefined;
      if (fp.header !== undefined) {
        for (const value of headerValues(o.headers, fp.header)) {
          if (fp.match === undefined || fp.match.test(value.trim())) {
            const name = fp.header === 'set-cookie' ? 'Set-Cookie' : o.headers.find(([n]) => lowerAscii(n) === fp.header)?.[0] ?? fp.header;
            const shownValue = fp.header === 'set-cookie' ? (value.split('=')[0] ?? '') + '=…' : shown(value);
            evidence = `\`${name}: ${shownValue}\` on ${o.where}`;
            break;
          }
        }
      } else if (fp.body !== undefined && o.body !== undefined && (fp.status === undefined || fp.status === o.status)) {
        const body = o.body.trim();
        if (fp.body.test(body)) evidence = `${o.status} body \`${shown(body)}\` on ${o.where}`;
      }
      if (evidence === undefined) continue;
      const cur = byStack.get(fp.stack);
      if (!cur) byStack.set(fp.stack, { confidence: fp.confidence, evidence: [evidence], layer: fp.layer });
      else {
        // Independent pieces of evidence: 1 - Π(1 - p), so two weak hints beat one.
        cur.confidence = 1 - (1 - cur.confidence) * (1 - fp.confidence);
        if (!cur.evidence.includes(evidence)) cur.evidence.push(evidence);
      }
    }
  }
  // Express underneath NestJS also says X-Powered-By: Express; Nest's own body is the stronger sign.
  const nest = byStack.get('nestjs');
  const ex = byStack.get('express');
  if (nest && ex && !ex.evidence.some((e) => e.includes('Cannot OPTIONS'))) ex.confidence = Math.min(ex.confidence, nest.confidence - 0.05);

  const guesses: StackGuess[] = [...byStack.entries()].map(([stack, g]) => ({
    stack,
    confidence: Math.round(Math.min(g.confidence, 0.99) * 100) / 100,
    evidence: g.evidence,
    layer: g.layer,
  }));
  guesses.sort((a, b) => b.confidence - a.confidence || LAYER_ORDER[a.layer ?? 'app'] - LAYER_ORDER[b.layer ?? 'app']);
  return guesses;
}

// The stacks that cannot run here (IIS, API Gateway REST and HTTP, CloudFront, Cloud Storage,
// Netlify), each checked by the strongest tool at hand, over every lab scenario's fix:
// - IIS: web.config validated by xmllint against the IIS CORS Module's configuration schema
//   (test/fixtures/fixes/iis-cors.xsd, transcribed from Microsoft's reference), then read by
//   CPython's XML parser and held to the reference's rules;
// - API Gateway and CloudFront: the CloudFormation JSON validated by Ajv against the resource
//   types' property specifications (test/fixtures/fixes/cloudformation-cors.schema.json, from
//   the CloudFormation registry schemas and User Guide), then held to each service's rules;
// - Cloud Storage: cors.json held exactly to the bucket's `cors[]` resource;
// - Netlify: `_headers` parsed by Netlify's own parser (@netlify/headers-parser, the one Netlify's
//   build uses), and held to Netlify's documented limits.
// Every check also asks whether the config would answer this request: the page origin exactly
// (never `*`, so another origin stays blocked), the method and request headers the preflight
// asks for, credentials where the page sends them. A self-test feeds each check what its
// platform refuses, so a check that stops checking fails too.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllHeaders, type Header } from '@netlify/headers-parser';
import Ajv from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { scenarios } from '../../lab/scenarios';
import { diagnose } from '../../src/core/diagnose';
import type { Exchange } from '../../src/core/exchange';
import { fixesFor, type Fix, type StackId } from '../../src/core/fixes/index';
import { corsUnsafeRequestHeaderNames, normalizeMethod } from '../../src/core/safelist';
import { labExchange } from '../fixtures/fixes/lab-exchange';

const ROOT = resolve(import.meta.dirname, '../..');
const XSD = join(ROOT, 'test/fixtures/fixes/iis-cors.xsd');
const CFN_SCHEMA = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/fixes/cloudformation-cors.schema.json'), 'utf8')) as object;
const TMP = mkdtempSync(join(tmpdir(), 'cors-doctor-strict-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/** What the request needs from the server, read from the exchange (not from the fix builder). */
interface Needs {
  origin: string;
  /** Upper-cased: a lower-case `patch` is fixed in the client, and the config lists `PATCH`. */
  method: string;
  /** The CORS-unsafe request header names the preflight lists (Fetch "CORS-unsafe request-header names"). */
  headers: string[];
  credentials: boolean;
  preflight: boolean;
  path: string;
}

function needsOf(ex: Exchange): Needs {
  const method = normalizeMethod(ex.request.method).toUpperCase();
  const headers = corsUnsafeRequestHeaderNames(ex.request.headers ?? []);
  return {
    origin: ex.request.origin!,
    method,
    headers,
    credentials: ex.request.credentials === 'include',
    preflight: !['GET', 'HEAD', 'POST'].includes(method) || headers.length > 0,
    path: new URL(ex.request.url).pathname,
  };
}

interface Case {
  name: string;
  fix: Fix;
  needs: Needs;
}

const ALL: Case[] = scenarios.flatMap((s) => {
  const ex = labExchange(s);
  return fixesFor(diagnose(ex), ex).map((fix) => ({ name: `${fix.stack} · ${s.id}`, fix, needs: needsOf(ex) }));
});
const of = (stack: StackId): Case[] => ALL.filter((c) => c.fix.stack === stack);
const lower = (s: string) => s.toLowerCase();
const includesCi = (list: readonly string[], name: string) => list.some((x) => lower(x) === lower(name));

/** The rules every platform shares: the exact origin, the method, the headers, credentials. */
function coverage(n: Needs, cfg: { origins: string[]; methods?: string[]; headers?: string[]; credentials: boolean; anyMethod?: string; anyHeader?: string }): string[] {
  const errors: string[] = [];
  if (cfg.origins.length !== 1 || cfg.origins[0] !== n.origin) errors.push(`allowed origins ${JSON.stringify(cfg.origins)}, expected exactly ["${n.origin}"] (a wildcard would let any origin through)`);
  if (cfg.credentials !== n.credentials) errors.push(`credentials allowed: ${cfg.credentials}, the request ${n.credentials ? 'sends' : 'sends no'} credentials`);
  if (n.preflight && cfg.methods) {
    if (!cfg.methods.includes(n.method) && !(cfg.anyMethod !== undefined && cfg.methods.includes(cfg.anyMethod))) errors.push(`${n.method} not in allowed methods ${JSON.stringify(cfg.methods)}`);
  }
  if (n.preflight && cfg.headers) {
    for (const h of n.headers) if (!includesCi(cfg.headers, h) && !(cfg.anyHeader !== undefined && !n.credentials && cfg.headers.includes(cfg.anyHeader))) errors.push(`request header ${h} not in allowed headers ${JSON.stringify(cfg.headers)}`);
  }
  return errors;
}

// --- IIS --------------------------------------------------------------------------------------

interface IisRule {
  attrs: Record<string, string>;
  allowAll: string | null;
  allowHeaders: string[];
  allowMethods: string[];
  exposeHeaders: string[];
}
interface IisDoc {
  cors: Record<string, string>;
  rules: IisRule[];
}

/** xmllint against the XSD, then CPython's ElementTree for the values, then the reference's rules. */
function checkIis(cases: Array<{ snippet: string; needs: Needs }>): string[][] {
  const files = cases.map((c, i) => {
    const file = join(TMP, `iis-${i}-${Math.random().toString(36).slice(2)}.config`);
    writeFileSync(file, c.snippet);
    return file;
  });
  const lint = spawnSync('xmllint', ['--noout', '--schema', XSD, ...files], { encoding: 'utf8' });
  if (lint.error) throw new Error(`xmllint (Debian libxml2-utils) is needed: ${lint.error.message}`);
  const script = [
    'import json, sys',
    'import xml.etree.ElementTree as ET',
    'out = []',
    'for path in json.load(sys.stdin):',
    '    cors = ET.parse(path).getroot().find("system.webServer/cors")',
    '    rules = []',
    '    for a in ([] if cors is None else cors.findall("add")):',
    '        ah = a.find("allowHeaders")',
    '        rules.append({"attrs": dict(a.attrib), "allowAll": None if ah is None else ah.get("allowAllRequestedHeaders"),',
    '                      "allowHeaders": [h.get("header") for h in a.findall("allowHeaders/add")],',
    '                      "allowMethods": [m.get("method") for m in a.findall("allowMethods/add")],',
    '                      "exposeHeaders": [h.get("header") for h in a.findall("exposeHeaders/add")]})',
    '    out.append({"cors": {} if cors is None else dict(cors.attrib), "rules": rules})',
    'print(json.dumps(out))',
  ].join('\n');
  const py = spawnSync('python3', ['-c', script], { input: JSON.stringify(files), encoding: 'utf8' });
  const docs: Array<IisDoc | undefined> = py.status === 0 ? (JSON.parse(py.stdout) as IisDoc[]) : files.map(() => undefined);
  const lintOut = `${lint.stdout}\n${lint.stderr}`.split('\n');
  return cases.map((c, i) => {
    const file = files[i]!;
    const errors = lintOut.filter((l) => l.startsWith(`${file}:`) || l === `${file} fails to validate`).map((l) => `xmllint: ${l.replace(file, 'web.config')}`);
    if (!lintOut.includes(`${file} validates`)) {
      if (errors.length === 0) errors.push(`xmllint: no verdict (${lint.stderr.trim()})`);
      return errors;
    }
    const doc = docs[i];
    if (!doc) return [`python3 could not read the XML: ${py.stderr}`];
    const errors2 = iisRules(doc, c.needs);
    // What the snippet's comments tell the user must agree with the reference: failUnlistedOrigins
    // "specifies whether the CORS response status code to be set with 403" for an unlisted origin.
    for (const m of c.snippet.matchAll(/<!--([\s\S]*?)-->/g)) if (m[1]!.includes('failUnlistedOrigins') && !m[1]!.includes('403')) errors2.push(`the comment says what failUnlistedOrigins does without its 403: ${m[1]!.trim()}`);
    return errors2;
  });
}

/** The IIS CORS module configuration reference's rules, applied to one parsed web.config. */
function iisRules(doc: IisDoc, n: Needs): string[] {
  const errors: string[] = [];
  const isTrue = (v: string | null | undefined) => v !== undefined && v !== null && lower(v) === 'true';
  // enabled defaults to false: without it the module does nothing.
  if (!isTrue(doc.cors['enabled'])) errors.push('<cors enabled="true"> is missing (the default is false)');
  const allowed = doc.rules.filter((r) => r.attrs['allowed'] === undefined || isTrue(r.attrs['allowed']));
  for (const r of doc.rules) {
    // "This attribute should be used only for a specific origin host name rather than * origin host."
    if (isTrue(r.attrs['allowCredentials']) && r.attrs['origin']!.includes('*')) errors.push(`allowCredentials="true" on origin "${r.attrs['origin']}": the reference allows it only for a specific origin`);
    for (const [what, list] of [['allowHeaders', r.allowHeaders], ['allowMethods', r.allowMethods], ['exposeHeaders', r.exposeHeaders]] as const) {
      // IIS refuses a duplicate collection entry (500.19, "Cannot add duplicate collection entry");
      // header names differing only in case name the same header, so they count here too (methods
      // are case-sensitive: Fetch).
      const keys = what === 'allowMethods' ? list : list.map(lower);
      if (new Set(keys).size !== list.length) errors.push(`duplicate entry in ${what}: ${list.join(', ')}`);
    }
  }
  const rule = allowed[0];
  errors.push(
    ...coverage(n, {
      origins: allowed.map((r) => r.attrs['origin']!),
      methods: rule?.allowMethods ?? [],
      headers: rule?.allowHeaders ?? [],
      credentials: isTrue(rule?.attrs['allowCredentials']),
    }).filter((e) => !(isTrue(rule?.allowAll) && e.startsWith('request header '))),
  );
  return errors;
}

describe('IIS web.config snippets: valid against the IIS CORS Module schema (xmllint) and its documented rules', () => {
  const cases = of('iis');
  let results: string[][] = [];
  it(`${cases.length} snippets checked with xmllint and the reference's rules`, () => {
    results = checkIis(cases.map((c) => ({ snippet: c.fix.snippet, needs: c.needs })));
    expect(Object.fromEntries(cases.map((c, i) => [c.name, results[i]]).filter(([, e]) => (e as string[]).length > 0))).toEqual({});
    expect(cases.length).toBe(scenarios.length);
  });
});

// --- CloudFormation (API Gateway REST and HTTP, CloudFront) ------------------------------------

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, strictRequired: false });
const validateTemplate = ajv.compile(CFN_SCHEMA);

/** Each fix's `where` names the logical ids that are the user's own resources. */
const USER_REFS: Partial<Record<StackId, string[]>> = { 'aws-apigw-rest': ['Api', 'ApiResource'] };

/** Resolve `{"Ref": id}` to the string CloudFormation passes (the physical id); anything else intrinsic is refused. */
function resolveRefs(value: unknown, known: Set<string>, errors: string[], at = ''): unknown {
  if (Array.isArray(value)) return value.map((v, i) => resolveRefs(v, known, errors, `${at}/${i}`));
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'Ref') {
      const id = (value as { Ref: unknown }).Ref;
      if (typeof id !== 'string' || !known.has(id)) errors.push(`${at}: Ref to ${JSON.stringify(id)}, which is neither in the template nor named as the user's in "where"`);
      return `resolved-${String(id)}`;
    }
    if (keys.some((k) => k.startsWith('Fn::'))) errors.push(`${at}: intrinsic function ${keys.join(',')} is not checked here`);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, known, errors, `${at}/${k}`)]));
  }
  return value;
}

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

function checkCloudFormation(stack: StackId, snippet: string, n: Needs, where: string): string[] {
  let raw: Template;
  try {
    raw = JSON.parse(snippet) as Template;
  } catch (e) {
    return [`JSON: ${(e as Error).message}`];
  }
  const errors: string[] = [];
  const userRefs = USER_REFS[stack] ?? [];
  for (const id of userRefs) if (!where.includes(`\`${id}\``)) errors.push(`"where" does not name ${id} as the user's resource`);
  const known = new Set([...Object.keys(raw.Resources ?? {}), ...userRefs]);
  const template = resolveRefs(raw, known, errors) as Template;
  if (!validateTemplate(template)) errors.push(...(validateTemplate.errors ?? []).filter((e) => e.keyword !== 'if').map((e) => `spec: ${e.instancePath} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params['additionalProperty'])})` : ''}${e.params && 'allowedValues' in e.params ? ` ${JSON.stringify(e.params['allowedValues'])}` : ''}`));
  if (errors.length > 0) return errors;
  const rule = { 'aws-apigw-rest': restRules, 'aws-apigw-http': httpRules, 'aws-cloudfront': cloudFrontRules }[stack as 'aws-apigw-rest'];
  return rule(template, n);
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const STATIC = /^'([^']*)'$/;
const splitList = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);

/**
 * API Gateway REST: the MOCK OPTIONS method and the gateway responses.
 * - Integration response parameters map `method.response.header.{name}` to a static value in
 *   single quotes (or an integration.response.* expression), and each must be declared in the
 *   method response with the same status code (API reference, IntegrationResponse.responseParameters;
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html).
 * - A MOCK integration answers with the integration response its request template's statusCode
 *   selects; the default one has no SelectionPattern
 *   (https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-mock-integration.html).
 * - Gateway response parameters are `gatewayresponse.header.{name}` with static values in single quotes
 *   (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gatewayResponse-definition.html).
 */
function restRules(t: Template, n: Needs): string[] {
  const errors: string[] = [];
  const methods = Object.entries(t.Resources).filter(([, r]) => r.Type === 'AWS::ApiGateway::Method');
  const options = methods.filter(([, r]) => r.Properties['HttpMethod'] === 'OPTIONS');
  if (options.length !== 1) return [`expected one OPTIONS method, found ${options.length}`];
  const p = options[0]![1].Properties as {
    AuthorizationType?: string;
    ApiKeyRequired?: boolean;
    Integration?: { Type: string; RequestTemplates?: Record<string, string>; IntegrationResponses?: Array<{ StatusCode: string; SelectionPattern?: string; ResponseParameters?: Record<string, string> }> };
    MethodResponses?: Array<{ StatusCode: string; ResponseParameters?: Record<string, boolean | string> }>;
  };
  // The preflight carries no credentials: an authorizer or an API key on OPTIONS answers 401/403.
  if (p.AuthorizationType !== 'NONE') errors.push(`OPTIONS AuthorizationType ${p.AuthorizationType}, expected NONE`);
  if (p.ApiKeyRequired === true) errors.push('OPTIONS requires an API key');
  const integ = p.Integration;
  if (integ?.Type !== 'MOCK') return [...errors, `OPTIONS integration ${integ?.Type}, expected MOCK`];
  const template = integ.RequestTemplates?.['application/json'];
  const selected = template !== undefined ? /"statusCode"\s*:\s*(\d{3})/.exec(template)?.[1] : undefined;
  if (!selected) errors.push(`MOCK request template ${JSON.stringify(template)} selects no status code`);
  const defaults = (integ.IntegrationResponses ?? []).filter((r) => r.SelectionPattern === undefined);
  if (defaults.length !== 1 || defaults[0]!.StatusCode !== selected) errors.push(`the MOCK template selects ${selected}, the default integration response is ${defaults.map((d) => d.StatusCode).join(',') || 'missing'}`);
  for (const ir of integ.IntegrationResponses ?? []) {
    if (!/^[1-5]\d\d$/.test(ir.StatusCode)) errors.push(`integration response status ${ir.StatusCode} is not an HTTP status`);
    const mr = (p.MethodResponses ?? []).find((m) => m.StatusCode === ir.StatusCode);
    if (!mr) errors.push(`integration response ${ir.StatusCode} has no method response`);
    for (const [key, value] of Object.entries(ir.ResponseParameters ?? {})) {
      const name = /^method\.response\.header\.(.+)$/.exec(key)?.[1];
      if (!name || !TOKEN.test(name)) errors.push(`integration response parameter ${key} is not method.response.header.{name}`);
      if (mr && mr.ResponseParameters?.[key] === undefined) errors.push(`${key} is mapped but not declared in method response ${ir.StatusCode}`);
      if (!STATIC.test(value) && !/^integration\.response\.(header\.[^\s]+|body(\..+)?)$/.test(value)) errors.push(`${key}: ${value} is neither a single-quoted static value nor an integration.response mapping`);
    }
  }
  for (const mr of p.MethodResponses ?? []) for (const [k, v] of Object.entries(mr.ResponseParameters ?? {})) if (typeof v !== 'boolean' || !/^method\.response\.header\./.test(k)) errors.push(`method response parameter ${k}: ${String(v)}`);
  const preflight = Object.fromEntries(
    Object.entries(defaults[0]?.ResponseParameters ?? {}).map(([k, v]) => [lower(k.replace(/^method\.response\.header\./, '')), STATIC.exec(v)?.[1]]),
  );
  errors.push(
    ...coverage(n, {
      origins: preflight['access-control-allow-origin'] !== undefined ? [preflight['access-control-allow-origin']] : [],
      methods: splitList(preflight['access-control-allow-methods'] ?? ''),
      headers: splitList(preflight['access-control-allow-headers'] ?? ''),
      credentials: preflight['access-control-allow-credentials'] === 'true',
    }),
  );
  // Gateway responses (401s, throttling, timeouts) carry the same origin and credentials.
  for (const [id, r] of Object.entries(t.Resources).filter(([, r]) => r.Type === 'AWS::ApiGateway::GatewayResponse')) {
    const params = (r.Properties['ResponseParameters'] ?? {}) as Record<string, string>;
    for (const [k, v] of Object.entries(params)) {
      const name = /^gatewayresponse\.header\.(.+)$/.exec(k)?.[1];
      if (!name || !TOKEN.test(name)) errors.push(`${id}: ${k} is not gatewayresponse.header.{name}`);
      if (!STATIC.test(v) && !/^(method\.request\.(header|querystring|path|multivalueheader|multivaluequerystring)\.\S+|stageVariables\.\S+|context\.\S+)$/.test(v)) errors.push(`${id}: ${k} = ${v} is not a single-quoted static value or a request mapping`);
    }
    const g = Object.fromEntries(Object.entries(params).map(([k, v]) => [lower(k.replace(/^gatewayresponse\.header\./, '')), STATIC.exec(v)?.[1]]));
    errors.push(...coverage(n, { origins: g['access-control-allow-origin'] !== undefined ? [g['access-control-allow-origin']] : [], credentials: g['access-control-allow-credentials'] === 'true' }).map((e) => `${id}: ${e}`));
  }
  return errors;
}

/**
 * API Gateway HTTP API CorsConfiguration (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html):
 * supported only for HTTP APIs; API Gateway answers the preflight itself. With AllowCredentials
 * true it refuses `*` in AllowOrigins ("allow-credentials is not supported if 'allow-origin' is *",
 * BadRequestException: aws/aws-cdk#9076).
 */
function httpRules(t: Template, n: Needs): string[] {
  const errors: string[] = [];
  const apis = Object.values(t.Resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Api');
  if (apis.length !== 1) return [`expected one AWS::ApiGatewayV2::Api, found ${apis.length}`];
  const p = apis[0]!.Properties as { ProtocolType?: string; CorsConfiguration?: { AllowCredentials?: boolean; AllowOrigins?: string[]; AllowMethods?: string[]; AllowHeaders?: string[]; MaxAge?: number } };
  if (p.ProtocolType !== 'HTTP') errors.push(`ProtocolType ${p.ProtocolType}: CorsConfiguration is supported only for HTTP APIs`);
  const cors = p.CorsConfiguration;
  if (!cors) return [...errors, 'no CorsConfiguration'];
  if (cors.AllowCredentials === true && (cors.AllowOrigins ?? []).includes('*')) errors.push("AllowCredentials true with AllowOrigins '*' is refused by API Gateway");
  errors.push(...coverage(n, { origins: cors.AllowOrigins ?? [], methods: cors.AllowMethods ?? [], headers: cors.AllowHeaders ?? [], credentials: cors.AllowCredentials === true, anyMethod: '*', anyHeader: '*' }));
  return errors;
}

/** CloudFront response headers policy CorsConfig (User Guide: the methods' enum, the required members). */
function cloudFrontRules(t: Template, n: Needs): string[] {
  const policies = Object.values(t.Resources).filter((r) => r.Type === 'AWS::CloudFront::ResponseHeadersPolicy');
  if (policies.length !== 1) return [`expected one AWS::CloudFront::ResponseHeadersPolicy, found ${policies.length}`];
  const cfg = (policies[0]!.Properties['ResponseHeadersPolicyConfig'] as { CorsConfig?: Record<string, { Items: string[] } | boolean | number> }).CorsConfig;
  if (!cfg) return ['no CorsConfig'];
  const items = (k: string) => (cfg[k] as { Items: string[] } | undefined)?.Items ?? [];
  const errors: string[] = [];
  if (cfg['AccessControlAllowCredentials'] === true && items('AccessControlAllowOrigins').includes('*')) errors.push('AccessControlAllowCredentials true with origin *');
  errors.push(
    ...coverage(n, {
      origins: items('AccessControlAllowOrigins'),
      methods: items('AccessControlAllowMethods'),
      headers: items('AccessControlAllowHeaders'),
      credentials: cfg['AccessControlAllowCredentials'] === true,
      anyMethod: 'ALL',
      anyHeader: '*',
    }),
  );
  return errors;
}

describe('API Gateway REST snippets: the CloudFormation resource specification (AWS::ApiGateway::Method, AWS::ApiGateway::GatewayResponse) and the API Gateway mapping rules', () => {
  it.each(of('aws-apigw-rest').map((c) => [c.name, c] as const))('%s', (_n, c) => {
    expect(checkCloudFormation('aws-apigw-rest', c.fix.snippet, c.needs, c.fix.where)).toEqual([]);
  });
});

describe('API Gateway HTTP snippets: the CloudFormation resource specification (AWS::ApiGatewayV2::Api CorsConfiguration) and its documented rules', () => {
  it.each(of('aws-apigw-http').map((c) => [c.name, c] as const))('%s', (_n, c) => {
    expect(checkCloudFormation('aws-apigw-http', c.fix.snippet, c.needs, c.fix.where)).toEqual([]);
  });

  it('the text agrees with the docs: API Gateway ignores every CORS header the backend returns, not only on preflights', () => {
    for (const c of of('aws-apigw-http')) {
      const said = [c.fix.pitfall, ...(c.fix.notes ?? [])].join('\n');
      expect(said, c.name).not.toMatch(/only (for|on) (the )?preflights|on them\./);
      expect(said, c.name).toMatch(/ignores the CORS headers the backend returns/);
    }
  });
});

describe('CloudFront snippets: the CloudFormation resource specification (AWS::CloudFront::ResponseHeadersPolicy CorsConfig)', () => {
  it.each(of('aws-cloudfront').map((c) => [c.name, c] as const))('%s', (_n, c) => {
    expect(checkCloudFormation('aws-cloudfront', c.fix.snippet, c.needs, c.fix.where)).toEqual([]);
  });

  it('the text agrees with the docs: a response headers policy changes headers, never a status, so the origin answers OPTIONS itself', () => {
    for (const c of of('aws-cloudfront')) {
      const said = [c.fix.pitfall, ...(c.fix.notes ?? [])].join('\n');
      expect(said, c.name).not.toMatch(/policy answers/);
      if (c.needs.preflight) expect(said, c.name).toMatch(/never a status: the origin must still answer OPTIONS with a 2xx/);
    }
  });
});

// --- Google Cloud Storage ----------------------------------------------------------------------

/**
 * The bucket resource's `cors[]` (https://cloud.google.com/storage/docs/json_api/v1/buckets#resource,
 * the file `gsutil cors set` and `gcloud storage buckets update --cors-file` read): an array of
 * objects with exactly `origin` (list of strings), `method` (list), `responseHeader` (list) and
 * `maxAgeSeconds` (integer). `responseHeader` answers both Access-Control-Allow-Headers and
 * Access-Control-Expose-Headers. There is no credentials member, so a credentialed request must be
 * told the bucket cannot allow it.
 */
function checkGcs(fix: Pick<Fix, 'snippet' | 'notes' | 'pitfall'>, n: Needs): string[] {
  let v: unknown;
  try {
    v = JSON.parse(fix.snippet);
  } catch (e) {
    return [`JSON: ${(e as Error).message}`];
  }
  if (!Array.isArray(v) || v.length === 0) return ['cors.json must be a non-empty array of rules'];
  const errors: string[] = [];
  const stringList = (x: unknown) => Array.isArray(x) && x.every((s) => typeof s === 'string' && s !== '');
  for (const [i, rule] of v.entries()) {
    if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) {
      errors.push(`rule ${i} is not an object`);
      continue;
    }
    for (const [k, x] of Object.entries(rule as Record<string, unknown>)) {
      if (k === 'maxAgeSeconds') {
        if (!Number.isInteger(x)) errors.push(`rule ${i}: maxAgeSeconds must be an integer`);
      } else if (['origin', 'method', 'responseHeader'].includes(k)) {
        if (!stringList(x)) errors.push(`rule ${i}: ${k} must be a list of strings`);
      } else errors.push(`rule ${i}: unknown member ${k}`);
    }
  }
  if (errors.length > 0) return errors;
  const r = v[0] as { origin?: string[]; method?: string[]; responseHeader?: string[] };
  errors.push(...coverage(n, { origins: r.origin ?? [], methods: r.method ?? [], headers: r.responseHeader ?? [], credentials: n.credentials, anyMethod: '*', anyHeader: '*' }));
  if (n.credentials) {
    const said = [...(fix.notes ?? []), fix.pitfall].join('\n');
    if (!/no (Access-Control-)?Allow-Credentials setting/i.test(said)) errors.push('the request is credentialed and the fix does not say that cors.json has no Allow-Credentials setting');
  }
  return errors;
}

describe('Cloud Storage cors.json snippets: exactly the bucket cors[] resource, and honest about credentials', () => {
  it.each(of('gcs').map((c) => [c.name, c] as const))('%s', (_n, c) => {
    expect(checkGcs(c.fix, c.needs)).toEqual([]);
  });
});

// --- Netlify -----------------------------------------------------------------------------------

/**
 * Netlify's `_headers` (https://docs.netlify.com/manage/routing/headers/): a path line, then
 * `Name: value` lines below it; `#` starts a comment. Netlify's parser (@netlify/headers-parser)
 * reports a header before any path, an empty name or value; a line with no `:` is dropped
 * without a word, so every header line must come out of the parser. Netlify ignores custom values
 * for the headers its servers set (the docs' list, below). `_headers` only adds headers to what
 * Netlify serves from its own store: it answers no OPTIONS and changes no status, so a preflight
 * answered 404/405 (by a Function, an SSR route or a proxy) stays blocked: the fix must say so.
 */
const NETLIFY_IGNORED = ['accept-ranges', 'age', 'allow', 'alt-svc', 'connection', 'content-encoding', 'content-length', 'content-range', 'date', 'location', 'server', 'set-cookie', 'trailer', 'transfer-encoding', 'upgrade'];

async function checkNetlify(fix: Pick<Fix, 'snippet' | 'notes' | 'pitfall' | 'title'>, n: Needs): Promise<string[]> {
  const file = join(TMP, `_headers-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, fix.snippet);
  // minimal: false gives each rule the path matcher Netlify uses (forRegExp).
  const { headers, errors: parseErrors } = await parseAllHeaders({ headersFiles: [file], configHeaders: undefined, minimal: false });
  const rules = headers as Header[];
  const errors = parseErrors.map((e) => `netlify: ${e.message}`);
  const lines = fix.snippet.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const headerLines = lines.filter((l) => !l.startsWith('/'));
  const parsed = rules.flatMap((r) => Object.keys(r.values));
  if (parsed.length !== headerLines.length) errors.push(`${headerLines.length} header lines, Netlify's parser kept ${parsed.length}`);
  const match = rules.filter((r) => r.forRegExp.test(n.path));
  if (match.length === 0) errors.push(`no rule's path matches ${n.path}`);
  const values: Record<string, string> = {};
  for (const r of match) for (const [k, v] of Object.entries(r.values)) values[lower(k)] = v;
  for (const k of Object.keys(values)) if (NETLIFY_IGNORED.includes(k)) errors.push(`Netlify ignores a custom ${k}`);
  errors.push(
    ...coverage(n, {
      origins: values['access-control-allow-origin'] !== undefined ? [values['access-control-allow-origin']] : [],
      methods: splitList(values['access-control-allow-methods'] ?? ''),
      headers: splitList(values['access-control-allow-headers'] ?? ''),
      credentials: values['access-control-allow-credentials'] === 'true',
    }),
  );
  if (n.preflight) {
    const said = [fix.title, fix.pitfall, ...(fix.notes ?? [])].join('\n');
    if (!/cannot answer (the )?OPTIONS/i.test(said)) errors.push('the request is preflighted and the fix does not say that _headers cannot answer OPTIONS (a 404/405 preflight stays blocked)');
  }
  return errors;
}

describe('Netlify _headers snippets: the parser Netlify builds with (@netlify/headers-parser), its documented limits, and honest about OPTIONS', () => {
  it.each(of('netlify').map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    expect(await checkNetlify(c.fix, c.needs)).toEqual([]);
  });
});

// --- the checks refuse what the platforms refuse -----------------------------------------------

describe('each check above refuses what its platform refuses', () => {
  const pick = (stack: StackId, scenario: string) => ALL.find((c) => c.fix.stack === stack && c.name.endsWith(` · ${scenario}`))!;
  const credentialed = 'preflight-missing-acac';

  it('IIS: an unknown attribute or element, a wrong type, a duplicate entry, credentials on *, a missing method', () => {
    const base = pick('iis', credentialed);
    const bad = [
      base.fix.snippet.replace('allowCredentials=', 'allowCredential='),
      base.fix.snippet.replace(/maxAge="\d+"/, 'maxAge="ten minutes"'),
      base.fix.snippet.replace(/<allowMethods>/, '<allowedMethods>').replace('</allowMethods>', '</allowedMethods>'),
      base.fix.snippet.replace(/(<add method="PUT" \/>)/, '$1\n          <add method="PUT" />'),
      base.fix.snippet.replace(/origin="[^"]+"/, 'origin="*"'),
      base.fix.snippet.replace(new RegExp(`\\s*<add method="${base.needs.method}" />`), ''),
      base.fix.snippet.replace('enabled="true"', 'enabled="yes"'),
      base.fix.snippet.replace('<allowHeaders allowAllRequestedHeaders="false">', '<allowHeaders allowAllRequestedHeaders="false" extra="1">'),
      base.fix.snippet.replace('answers a CORS request from any other origin with 403', 'keeps every other origin without CORS headers'),
    ];
    for (const s of bad) expect(s).not.toBe(base.fix.snippet);
    const results = checkIis(bad.map((snippet) => ({ snippet, needs: base.needs })));
    results.forEach((errors, i) => expect(errors, `mutation ${i} passed`).not.toEqual([]));
    expect(results[0]!.join()).toMatch(/allowCredential/);
    expect(results[4]!.join()).toMatch(/only for a specific origin/);
    expect(results[8]!.join()).toMatch(/without its 403/);
  });

  it('IIS: every element and attribute the reference documents is accepted (the schema is not stricter than IIS)', () => {
    const full = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<configuration>',
      '  <system.webServer>',
      '    <cors enabled="True" failUnlistedOrigins="false">',
      '      <add origin="*" allowed="true" maxAge="-1" />',
      '      <add origin="http://*" allowed="false" />',
      '      <add origin="https://*.example.org" allowCredentials="true" maxAge="7200">',
      '        <exposeHeaders><add header="X-Total" /></exposeHeaders>',
      '        <allowMethods><add method="PATCH" /></allowMethods>',
      '        <allowHeaders allowAllRequestedHeaders="true"><add header="X-One" /></allowHeaders>',
      '      </add>',
      '    </cors>',
      '  </system.webServer>',
      '</configuration>',
    ].join('\n');
    const file = join(TMP, 'iis-full.config');
    writeFileSync(file, full);
    const lint = spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
    expect(lint.stderr.trim()).toBe(`${file} validates`);
  });

  it('CloudFront: every CorsConfig member the User Guide documents is accepted', () => {
    const template = {
      Resources: {
        P: {
          Type: 'AWS::CloudFront::ResponseHeadersPolicy',
          Properties: {
            ResponseHeadersPolicyConfig: {
              Name: 'p',
              Comment: 'c',
              CorsConfig: {
                AccessControlAllowCredentials: false,
                AccessControlAllowHeaders: { Items: ['*'] },
                AccessControlAllowMethods: { Items: ['ALL'] },
                AccessControlAllowOrigins: { Items: ['*'] },
                AccessControlExposeHeaders: { Items: ['X-Total'] },
                AccessControlMaxAgeSec: 600,
                OriginOverride: false,
              },
            },
          },
        },
      },
    };
    expect(validateTemplate(template), JSON.stringify(validateTemplate.errors)).toBe(true);
  });

  it('CloudFormation: an unknown property, a missing required one, a wrong type, a value outside the enum, the rules of each service', () => {
    const edit = (c: Case, f: (t: Template) => void): string => {
      const t = JSON.parse(c.fix.snippet) as Template;
      f(t);
      return JSON.stringify(t);
    };
    const rest = pick('aws-apigw-rest', credentialed);
    const http = pick('aws-apigw-http', credentialed);
    const cf = pick('aws-cloudfront', credentialed);
    // Mutations reach deep into one resource: typed loosely on purpose, the schema is what checks it.
    const props = (t: Template, id: string) => t.Resources[id]!.Properties as Record<string, any>;
    const cases: Array<[StackId, Case, string, RegExp]> = [
      ['aws-apigw-http', http, edit(http, (t) => (props(t, 'HttpApi')['CorsConfiguration']['AllowOrigin'] = ['x'])), /additional properties \(AllowOrigin\)/],
      ['aws-apigw-http', http, edit(http, (t) => (props(t, 'HttpApi')['CorsConfiguration']['MaxAge'] = '600')), /must be integer/],
      ['aws-apigw-http', http, edit(http, (t) => (props(t, 'HttpApi')['CorsConfiguration']['AllowOrigins'] = ['*'])), /refused by API Gateway/],
      ['aws-apigw-http', http, edit(http, (t) => (props(t, 'HttpApi')['ProtocolType'] = 'WEBSOCKET')), /supported only for HTTP APIs/],
      ['aws-apigw-rest', rest, edit(rest, (t) => delete props(t, 'PreflightMethod')['HttpMethod']), /must have required property 'HttpMethod'/],
      ['aws-apigw-rest', rest, edit(rest, (t) => (props(t, 'PreflightMethod')['Integration']['Type'] = 'MOCKED')), /allowed values/],
      ['aws-apigw-rest', rest, edit(rest, (t) => (props(t, 'Default4xxResponse')['ResponseType'] = 'DEFAULT_4xx')), /allowed values/],
      ['aws-apigw-rest', rest, edit(rest, (t) => (props(t, 'PreflightMethod')['MethodResponses'][0]['ResponseParameters'] = {})), /not declared in method response/],
      ['aws-apigw-rest', rest, edit(rest, (t) => (props(t, 'PreflightMethod')['Integration']['IntegrationResponses'][0]['ResponseParameters']['method.response.header.Access-Control-Allow-Origin'] = 'http://127.0.0.1:5173')), /single-quoted/],
      ['aws-apigw-rest', rest, edit(rest, (t) => (props(t, 'PreflightMethod')['AuthorizationType'] = 'AWS_IAM')), /expected NONE/],
      ['aws-apigw-rest', rest, edit(rest, (t) => (props(t, 'PreflightMethod')['RestApiId'] = { Ref: 'MyApi' })), /Ref to "MyApi"/],
      ['aws-cloudfront', cf, edit(cf, (t) => (props(t, 'CorsPolicy')['ResponseHeadersPolicyConfig']['CorsConfig']['AccessControlAllowMethods']['Items'] = ['GET', 'PUT', 'CONNECT'])), /allowed values/],
      ['aws-cloudfront', cf, edit(cf, (t) => delete props(t, 'CorsPolicy')['ResponseHeadersPolicyConfig']['CorsConfig']['OriginOverride']), /required property 'OriginOverride'/],
      ['aws-cloudfront', cf, edit(cf, (t) => (props(t, 'CorsPolicy')['ResponseHeadersPolicyConfig']['CorsConfig']['AccessControlAllowCredentials'] = 'true')), /must be boolean/],
      ['aws-cloudfront', cf, edit(cf, (t) => (props(t, 'CorsPolicy')['ResponseHeadersPolicyConfig']['CorsConfig']['AccessControlAllowMethods']['Items'] = ['GET'])), /PUT not in allowed methods|not in allowed methods/],
    ];
    for (const [stack, c, snippet, message] of cases) expect(checkCloudFormation(stack, snippet, c.needs, c.fix.where).join('\n'), `${stack}: ${message}`).toMatch(message);
  });

  it('Cloud Storage: an unknown member, a wrong type, silence about credentials', () => {
    const c = pick('gcs', credentialed);
    const rule = (JSON.parse(c.fix.snippet) as Array<Record<string, unknown>>)[0]!;
    expect(checkGcs({ ...c.fix, snippet: JSON.stringify([{ ...rule, allowCredentials: true }]) }, c.needs).join()).toMatch(/unknown member allowCredentials/);
    expect(checkGcs({ ...c.fix, snippet: JSON.stringify([{ ...rule, maxAgeSeconds: '600' }]) }, c.needs).join()).toMatch(/integer/);
    expect(checkGcs({ ...c.fix, snippet: JSON.stringify([{ ...rule, origin: '*' }]) }, c.needs).join()).toMatch(/list of strings/);
    expect(checkGcs({ ...c.fix, notes: [], pitfall: '' }, c.needs).join()).toMatch(/no Allow-Credentials setting/);
  });

  it('Netlify: a header before any path, a line Netlify drops, an empty value, a header Netlify ignores, silence about OPTIONS', async () => {
    const c = pick('netlify', credentialed);
    const body = c.fix.snippet.split('\n').filter((l) => !l.startsWith('#') && l.trim() !== '');
    expect((await checkNetlify({ ...c.fix, snippet: body.slice(1).join('\n') }, c.needs)).join()).toMatch(/Path should come before header/);
    expect((await checkNetlify({ ...c.fix, snippet: c.fix.snippet.replace('Vary: Origin', 'Vary Origin') }, c.needs)).join()).toMatch(/parser kept/);
    expect((await checkNetlify({ ...c.fix, snippet: c.fix.snippet.replace('Vary: Origin', 'Vary:') }, c.needs)).join()).toMatch(/Missing header value/);
    expect((await checkNetlify({ ...c.fix, snippet: `${c.fix.snippet}  Allow: GET, PUT\n` }, c.needs)).join()).toMatch(/ignores a custom allow/);
    expect((await checkNetlify({ ...c.fix, title: '', pitfall: '', notes: [] }, c.needs)).join()).toMatch(/cannot answer OPTIONS/);
    expect((await checkNetlify({ ...c.fix, snippet: c.fix.snippet.replace(/^\/\S*$/m, '/other/*') }, c.needs)).join()).toMatch(/no rule's path matches/);
  });
});

// The generated S3 fix, run for real against s3rver (a fake S3 in Node) on 127.0.0.1, for the
// journey cases (fix-journey-cases.ts) s3rver can run. The "app" is the bucket itself: each case's
// request goes to an object of bucket `lab` (`/lab/api/<case>`, the GET's object holding the case's
// JSON), and the page must read what S3 answers it. For each case:
//   1. the request from the lab page to the bucket without a CORS configuration fails in Chromium
//      with the extension loaded, and is captured;
//   2. the S3 fix built from that capture is applied where its `where` says, as the bucket's CORS
//      configuration: the put-bucket-cors JSON marshalled to the PutBucketCors XML body the AWS
//      CLI sends, PUT to `/lab?cors` (the bucket name is the user's placeholder, the only
//      substitution);
//   3. s3rver reads the configuration on every request: nothing restarts;
//   4. the same request passes with S3's own answer (read directly before the journey), nothing
//      is captured and the badge stays empty; the same PUT from a page origin not on the rule's
//      AllowedOrigins stays blocked.
// The cases not run (NOT_RUN) say why; that text is the fix's "proven by" subset.
//
// Where s3rver 3.7 departs from S3 (lib/middleware/cors.js), and what it means here:
// - Its preflight answer always has `Access-Control-Allow-Origin: *` and never
//   `Access-Control-Allow-Credentials`, where S3 names the origin and adds `Allow-Credentials:
//   true` when the matched rule lists origins. A credentialed preflighted request therefore
//   cannot pass against s3rver whatever the rule says: the credentialed DELETE is not run, and
//   the deviation is pinned below (with plain fetch, and in Chromium) so an s3rver that fixes it
//   is noticed.
// - Its preflight answer omits `Access-Control-Max-Age` (S3 sends MaxAgeSeconds there); it sends
//   Max-Age, Expose-Headers and `Allow-Credentials: true` on every matched non-OPTIONS response,
//   even for an `*` origin rule (S3 sends `*` and no Allow-Credentials for those).
// - No ACLs or bucket policies: anonymous PUT and DELETE succeed, where S3 answers 403
//   AccessDenied unless the bucket grants them (a browser upload to S3 is normally presigned).
//   CORS is decided before either, so the CORS outcome checked here does not depend on it.
// - It keeps the CORS headers on its error responses, as S3 does: the JSON POST to an object
//   (no such S3 operation) reaches the page as s3rver's readable 501 NotImplemented.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findScenario, scenarios } from '../../lab/scenarios';
import type { Lab } from '../../lab/server';
import { diagnose, type Diagnosis } from '../../src/core/diagnose';
import type { Exchange } from '../../src/core/exchange';
import { fixesFor, type Fix } from '../../src/core/fixes/index';
import { labExchange } from '../fixtures/fixes/lab-exchange';
import { corsConfigurationXml, startFakeS3, type FakeS3 } from '../fixtures/fixes/s3rver-bucket';
import { caseSpec, journeyCases, type JourneyCase } from './fix-journey-cases';
import { expectBlockedAndCaptured, unique } from './fix-journey';
import { journeyBrowser, runJourneySteps } from './app-fix-journey';
import type { ExtensionBrowser } from './harness';

function s3Fix(diagnosis: Diagnosis, exchange: Exchange): Fix {
  const [fix] = fixesFor(diagnosis, exchange, { only: ['aws-s3'] });
  expect(fix?.stack).toBe('aws-s3');
  return fix!;
}

/** The journey cases s3rver cannot run, and why (src/core/fixes/proof.ts says the same). */
const NOT_RUN: Readonly<Record<string, string>> = {
  'credentialed-delete-authorization':
    "s3rver answers every matched preflight with `Access-Control-Allow-Origin: *` and no Allow-Credentials (S3 names the origin and adds `Allow-Credentials: true`), so a credentialed preflighted request cannot pass there",
  'put-500-error-page': "S3 serves objects, no app code: nothing answers a 500 error page (S3's own error answers carry the rule's headers: the JSON POST reads s3rver's 501)",
};

/** A bucket `lab` holding the object a case's GET reads; `s3.objectUrl` plus a fresh query (the preflight cache is keyed by URL). */
async function caseBucket(c: JourneyCase): Promise<{ s3: FakeS3; url(label: string): string }> {
  const key = `api/${c.id}`;
  const objects = c.request.method === 'GET' ? { [key]: c.app.actual.body ?? '' } : {};
  const s3 = await startFakeS3([{ name: 'lab', objects }]);
  return { s3, url: (label) => `${s3.objectUrl('lab', key)}?fresh=${unique(label)}` };
}

describe('the generated S3 bucket CORS rule, applied to s3rver 3.7, makes the failing request pass in Chromium', () => {
  let lab: Lab;
  let ext: ExtensionBrowser;
  journeyBrowser((l, e) => ((lab = l), (ext = e)));

  it.each(journeyCases.filter((c) => !(c.id in NOT_RUN)))('$id', async (c: JourneyCase) => {
    const spec = caseSpec(c);
    const { s3, url: target } = await caseBucket(c);
    const why = () => `s3rver on ${s3.origin}, bucket lab`;
    try {
      // S3's own answer, which the page must read once the rule is in (a PUT's empty 200, the
      // GET's object, s3rver's 501 for a POST to an object).
      const own = await fetch(target('direct'), { method: spec.method, headers: spec.headers, body: spec.body });
      const expected = { status: own.status, body: await own.text() };
      await runJourneySteps({
        ext, lab, stack: 'aws-s3', c, target, why, expected,
        apply: async (fix) => {
          const res = await fetch(`${s3.origin}/lab?cors`, { method: 'PUT', body: corsConfigurationXml(fix.snippet) });
          expect(res.status, await res.text()).toBe(200);
        },
        // S3 has no credentials key: it adds Allow-Credentials itself (not reached: NOT_RUN).
        credentialsLine: '"AllowedOrigins"',
      });
    } finally {
      await s3.close();
    }
  });

  it('credentialed-delete-authorization is not run: with the rule applied, Chromium blocks it on s3rver\'s `*` preflight answer', async () => {
    const c = journeyCases.find((x) => x.id === 'credentialed-delete-authorization')!;
    const spec = caseSpec(c);
    const { s3, url: target } = await caseBucket(c);
    try {
      const captured = await expectBlockedAndCaptured(ext, lab, target('before'), spec, 'a bucket without CORS must block');
      const fix = s3Fix(captured.diagnosis, captured.exchange);
      expect(fix.snippet).toContain(lab.pageOrigin);
      expect(JSON.parse(fix.snippet)).toMatchObject({ CORSRules: [{ AllowedMethods: ['DELETE'], AllowedHeaders: ['Authorization'] }] });
      const res = await fetch(`${s3.origin}/lab?cors`, { method: 'PUT', body: corsConfigurationXml(fix.snippet) });
      expect(res.status).toBe(200);
      // S3 would answer the preflight with the named origin and Allow-Credentials: true.
      const after = await expectBlockedAndCaptured(ext, lab, target('after'), spec, 's3rver answers the preflight with *');
      expect(after.diagnosis.checks[0]?.code).toBe('PreflightWildcardOriginNotAllowed');
    } finally {
      await s3.close();
    }
  });
});

describe("every generated S3 fix is accepted by s3rver's PUT Bucket cors", () => {
  let s3: FakeS3;
  beforeAll(async () => {
    s3 = await startFakeS3([{ name: 'lab', objects: {} }]);
  });
  afterAll(() => s3?.close());
  it.each(scenarios.map((s) => s.id))('%s', async (id) => {
    const ex = labExchange(findScenario(id)!);
    const xml = corsConfigurationXml(s3Fix(diagnose(ex), ex).snippet);
    const res = await fetch(`${s3.origin}/lab?cors`, { method: 'PUT', body: xml });
    expect(res.status, await res.text()).toBe(200);
  });
});

describe('s3rver departs from S3 on preflights (why credentialed preflighted scenarios are not run here)', () => {
  it('answers a matched preflight with ACAO * and no Allow-Credentials or Max-Age (S3 names the origin, adds Allow-Credentials: true and Max-Age)', async () => {
    const origin = 'http://127.0.0.1:5173';
    const cors = corsConfigurationXml(JSON.stringify({ CORSRules: [{ AllowedOrigins: [origin], AllowedMethods: ['PUT'], AllowedHeaders: ['X-Custom'], MaxAgeSeconds: 600 }] }));
    const s3 = await startFakeS3([{ name: 'lab', cors, objects: { 'o.json': '{}' } }]);
    try {
      const res = await fetch(s3.objectUrl('lab', 'o.json'), {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'x-custom' },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      expect(res.headers.get('access-control-max-age')).toBeNull();
      expect(res.headers.get('access-control-allow-headers')).toBe('x-custom');
    } finally {
      await s3.close();
    }
  });
});

// The generated S3 fix, run for real against s3rver (a fake S3 in Node) on 127.0.0.1: a lab
// scenario fails in Chromium with the extension loaded; the bucket CORS JSON fixesFor() builds
// from the captured failure is applied to a bucket as the PutBucketCors XML; the same request
// from the lab page origin to an object of a bucket without CORS is blocked and captured, and to
// the bucket with the generated rule it passes, with no failure recorded and an empty badge.
// The failure captured on the CORS-less bucket itself is fixed too (the S3 user's own journey).
//
// Where s3rver 3.7 departs from S3 (lib/middleware/cors.js), and what it means here:
// - Its preflight answer always has `Access-Control-Allow-Origin: *` and never
//   `Access-Control-Allow-Credentials`, where S3 names the origin and adds `Allow-Credentials:
//   true` when the matched rule lists origins. A credentialed preflighted request therefore
//   cannot pass against s3rver whatever the rule says: those scenarios are not run here, and the
//   deviation is pinned below so an s3rver that fixes it is noticed.
// - Its preflight answer omits `Access-Control-Max-Age` (S3 sends MaxAgeSeconds there); it sends
//   Max-Age, Expose-Headers and `Allow-Credentials: true` on every matched non-OPTIONS response,
//   even for an `*` origin rule (S3 sends `*` and no Allow-Credentials for those).
// - No ACLs or bucket policies: anonymous PUT and DELETE succeed, where S3 answers 403
//   AccessDenied unless the bucket grants them (a browser upload to S3 is normally presigned).
//   CORS is decided before either, so the CORS outcome checked here does not depend on it.
// - It keeps the CORS headers on its error responses, so a `Bearer` Authorization header,
//   rejected once CORS passes with 400 InvalidArgument "Unsupported Authorization Type" (S3's
//   own answer to a non-AWS scheme), reaches the page as a readable 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findScenario, scenarios } from '../../lab/scenarios';
import { startLab, type Lab } from '../../lab/server';
import { diagnose, type Diagnosis } from '../../src/core/diagnose';
import type { Exchange } from '../../src/core/exchange';
import { fixesFor, type Fix } from '../../src/core/fixes/index';
import { labExchange } from '../fixtures/fixes/lab-exchange';
import { corsConfigurationXml, startFakeS3, type FakeS3 } from '../fixtures/fixes/s3rver-bucket';
import { capturedLabFailure, expectBlockedAndCaptured, expectNothingCaptured, labPage, requestFromLabPage } from './fix-journey';
import { launchExtension, type ExtensionBrowser } from './harness';

let lab: Lab;
let ext: ExtensionBrowser;

beforeAll(async () => {
  lab = await startLab();
  // The warm-up page must fail CORS (the harness waits for the worker to capture it).
  ext = await launchExtension(lab.scenarioUrl('preflight-404'));
});
afterAll(async () => {
  await ext?.close();
  await lab?.close();
});

function s3Fix(diagnosis: Diagnosis, exchange: Exchange): Fix {
  const [fix] = fixesFor(diagnosis, exchange, { only: ['aws-s3'] });
  expect(fix?.stack).toBe('aws-s3');
  return fix!;
}

interface Case {
  scenario: string;
  /** What s3rver answers once CORS lets the request through. */
  status: number;
  why: string;
}

describe('the generated S3 bucket CORS rule, applied to s3rver, makes the failing lab request pass in Chromium', () => {
  it.each<Case>([
    { scenario: 'preflight-missing-acao', status: 200, why: 'PUT upload with X-Custom: AllowedMethods PUT, AllowedHeaders X-Custom' },
    { scenario: 'method-not-allowed', status: 204, why: 'DELETE object: DELETE added to AllowedMethods' },
    { scenario: 'header-not-allowed', status: 400, why: 'GET with Authorization: AllowedHeaders Authorization; S3 then rejects the Bearer token itself (400 InvalidArgument), readable by the page' },
    { scenario: 'response-wildcard-credentials', status: 200, why: "credentialed GET: the named origin gets S3's ACAO = origin plus Allow-Credentials: true" },
  ])('$scenario ($why)', async ({ scenario, status }) => {
    const spec = findScenario(scenario)!.spec;
    const key = `lab/${scenario}.json`;
    const object = `{"object":"${scenario}"}`;

    // 1. The lab failure, as the extension captured it, and the S3 fix built from it.
    const labFailure = await capturedLabFailure(ext, lab, scenario);
    expect(labFailure.diagnosis.verdict).toBe('blocked');
    const fromLab = s3Fix(labFailure.diagnosis, labFailure.exchange);
    expect(fromLab.snippet).toContain(lab.pageOrigin);
    const labXml = corsConfigurationXml(fromLab.snippet);

    // 2. Before: the bucket without a CORS configuration. Chromium blocks the request and the
    //    extension records it; the fix built from this S3 failure is kept for step 3.
    let fromS3: Fix;
    const before = await startFakeS3([{ name: 'lab', objects: { [key]: object } }]);
    try {
      const captured = await expectBlockedAndCaptured(ext, lab, before.objectUrl('lab', key), spec, 'a bucket without CORS must block');
      // The badge counts preflight failures only (tab-store.ts badgeFor): a simple GET blocked
      // on its response leaves it empty by design.
      expect(captured.preflightFailure).toBe(findScenario(scenario)!.preflight);
      fromS3 = s3Fix(captured.diagnosis, captured.exchange);
      expect(fromS3.snippet).toContain(lab.pageOrigin);
    } finally {
      await before.close();
    }
    const s3Xml = corsConfigurationXml(fromS3.snippet);

    // 3. After: the same object in a bucket with the rule generated from the lab failure, and in
    //    one with the rule generated from the S3 failure. Both pass; nothing is recorded.
    const after = await startFakeS3([
      { name: 'lab', cors: labXml, objects: { [key]: object } },
      { name: 'lab-s3', cors: s3Xml, objects: { [key]: object } },
    ]);
    const page = await labPage(ext, lab);
    try {
      for (const [bucket, fix] of [['lab', fromLab], ['lab-s3', fromS3]] as const) {
        const result = await requestFromLabPage(page, after.objectUrl(bucket, key), spec);
        expect(result, `s3://${bucket} with\n${fix.snippet}`).toMatchObject({ ok: true, status });
        if (result.ok && spec.method === 'GET' && status === 200) expect(result.body).toBe(object);
      }
      await expectNothingCaptured(ext, lab, page, after.origin);
    } finally {
      await page.close();
      await after.close();
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

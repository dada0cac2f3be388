// Google Cloud Storage bucket CORS (cors.json for gcloud storage buckets update --cors-file).
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { genericPitfall } from './pitfall';

// The bucket resource's cors[] has origin, method, responseHeader and maxAgeSeconds, nothing else
// (https://cloud.google.com/storage/docs/json_api/v1/buckets#resource): no rule can allow credentials.
const NO_CREDENTIALS =
  "cors.json has no Allow-Credentials setting (a rule holds only origin, method, responseHeader and maxAgeSeconds), so no bucket configuration allows a request sent with credentials (cookies, fetch `credentials: 'include'`). Send it without credentials and authorize it with a signed URL or an `Authorization: Bearer` token (Authorization then belongs in responseHeader).";

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'missing-origin':
    case 'preflight-no-route':
    case 'origin-mismatch':
      return 'The request goes to `storage.cloud.google.com` (authenticated browser downloads), which never sends CORS headers; use `storage.googleapis.com`. Also, a new CORS config can take a while to apply to cached objects.';
    case 'header-not-allowed':
      return '`responseHeader` serves both as Access-Control-Allow-Headers and Access-Control-Expose-Headers; a request header missing there fails the preflight.';
    case 'wildcard-credentials':
    case 'missing-credentials':
      return NO_CREDENTIALS;
    default:
      return genericPitfall(ctx);
  }
}

export const gcs: StackModule = {
  id: 'gcs',
  name: 'Google Cloud Storage (cors.json)',
  language: 'json',
  build(ctx) {
    const rule: Record<string, unknown> = {
      origin: [ctx.origin],
      method: ctx.methods,
      responseHeader: [...new Set([...ctx.headers, ...ctx.exposeHeaders])],
    };
    if (ctx.preflight) rule['maxAgeSeconds'] = ctx.maxAge;
    const notes = ['`responseHeader` lists both the request headers the page may send and the response headers it may read.'];
    if (ctx.credentials) notes.push(NO_CREDENTIALS);
    return {
      title: 'Bucket cors.json with the exact origin, methods and headers',
      snippet: JSON.stringify([rule], null, 2) + '\n',
      where: 'Save as cors.json and apply with `gcloud storage buckets update gs://BUCKET --cors-file=cors.json`.',
      pitfall: pitfall(ctx),
      notes,
    };
  },
};

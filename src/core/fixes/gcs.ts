// Google Cloud Storage bucket CORS (cors.json for gcloud storage buckets update --cors-file).
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { genericPitfall } from './pitfall';

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'missing-origin':
    case 'preflight-no-route':
    case 'origin-mismatch':
      return 'The request goes to `storage.cloud.google.com` (authenticated browser downloads), which never sends CORS headers; use `storage.googleapis.com`. Also, a new CORS config can take a while to apply to cached objects.';
    case 'header-not-allowed':
      return '`responseHeader` serves both as Access-Control-Allow-Headers and Access-Control-Expose-Headers; a request header missing there fails the preflight.';
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
    if (ctx.credentials) notes.push('Cloud Storage answers credentialed requests only through signed URLs or bearer tokens; cookie-authenticated requests to storage.cloud.google.com cannot use CORS.');
    return {
      title: 'Bucket cors.json with the exact origin, methods and headers',
      snippet: JSON.stringify([rule], null, 2) + '\n',
      where: 'Save as cors.json and apply with `gcloud storage buckets update gs://BUCKET --cors-file=cors.json`.',
      pitfall: pitfall(ctx),
      notes,
    };
  },
};

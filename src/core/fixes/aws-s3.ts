// Amazon S3 bucket CORS configuration (put-bucket-cors JSON).
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { genericPitfall } from './pitfall';

// S3 CORSRule AllowedMethods accepts only these.
const S3_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'];

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'preflight-auth':
    case 'preflight-no-route':
    case 'missing-origin':
      return 'No CORSRule matches the origin, method and every requested header, so S3 answers the preflight with 403 `CORSResponse: This CORS request is not allowed`; AllowedHeaders must list each header (or "*").';
    case 'origin-mismatch':
    case 'response-missing-origin':
      return 'CloudFront in front of the bucket caches the object without forwarding Origin, so a response without (or with another) Access-Control-Allow-Origin is served; forward Origin in the cache key.';
    default:
      return genericPitfall(ctx);
  }
}

export const awsS3: StackModule = {
  id: 'aws-s3',
  name: 'AWS S3 (bucket CORS)',
  language: 'json',
  build(ctx) {
    const methods = ctx.methods.filter((m) => S3_METHODS.includes(m));
    const rule: Record<string, unknown> = { AllowedOrigins: [ctx.origin], AllowedMethods: methods.length > 0 ? methods : ['GET'] };
    if (ctx.headers.length > 0) rule['AllowedHeaders'] = ctx.headers;
    if (ctx.exposeHeaders.length > 0) rule['ExposeHeaders'] = ctx.exposeHeaders;
    if (ctx.preflight) rule['MaxAgeSeconds'] = ctx.maxAge;
    const notes = [
      'S3 names the origin and adds `Access-Control-Allow-Credentials: true` whenever the rule lists origins (not "*"), and sends `Vary: Origin`.',
    ];
    const unsupported = ctx.methods.filter((m) => !S3_METHODS.includes(m));
    if (unsupported.length > 0) notes.push(`S3 CORS rules cannot allow ${unsupported.join(', ')} (only GET, PUT, POST, DELETE, HEAD).`);
    return {
      title: 'Bucket CORS rule for the exact origin, methods and headers',
      snippet: JSON.stringify({ CORSRules: [rule] }, null, 2) + '\n',
      where: 'Save as cors.json and apply with `aws s3api put-bucket-cors --bucket BUCKET --cors-configuration file://cors.json` (or the bucket\'s Permissions > CORS in the console, which takes the CORSRules array).',
      pitfall: pitfall(ctx),
      notes,
    };
  },
};

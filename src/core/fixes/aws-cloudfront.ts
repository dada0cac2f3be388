// Amazon CloudFront: a response headers policy with CORS (CloudFormation JSON).
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { genericPitfall } from './pitfall';

// CloudFront accepts only these in AccessControlAllowMethods (ResponseHeadersPolicyAccessControlAllowMethodsValues).
const CLOUDFRONT_METHODS = ['GET', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'origin-mismatch':
    case 'missing-origin':
    case 'response-missing-origin':
      return 'The cache key does not include the Origin header, so CloudFront serves a response cached for another origin (or for a request without Origin). Use the CORS-S3Origin / CORS-CustomOrigin origin request policy and a cache policy that keys on Origin, or this response headers policy.';
    case 'preflight-no-route':
    case 'preflight-auth':
      return 'The behavior allows only GET and HEAD, so CloudFront answers OPTIONS with 403; allow GET, HEAD, OPTIONS (and the other methods) on the behavior.';
    case 'multiple-origins':
      return 'The origin and CloudFront both send Access-Control-Allow-Origin; `OriginOverride: true` makes CloudFront replace the origin\'s copy.';
    default:
      return genericPitfall(ctx);
  }
}

export const awsCloudfront: StackModule = {
  id: 'aws-cloudfront',
  name: 'AWS CloudFront (response headers policy)',
  language: 'json',
  build(ctx) {
    const methods = ctx.methods.filter((m) => CLOUDFRONT_METHODS.includes(m));
    if (!methods.includes('OPTIONS')) methods.push('OPTIONS');
    const cors: Record<string, unknown> = {
      AccessControlAllowOrigins: { Items: [ctx.origin] },
      AccessControlAllowMethods: { Items: methods },
      AccessControlAllowHeaders: { Items: ctx.headers.length > 0 ? ctx.headers : ['Content-Type'] },
      AccessControlAllowCredentials: ctx.credentials,
      OriginOverride: true,
    };
    if (ctx.exposeHeaders.length > 0) cors['AccessControlExposeHeaders'] = { Items: ctx.exposeHeaders };
    if (ctx.preflight) cors['AccessControlMaxAgeSec'] = ctx.maxAge;
    const template = {
      Resources: {
        CorsPolicy: { Type: 'AWS::CloudFront::ResponseHeadersPolicy', Properties: { ResponseHeadersPolicyConfig: { Name: 'api-cors', CorsConfig: cors } } },
      },
    };
    return {
      title: 'Response headers policy with CORS, attached to the API behavior',
      snippet: JSON.stringify(template, null, 2) + '\n',
      where: "Your CloudFormation template; attach it with `ResponseHeadersPolicyId: !Ref CorsPolicy` on the cache behavior for the API path, whose AllowedMethods must include OPTIONS.",
      pitfall: pitfall(ctx),
      // "CloudFront modifies the headers in the responses that it serves from the cache and the ones
      // that it forwards from the origin." (CloudFront Developer Guide, modifying-response-headers)
      notes: [
        "The policy adds these headers to the responses CloudFront serves from its cache and those it forwards from the origin, with exactly one Access-Control-Allow-Origin (OriginOverride replaces the origin's).",
        ...(ctx.preflight
          ? ['A response headers policy only changes headers, never a status: the origin must still answer OPTIONS with a 2xx, or a 403, 404 or 405 preflight stays blocked.']
          : []),
      ],
    };
  },
};

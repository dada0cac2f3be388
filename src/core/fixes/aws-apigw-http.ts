// Amazon API Gateway HTTP API (v2): CorsConfiguration, as CloudFormation JSON.
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { genericPitfall } from './pitfall';

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'preflight-auth':
      return 'An `ANY /{proxy+}` route with a JWT or Lambda authorizer also catches OPTIONS, so the preflight gets 401; add an `OPTIONS /{proxy+}` route without authorization (CorsConfiguration then answers it).';
    case 'multiple-origins':
      return 'With CorsConfiguration set, API Gateway ignores the CORS headers the backend returns, so a second Access-Control-Allow-Origin comes from another layer (a CloudFront distribution or proxy in front) or from a backend while CorsConfiguration is unset; keep CORS in CorsConfiguration alone.';
    default:
      return genericPitfall(ctx);
  }
}

export const awsApigwHttp: StackModule = {
  id: 'aws-apigw-http',
  name: 'AWS API Gateway (HTTP API)',
  language: 'json',
  build(ctx) {
    const cors: Record<string, unknown> = { AllowOrigins: [ctx.origin], AllowMethods: ctx.methods };
    if (ctx.headers.length > 0) cors['AllowHeaders'] = ctx.headers;
    if (ctx.credentials) cors['AllowCredentials'] = true;
    if (ctx.exposeHeaders.length > 0) cors['ExposeHeaders'] = ctx.exposeHeaders;
    if (ctx.preflight) cors['MaxAge'] = ctx.maxAge;
    const template = { Resources: { HttpApi: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'api', ProtocolType: 'HTTP', CorsConfiguration: cors } } } };
    return {
      title: 'CorsConfiguration on the HTTP API with the exact origin',
      snippet: JSON.stringify(template, null, 2) + '\n',
      where: 'The `AWS::ApiGatewayV2::Api` resource of your template (or `aws apigatewayv2 update-api --api-id ID --cors-configuration file://cors.json` with the CorsConfiguration object).',
      pitfall: pitfall(ctx),
      // "If you configure CORS for an API, API Gateway ignores CORS headers returned from your
      // backend integration." (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html)
      notes: ['With CorsConfiguration set, API Gateway answers preflights itself (even without an OPTIONS route) and ignores the CORS headers the backend returns.'],
    };
  },
};

// Amazon API Gateway REST API (v1): a MOCK OPTIONS method plus gateway responses, as CloudFormation JSON.
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { headerList } from './literals';
import { genericPitfall } from './pitfall';

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'preflight-auth':
      return 'The OPTIONS method has an authorizer (or API key required), so the credential-less preflight gets 401/403 from the gateway; OPTIONS must use AuthorizationType NONE.';
    case 'error-response':
      return `The ${ctx.responseStatus ?? '4xx/5xx'} comes from API Gateway itself (authorizer deny, throttling, integration timeout), and its gateway responses carry no CORS headers until DEFAULT_4XX/DEFAULT_5XX are given them.`;
    case 'response-missing-origin':
      return "\"Enable CORS\" in the console only adds the OPTIONS mock; with Lambda proxy integration the function's own response must carry Access-Control-Allow-Origin.";
    case 'missing-origin':
    case 'preflight-no-route':
      return 'No OPTIONS method exists on this resource (CORS was enabled on another resource, or the API was not redeployed after enabling it), so the gateway answers 403 `Missing Authentication Token`.';
    default:
      return genericPitfall(ctx);
  }
}

export const awsApigwRest: StackModule = {
  id: 'aws-apigw-rest',
  name: 'AWS API Gateway (REST API)',
  language: 'json',
  build(ctx) {
    const corsParams = (prefix: string, preflight: boolean): Record<string, string> => {
      const p: Record<string, string> = { [`${prefix}.Access-Control-Allow-Origin`]: `'${ctx.origin}'`, [`${prefix}.Vary`]: "'Origin'" };
      if (ctx.credentials) p[`${prefix}.Access-Control-Allow-Credentials`] = "'true'";
      if (preflight) {
        p[`${prefix}.Access-Control-Allow-Methods`] = `'${headerList([...ctx.methods, 'OPTIONS'])}'`;
        if (ctx.headers.length > 0) p[`${prefix}.Access-Control-Allow-Headers`] = `'${headerList(ctx.headers)}'`;
        p[`${prefix}.Access-Control-Max-Age`] = `'${ctx.maxAge}'`;
      } else if (ctx.exposeHeaders.length > 0) {
        p[`${prefix}.Access-Control-Expose-Headers`] = `'${headerList(ctx.exposeHeaders)}'`;
      }
      return p;
    };
    const methodResponseParams = Object.fromEntries(Object.keys(corsParams('method.response.header', true)).map((k) => [k, true]));
    const gatewayResponse = (type: string) => ({
      Type: 'AWS::ApiGateway::GatewayResponse',
      Properties: { RestApiId: { Ref: 'Api' }, ResponseType: type, ResponseParameters: corsParams('gatewayresponse.header', false) },
    });
    const template = {
      Resources: {
        PreflightMethod: {
          Type: 'AWS::ApiGateway::Method',
          Properties: {
            RestApiId: { Ref: 'Api' },
            ResourceId: { Ref: 'ApiResource' },
            HttpMethod: 'OPTIONS',
            AuthorizationType: 'NONE',
            ApiKeyRequired: false,
            Integration: {
              Type: 'MOCK',
              RequestTemplates: { 'application/json': '{"statusCode": 204}' },
              IntegrationResponses: [{ StatusCode: '204', ResponseParameters: corsParams('method.response.header', true) }],
            },
            MethodResponses: [{ StatusCode: '204', ResponseParameters: methodResponseParams }],
          },
        },
        Default4xxResponse: gatewayResponse('DEFAULT_4XX'),
        Default5xxResponse: gatewayResponse('DEFAULT_5XX'),
      },
    };
    return {
      title: 'MOCK OPTIONS method without auth, and CORS headers on gateway responses',
      snippet: JSON.stringify(template, null, 2) + '\n',
      where: 'Your CloudFormation/SAM template (merge into Resources; `Api` and `ApiResource` are your RestApi and the resource for this path), then create a new deployment: REST API changes apply only after a redeploy.',
      pitfall: pitfall(ctx),
      notes: [
        'The MOCK integration answers the preflight without touching the backend or any authorizer (AuthorizationType NONE).',
        "DEFAULT_4XX/DEFAULT_5XX gateway responses carry the CORS headers too, so authorizer denials, throttling and timeouts show their real status in the page.",
        'With Lambda proxy integration, the function must return Access-Control-Allow-Origin (and Vary: Origin) on the actual response itself.',
      ],
    };
  },
};

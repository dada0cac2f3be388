// Every server stack's id, in one `as const` list: StackId is derived from it. Kept apart from the
// stacks' fix generators (src/core/fixes/) so that stack detection and the panel's first load can
// check an id without loading 27 generators; test/core/stack-ids.test.ts keeps it equal to the
// generators' STACKS, in the same order.

export const STACK_IDS = [
  'express', 'fastify', 'koa', 'nestjs', 'nextjs', 'hono',
  'django', 'flask', 'fastapi', 'spring', 'aspnet', 'go-rs-cors', 'go-gin', 'rails', 'laravel',
  'nginx', 'apache', 'caddy', 'iis',
  'aws-apigw-rest', 'aws-apigw-http', 'aws-cloudfront', 'aws-s3', 'gcs', 'cloudflare-workers', 'vercel', 'netlify',
] as const;

export type StackId = (typeof STACK_IDS)[number];

const known: ReadonlySet<string> = new Set(STACK_IDS);

export function isStackId(value: unknown): value is StackId {
  return typeof value === 'string' && known.has(value);
}

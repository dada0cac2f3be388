// Every server stack's id, without the stacks' fix generators: what main.tsx checks a remembered
// stack against when the panel opens. Importing STACKS from src/core/fixes instead would put all
// 27 generators in the panel's first load. The compiler keeps this list complete (StackId is a
// union); test/panel/stack-ids.test.ts keeps it equal to STACKS.
import type { StackId } from '../core/fixes/fix';

export const STACK_IDS = [
  'express', 'fastify', 'koa', 'nestjs', 'nextjs', 'hono',
  'django', 'flask', 'fastapi', 'spring', 'aspnet', 'go-rs-cors', 'go-gin', 'rails', 'laravel',
  'nginx', 'apache', 'caddy', 'iis',
  'aws-apigw-rest', 'aws-apigw-http', 'aws-cloudfront', 'aws-s3', 'gcs', 'cloudflare-workers', 'vercel', 'netlify',
] as const satisfies readonly StackId[];

// Fails to compile when StackId gains a member this list lacks.
type Missing = Exclude<StackId, (typeof STACK_IDS)[number]>;
const complete: [Missing] extends [never] ? true : Missing = true;
void complete;

const known: ReadonlySet<string> = new Set(STACK_IDS);

export function isStackId(value: unknown): value is StackId {
  return typeof value === 'string' && known.has(value);
}

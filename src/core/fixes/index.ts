// Diagnosis -> one server-side fix per stack, filled in with this request's values, the stack
// detected from the responses first.
import type { Diagnosis } from '../diagnose';
import type { Exchange } from '../exchange';
import { detectStack, type StackGuess } from '../stack-detect';
import { apache } from './apache';
import { aspnet } from './aspnet';
import { awsApigwHttp } from './aws-apigw-http';
import { awsApigwRest } from './aws-apigw-rest';
import { awsCloudfront } from './aws-cloudfront';
import { awsS3 } from './aws-s3';
import { caddy } from './caddy';
import { cloudflareWorkers } from './cloudflare-workers';
import { django } from './django';
import { express } from './express';
import { fastapi } from './fastapi';
import { fastify } from './fastify';
import type { Fix, StackId, StackModule } from './fix';
import { fixContext, type FixContext } from './fix-context';
import { flask } from './flask';
import { gcs } from './gcs';
import { goGin } from './go-gin';
import { goRsCors } from './go-rs-cors';
import { hono } from './hono';
import { iis } from './iis';
import { koa } from './koa';
import { laravel } from './laravel';
import { nestjs } from './nestjs';
import { netlify } from './netlify';
import { nextjs } from './nextjs';
import { nginx } from './nginx';
import { provenBy } from './proof';
import { rails } from './rails';
import { spring } from './spring';
import { vercel } from './vercel';
import { verifyCommand, verifyExpectation } from './verify-command';

export type { Fix, StackId } from './fix';
export type { Proof, ProvenBy } from './proof';
export { PROOFS, proofDetail, proofSummary, provenBy } from './proof';
export type { FailureKind, FixContext } from './fix-context';
export type { StackGuess, StackLayer } from '../stack-detect';
export { detectStack } from '../stack-detect';
export { fixContext } from './fix-context';

const MODULES: readonly StackModule[] = [
  express, fastify, koa, nestjs, nextjs, hono,
  django, flask, fastapi, spring, aspnet, goRsCors, goGin, rails, laravel,
  nginx, apache, caddy, iis,
  awsApigwRest, awsApigwHttp, awsCloudfront, awsS3, gcs, cloudflareWorkers, vercel, netlify,
];

export const STACKS: ReadonlyArray<{ id: StackId; name: string }> = MODULES.map((m) => ({ id: m.id, name: m.name }));

function sharedNotes(ctx: FixContext, guesses: StackGuess[]): string[] {
  const notes: string[] = [...ctx.clientNotes];
  if (!ctx.originKnown) notes.push(`The page origin was not observed as a usable origin, so \`${ctx.origin}\` stands in for it: replace it with your front end's exact origin.`);
  const layers = new Map<string, string[]>();
  for (const g of guesses) if (g.layer) layers.set(g.layer, [...(layers.get(g.layer) ?? []), g.stack]);
  if (layers.size > 1 || ctx.duplicateLayers) {
    const seen = guesses.map((g) => `${g.stack} (${g.layer ?? 'app'})`).join(', ');
    notes.push(
      `${seen ? `Several layers answered this request: ${seen}. ` : ''}Set the CORS headers in exactly one of them and make the others pass them through untouched; when two layers both add Access-Control-Allow-Origin the browser sees two values and blocks the request.`,
    );
  }
  notes.push(verifyExpectation(ctx));
  return notes;
}

/**
 * One fix per stack; stacks detected from the responses come first, most likely first.
 * `only` limits the work to the named stacks (a report shows one fix: building all 27 for it
 * was two thirds of a report's cost). `verifyFilter` goes to verifyCommand: a report's redactor,
 * applied to each value of the Verify line before quoting.
 */
export function fixesFor(diagnosis: Diagnosis, exchange: Exchange, opts: { only?: readonly StackId[]; verifyFilter?: (s: string) => string } = {}): Fix[] {
  const ctx = fixContext(diagnosis, exchange);
  const guesses = detectStack(exchange);
  const rank = new Map<StackId, number>();
  guesses.forEach((g, i) => rank.set(g.stack, i));
  const wanted = opts.only ? MODULES.filter((m) => opts.only!.includes(m.id)) : MODULES;
  const ordered = [...wanted].sort((a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity));
  const verify = verifyCommand(ctx, opts.verifyFilter);
  const shared = sharedNotes(ctx, guesses);
  return ordered.map((m) => {
    const draft = m.build(ctx);
    const notes = [...(draft.notes ?? []), ...shared];
    return {
      stack: m.id,
      title: draft.title,
      language: m.language,
      snippet: draft.snippet,
      where: draft.where,
      pitfall: draft.pitfall,
      verify,
      ...(notes.length > 0 ? { notes } : {}),
      provenBy: provenBy(m.id),
    };
  });
}

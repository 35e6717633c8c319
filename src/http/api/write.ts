/**
 * Write endpoints for contributors' scripts (an API token with the drafts:write scope) and
 * signed-in users: they create drafts that go through the same review as the forms. Nothing is
 * published by them.
 */
import { z } from 'zod';
import { AppError, invalid, notFound } from '../../errors.ts';
import type { ActorSchema } from '../../domain/actor.ts';
import type { Problem } from '../../domain/problems.ts';
import { createActorDraft } from '../../services/actor-drafts.ts';
import { createDraft, type Outcome } from '../../services/editorial.ts';
import type { AppDeps } from '../deps.ts';
import { apiRoute, type ApiRoute } from './route.ts';
import { slugParams } from './schemas.ts';

const draftBody = z
  .object({
    record: z.record(z.string(), z.unknown()).describe('The record in the contract\'s shape; for PATCH, only the fields that change'),
    reason: z.string().trim().min(3).max(2000).optional().describe('What the change is and why (required to submit)'),
    submit: z.boolean().optional().describe('Submit for review at once'),
  })
  .strict();

/** An actor's draft needs a reason from the start: it is checked in full when it is made. */
const actorReason = z.string().trim().min(3).max(2000).describe('What the change is and why (shown to the editors and kept with the revision)');
const actorSubmit = z.boolean().optional().describe('Submit for review at once (otherwise the draft waits for its author to submit it)');

function actorBodies(actorSchema: ActorSchema) {
  return {
    create: z.object({ record: actorSchema.describe('The actor, as in an actor file of an import'), reason: actorReason, submit: actorSubmit }).strict(),
    change: z
      .object({ record: actorSchema.omit({ slug: true }).partial().describe('Only the fields that change; each replaces the published value'), reason: actorReason, submit: actorSubmit })
      .strict(),
  };
}

const draftResponse = z.object({ id: z.number().int(), state: z.string(), review_url: z.string() });

/** Problems from the editorial service as an HTTP error. */
export function outcomeError(outcome: { problems: Problem[]; status?: number }): AppError {
  if (outcome.status === 404) return notFound(outcome.problems[0]?.message);
  if (outcome.status === 403) return new AppError('BL_ERR_FORBIDDEN', outcome.problems[0]?.message);
  if (outcome.status === 409) return new AppError('BL_ERR_CONFLICT', outcome.problems[0]?.message, outcome.problems);
  return invalid(outcome.problems, 'The record is not valid.');
}

export function writeRoutes(deps: AppDeps): ApiRoute<any, any, any>[] {
  // The actor schema is the catalogue's, which is rebuilt when vocabularies change: the bodies follow it.
  let builtFrom: ActorSchema | undefined;
  let bodies: ReturnType<typeof actorBodies>;
  const actorBody = () => {
    if (builtFrom !== deps.catalog.actorSchema) {
      builtFrom = deps.catalog.actorSchema;
      bodies = actorBodies(builtFrom);
    }
    return bodies;
  };
  const editorial = { db: deps.db, catalog: deps.catalog, rules: deps.rules, language: deps.config.searchLanguage };
  const answer = (reply: { code: (n: number) => unknown }, outcome: Outcome<{ id: number; state: string }>) => {
    if ('problems' in outcome) throw outcomeError(outcome);
    reply.code(201);
    return { ...outcome.ok, review_url: `${deps.baseUrl}/review/drafts/${outcome.ok.id}` };
  };
  return [
    apiRoute({
      method: 'POST',
      url: '/api/v1/deployments',
      operationId: 'proposeDeployment',
      summary: 'Propose a new deployment (creates a draft for review)',
      description: 'Needs an API token (Authorization: Bearer …) with the drafts:write scope, or a signed-in session with its CSRF token. The draft is validated with every field optional; publication, by an editor, needs the full record with at least one source.',
      tag: 'Contributions',
      access: 'contributor',
      scope: 'drafts:write',
      body: draftBody,
      response: draftResponse,
      created: true,
      errors: [400, 401, 403, 409],
      handler: async ({ body }, request, reply) => {
        return answer(reply, await createDraft(editorial, request.user!, { record: body.record, reason: body.reason, submit: body.submit }));
      },
    }),
    apiRoute({
      method: 'PATCH',
      url: '/api/v1/deployments/:slug',
      operationId: 'proposeChange',
      summary: 'Propose a change to a deployment (creates a draft for review)',
      tag: 'Contributions',
      access: 'contributor',
      scope: 'drafts:write',
      params: slugParams,
      body: draftBody,
      response: draftResponse,
      created: true,
      errors: [400, 401, 403, 404],
      handler: async ({ params, body }, request, reply) => {
        return answer(reply, await createDraft(editorial, request.user!, { slug: params.slug, record: body.record, reason: body.reason, submit: body.submit }));
      },
    }),
    apiRoute({
      method: 'POST',
      url: '/api/v1/actors',
      operationId: 'proposeActor',
      summary: 'Propose a new actor (creates a draft for review)',
      description: 'Needs an API token (Authorization: Bearer …) with the drafts:write scope, or a signed-in session with its CSRF token. The actor is checked as in an import (and its parent must exist); an editor publishes it through the review, which records a revision with the reason.',
      tag: 'Contributions',
      access: 'contributor',
      scope: 'drafts:write',
      get body() {
        return actorBody().create;
      },
      response: draftResponse,
      created: true,
      errors: [400, 401, 403, 409],
      handler: async ({ body }, request, reply) => {
        return answer(reply, await createActorDraft(editorial, request.user!, { record: body.record, reason: body.reason, submit: body.submit }));
      },
    }),
    apiRoute({
      method: 'PATCH',
      url: '/api/v1/actors/:slug',
      operationId: 'proposeActorChange',
      summary: 'Propose a change to an actor (creates a draft for review)',
      description: 'The fields given replace the published ones; the result is checked as in an import. Same credentials as proposing an actor.',
      tag: 'Contributions',
      access: 'contributor',
      scope: 'drafts:write',
      params: slugParams,
      get body() {
        return actorBody().change;
      },
      response: draftResponse,
      created: true,
      errors: [400, 401, 403, 404],
      handler: async ({ params, body }, request, reply) => {
        return answer(reply, await createActorDraft(editorial, request.user!, { slug: params.slug, record: body.record, reason: body.reason, submit: body.submit }));
      },
    }),
  ];
}

/**
 * Write endpoints for contributors' scripts (an API token with the drafts:write scope) and
 * signed-in users: they create drafts that go through the same review as the forms. Nothing is
 * published by them.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, invalid, notFound } from '../../errors.ts';
import type { Problem } from '../../domain/problems.ts';
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

const draftResponse = z.object({ id: z.number().int(), state: z.string(), review_url: z.string() });

/** Problems from the editorial service as an HTTP error. */
export function outcomeError(outcome: { problems: Problem[]; status?: number }): AppError {
  if (outcome.status === 404) return notFound(outcome.problems[0]?.message);
  if (outcome.status === 403) return new AppError('BL_ERR_FORBIDDEN', outcome.problems[0]?.message);
  if (outcome.status === 409) return new AppError('BL_ERR_CONFLICT', outcome.problems[0]?.message, outcome.problems);
  return invalid(outcome.problems, 'The record is not valid.');
}

function requireScope(request: FastifyRequest): void {
  if (request.tokenScopes && !request.tokenScopes.includes('drafts:write')) throw new AppError('BL_ERR_FORBIDDEN', 'The token lacks the drafts:write scope.');
}

export function writeRoutes(deps: AppDeps): ApiRoute<any, any, any>[] {
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
      body: draftBody,
      response: draftResponse,
      errors: [400, 401, 403, 409],
      handler: async ({ body }, request, reply) => {
        requireScope(request);
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
      params: slugParams,
      body: draftBody,
      response: draftResponse,
      errors: [400, 401, 403, 404],
      handler: async ({ params, body }, request, reply) => {
        requireScope(request);
        return answer(reply, await createDraft(editorial, request.user!, { slug: params.slug, record: body.record, reason: body.reason, submit: body.submit }));
      },
    }),
  ];
}

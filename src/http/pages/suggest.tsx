/**
 * /suggest: anyone may suggest a deployment or a correction, without an account. Rate limited
 * per client (by a key that is not the address), with a honeypot field, and nothing about the
 * sender is stored. /review/suggestions: the editors' queue of suggestions.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { reviewDecisionSchema, suggestionSchema } from '../../domain/suggestion.ts';
import { notFound } from '../../errors.ts';
import { appendAudit } from '../../repositories/audit.repository.ts';
import { decideSuggestion, insertSuggestion, listSuggestions } from '../../repositories/suggestions.repository.ts';
import { ReviewSuggestionsPage, SuggestPage, SuggestThanksPage } from '../../views/pages/suggest.tsx';
import { renderPage } from '../../views/render.tsx';
import { needs, PUBLIC } from '../access.ts';
import type { AppDeps } from '../deps.ts';
import { sendUncachedPage } from './html.ts';
import { clientKeyFunction } from '../session.ts';
import { parseInput } from '../validate.ts';

const SUGGESTIONS_PER_HOUR = 10;
const FIELDS = ['kind', 'deployment_slug', 'what', 'place', 'sources'] as const;

export function registerSuggestPages(app: FastifyInstance, deps: AppDeps): void {
  const { db, view } = deps;
  const page = sendUncachedPage;
  const clientKey = clientKeyFunction();

  app.get('/suggest', PUBLIC, async (request, reply) => page(reply, 200, renderPage(view, <SuggestPage csrf={reply.preSessionToken(request)} values={{}} errors={new Map()} />)));

  app.post(
    '/suggest',
    { config: { access: 'public', rateLimit: { max: SUGGESTIONS_PER_HOUR, timeWindow: '1 hour', keyGenerator: clientKey } } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values = Object.fromEntries(FIELDS.map((f) => [f, typeof body[f] === 'string' ? (body[f] as string) : ''])) as Record<string, string>;
      // A bot filled the field people never see: answer as if all went well, keep nothing.
      if (typeof body.website === 'string' && body.website !== '') return page(reply, 200, renderPage(view, <SuggestThanksPage />));
      const parsed = suggestionSchema.safeParse({ ...values, place: values.place || undefined });
      if (!parsed.success) {
        const errors = new Map<string, string>();
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? 'what');
          if (!errors.has(field)) errors.set(field, issue.message);
        }
        return page(reply, 400, renderPage(view, <SuggestPage csrf={reply.preSessionToken(request)} values={values} errors={errors} />));
      }
      await insertSuggestion(db, parsed.data);
      return page(reply, 200, renderPage(view, <SuggestThanksPage />));
    },
  );

  const statusQuery = z.object({ status: z.enum(['new', 'accepted', 'rejected']).default('new') });
  app.get('/review/suggestions', needs('editor'), async (request, reply) => {
    const { status } = parseInput(statusQuery, request.query);
    return page(reply, 200, renderPage(view, <ReviewSuggestionsPage status={status} items={await listSuggestions(db, status)} csrf={request.session?.csrfToken ?? ''} />));
  });

  const idParams = z.object({ id: z.coerce.number().int().positive() });
  app.post('/review/suggestions/:id', needs('editor'), async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const decision = parseInput(reviewDecisionSchema, { status: body.status, reason: typeof body.reason === 'string' && body.reason !== '' ? body.reason : undefined });
    const done = await db.transaction().execute(async (trx) => {
      if (!(await decideSuggestion(trx, id, decision, request.user!.id))) return false;
      await appendAudit(trx, { actorId: request.user!.id, action: `suggestion.${decision.status === 'accepted' ? 'accept' : 'reject'}`, subject: `suggestion:${id}`, details: decision.reason ? { reason: decision.reason } : {} });
      return true;
    });
    if (!done) throw notFound(`No new suggestion #${id}`);
    return reply.redirect('/review/suggestions', 303);
  });
}

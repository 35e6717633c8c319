/** The rules pages: the index of rule sets and a page per rule. */
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../errors.ts';
import { deploymentsForRule, ruleCounts } from '../../repositories/assessments.repository.ts';
import { RulePage, RulesIndexPage } from '../../views/pages/rules.tsx';
import { renderPage } from '../../views/render.tsx';
import { ruleIdParams } from '../api/assessment-schemas.ts';
import type { AppDeps } from '../deps.ts';
import { parseInput } from '../validate.ts';
import { html } from './html.ts';
import { PUBLIC } from '../access.ts';

const LIST_LIMIT = 50;

export function registerRulePages(app: FastifyInstance, deps: AppDeps): void {
  const { db, view, cache, rules } = deps;

  app.get('/rules', PUBLIC, cache.handler(async () => html(renderPage(view, <RulesIndexPage rulesets={rules.rulesets} counts={await ruleCounts(db)} />))));

  app.get('/rules/:id', PUBLIC, cache.handler(async (request) => {
    const { id } = parseInput(ruleIdParams, request.params);
    const found = rules.rule(id);
    if (!found) throw notFound(`No rule "${id}"`);
    const [applies, undetermined] = await Promise.all([deploymentsForRule(db, id, 'applies', LIST_LIMIT), deploymentsForRule(db, id, 'undetermined', LIST_LIMIT)]);
    return html(renderPage(view, <RulePage rule={found.rule} ruleset={found.ruleset} applies={applies} undetermined={undetermined} />));
  }));
}

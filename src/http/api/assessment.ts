/** The assessment API: assess a proposed system, a deployment's assessment, and the rules. */
import { notFound } from '../../errors.ts';
import { ruleOutcomes } from '../../domain/assessment/ruleset.ts';
import type { AssessableRecord } from '../../domain/assessment/attributes.ts';
import { findDeployment } from '../../repositories/deployments.repository.ts';
import { assessWith, presentAssessment, today } from '../../services/assessment.ts';
import { translator } from '../../i18n/translator.ts';
import type { AppDeps } from '../deps.ts';
import { apiRoute, type ApiRoute } from './route.ts';
import { slugParams } from './schemas.ts';
import { asOfQuery, assessmentSchema, ruleIdParams, rulesListSchema, ruleSummarySchema } from './assessment-schemas.ts';
import { z } from 'zod';

export function assessmentRoutes(deps: AppDeps): ApiRoute<any, any, any>[] {
  const { db, catalog, rules, baseUrl } = deps;
  const en = translator('en');
  const report = (record: AssessableRecord, asOf: string | undefined) => presentAssessment(assessWith(rules, record, asOf ?? today()), rules, en);
  const ruleSummary = (id: string) => {
    const { rule, ruleset } = rules.rule(id)!;
    return {
      id: rule.id,
      ruleset: ruleset.id,
      title: rule.title,
      outcomes: [...new Set(ruleOutcomes(rule))],
      binding: ruleset.binding,
      applies_from: rule.applies_from,
      text_status: rule.text_status,
      page_url: `${baseUrl}/rules/${rule.id}`,
    };
  };
  return [
    apiRoute({
      method: 'POST',
      url: '/api/v1/assess',
      operationId: 'assess',
      // It computes an answer and changes nothing: a forged request gains nothing.
      csrf: false,
      summary: 'Assess a proposed system',
      description:
        'Send a record in the shape of a deployment, as complete as you can: every field is optional, actors need not exist in the compendium, and only vocabulary terms and formats are checked. What you leave out is unknown, never "no": rules that depend on it come back undetermined, naming the facts that would decide them.',
      tag: 'Assessment',
      query: asOfQuery,
      body: catalog.partialDeploymentSchema,
      response: assessmentSchema,
      handler: async ({ query, body }) => report(body as AssessableRecord, query.as_of),
    }),
    apiRoute({
      method: 'GET',
      url: '/api/v1/deployments/:slug/assessment',
      operationId: 'getDeploymentAssessment',
      summary: 'A deployment\'s assessment against every rule set',
      tag: 'Assessment',
      params: slugParams,
      query: asOfQuery,
      response: assessmentSchema,
      errors: [400, 404],
      handler: async ({ params, query }) => {
        const record = await findDeployment(db, params.slug);
        if (!record) throw notFound(`No deployment "${params.slug}"`);
        return report(record, query.as_of);
      },
    }),
    apiRoute({
      method: 'GET',
      url: '/api/v1/rules',
      operationId: 'listRules',
      summary: 'Every rule of every rule set',
      tag: 'Assessment',
      response: rulesListSchema,
      handler: async () => ({
        rulesets: rules.rulesets.map((r) => ({ id: r.id, title: r.title, version: r.version, binding: r.binding, jurisdiction: r.jurisdiction.label })),
        items: rules.rulesets.flatMap((r) => r.rules.map((rule) => ruleSummary(rule.id))),
      }),
    }),
    apiRoute({
      method: 'GET',
      url: '/api/v1/rules/:id',
      operationId: 'getRule',
      summary: 'One rule: its citation, text, trigger and dates',
      tag: 'Assessment',
      params: ruleIdParams,
      response: ruleSummarySchema.extend({ rule: z.record(z.string(), z.unknown()).describe('The rule as written in its rule set file') }),
      errors: [400, 404],
      handler: async ({ params }) => {
        if (!rules.rule(params.id)) throw notFound(`No rule "${params.id}"`);
        return { ...ruleSummary(params.id), rule: rules.rule(params.id)!.rule };
      },
    }),
  ];
}

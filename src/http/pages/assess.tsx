/**
 * /assess: the questionnaire for a proposed system and its report. Answers come in the query
 * string and nothing is stored or cached: each answer set is one person's question.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AssessableRecord } from '../../domain/assessment/attributes.ts';
import { zodProblems, type Problem } from '../../domain/problems.ts';
import { invalid } from '../../errors.ts';
import { en, type MessageKey } from '../../i18n/en.ts';
import { assessmentMarkdown } from '../../services/assessment-markdown.ts';
import { assessWith, presentAssessment, today } from '../../services/assessment.ts';
import { answersFrom, answersToRecord, buildQuestionnaire, questionOf, type Answers, type Step } from '../../services/questionnaire.ts';
import { AssessReportPage, AssessStepPage } from '../../views/pages/assess.tsx';
import { renderPage } from '../../views/render.tsx';
import type { AppDeps } from '../deps.ts';
import { derivedFrom } from '../../domain/catalog.ts';
import { sendUncachedPage } from './html.ts';
import { PUBLIC } from '../access.ts';

export function registerAssessPages(app: FastifyInstance, deps: AppDeps): void {
  const { catalog, rules, view } = deps;
  const { t } = view;
  const questionnaire = derivedFrom(catalog, () =>
    buildQuestionnaire(catalog.vocabs, {
      field: (name) => {
        const help = `question.${name}.help`;
        return { label: t(`question.${name}` as MessageKey), help: help in en ? t(help as MessageKey) : undefined };
      },
    }),
  );

  /** The answers, validated as a partial record; problems name the question they belong to. */
  const evaluate = (request: FastifyRequest) => {
    const steps = questionnaire();
    const answers = answersFrom(request.query as Record<string, unknown>, steps);
    const parsed = catalog.partialDeploymentSchema.safeParse(answersToRecord(answers, steps));
    if (parsed.success) return { answers, report: presentAssessment(assessWith(rules, parsed.data as AssessableRecord, today()), rules, view), problems: [] as Problem[] };
    return { answers, report: undefined, problems: zodProblems(parsed.error.issues).map((p) => ({ ...p, path: questionOf(p, steps) ?? p.path })) };
  };

  const page = sendUncachedPage;

  const stepPage = (reply: FastifyReply, index: number, answers: Answers, problems: Problem[], stepsOf: Step[]) => {
    const errors = new Map<string, string[]>();
    for (const p of problems) errors.set(p.path, [...(errors.get(p.path) ?? []), p.message]);
    return page(reply, problems.length ? 400 : 200, renderPage(view, <AssessStepPage steps={stepsOf} index={index} answers={answers} errors={errors} />));
  };

  app.get('/assess', PUBLIC, async (request, reply) => {
    const step = String((request.query as Record<string, unknown>).step ?? '1');
    const steps = questionnaire();
    if (step === 'report') {
      const { answers, report, problems } = evaluate(request);
      if (!report) {
        const first = steps.findIndex((s) => s.questions.some((q) => q.name === problems[0]?.path));
        return stepPage(reply, Math.max(0, first), answers, problems, steps);
      }
      return page(reply, 200, renderPage(view, <AssessReportPage report={report} rulesets={rules.rulesets} answers={answers} />));
    }
    // An unknown step number starts at the beginning rather than failing: it is a navigation aid.
    const n = Number.parseInt(step, 10);
    const index = Number.isInteger(n) && n >= 1 && n <= steps.length ? n - 1 : 0;
    return stepPage(reply, index, answersFrom(request.query as Record<string, unknown>, steps), [], steps);
  });

  app.get('/assess/report.json', PUBLIC, async (request, reply) => {
    const { report, problems } = evaluate(request);
    if (!report) throw invalid(problems, 'Some answers are not valid.');
    return reply.header('content-disposition', 'attachment; filename="borderlens-assessment.json"').header('cache-control', 'no-store').type('application/json; charset=utf-8').send(JSON.stringify(report, null, 2));
  });

  app.get('/assess/report.md', PUBLIC, async (request, reply) => {
    const { report, problems } = evaluate(request);
    if (!report) throw invalid(problems, 'Some answers are not valid.');
    return reply
      .header('content-disposition', 'attachment; filename="borderlens-assessment.md"')
      .header('cache-control', 'no-store')
      .type('text/markdown; charset=utf-8')
      .send(assessmentMarkdown(report, rules.rulesets, view, t('assess.reportTitle')));
  });
}

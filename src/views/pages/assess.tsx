/**
 * The questionnaire for a proposed system: one theme per step, plain GET forms (so it works
 * without JavaScript and every state is a URL), the answers of other steps carried in hidden
 * fields; then the report, printable and downloadable.
 */
import type { Ruleset } from '../../domain/assessment/ruleset.ts';
import type { MessageKey } from '../../i18n/en.ts';
import type { PresentedAssessment } from '../../services/assessment.ts';
import { NONE, type Answers, type Question, type Step } from '../../services/questionnaire.ts';
import { AssessmentReport } from '../components/assessment-report.tsx';
import { useView } from '../context.ts';
import { Layout } from '../layout.tsx';
import { ErrorSummary } from '../components/error-summary.tsx';

const values = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The answers as a query string, for links (back to the questions, downloads). */
export function answersQuery(answers: Answers, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(answers)) for (const x of values(v)) params.append(k, x);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

export interface AssessStepProps {
  steps: Step[];
  index: number;
  answers: Answers;
  /** Problems by question name, shown next to the question. */
  errors: Map<string, string[]>;
}

export function AssessStepPage({ steps, index, answers, errors }: AssessStepProps) {
  const { t } = useView();
  const step = steps[index]!;
  const here = new Set(step.questions.map((q) => q.name));
  const title = t(`assess.step.${step.id}` as MessageKey);
  return (
    <Layout title={`${t('assess.title')}: ${title}`}>
      <h1>{t('assess.title')}</h1>
      <p class="lead">{t('assess.lead')}</p>
      <ErrorSummary errors={errors} href={(name) => `#q-${name}`} label={() => null} lead={t('assess.fix')} />
      <form method="get" action="/assess" class="questionnaire">
        {Object.entries(answers)
          .filter(([name]) => !here.has(name))
          .flatMap(([name, v]) => values(v).map((x) => <input type="hidden" name={name} value={x} />))}
        <h2>{t('assess.step', { n: index + 1, total: steps.length, title })}</h2>
        {step.questions.map((q) => (
          <QuestionField question={q} answer={answers[q.name]} errors={errors.get(q.name)} />
        ))}
        <div class="step-buttons">
          {index > 0 && (
            <button type="submit" name="step" value={String(index)} class="secondary">
              {t('assess.back')}
            </button>
          )}
          {index < steps.length - 1 && (
            <button type="submit" name="step" value={String(index + 2)}>
              {t('assess.next')}
            </button>
          )}
          <button type="submit" name="step" value="report">
            {t('assess.report')}
          </button>
        </div>
      </form>
    </Layout>
  );
}

function QuestionField({ question: q, answer, errors }: { question: Question; answer: string | string[] | undefined; errors?: string[] }) {
  const { t } = useView();
  const chosen = values(answer);
  const id = `q-${q.name}`;
  const hint = q.help ? `${id}-help` : undefined;
  const error = errors?.length ? <p class="field-error" id={`${id}-error`}>{errors.join('; ')}</p> : null;
  const describedBy = [hint, errors?.length ? `${id}-error` : undefined].filter(Boolean).join(' ') || undefined;
  if (q.kind === 'countries' || q.kind === 'date') {
    return (
      <div class="question" id={id}>
        <label for={`${id}-input`}>{q.label}</label>
        {q.help && <p class="hint" id={hint}>{q.help}</p>}
        {error}
        <input type="text" id={`${id}-input`} name={q.name} value={chosen.join(', ')} aria-describedby={describedBy} aria-invalid={errors?.length ? 'true' : undefined} />
      </div>
    );
  }
  const choices: { value: string; label: string; help?: string }[] =
    q.kind === 'bool'
      ? [
          { value: 'yes', label: t('assess.yes') },
          { value: 'no', label: t('assess.no') },
          { value: 'unknown', label: t('assess.dontKnow') },
        ]
      : q.kind === 'enum'
        ? [...q.options, { value: 'unknown', label: t('assess.dontKnow') }]
        : [...q.options, { value: NONE, label: t('assess.none') }];
  const type = q.kind === 'set' ? 'checkbox' : 'radio';
  // Radios default to "I don't know"; unticked checkboxes mean the same for a list.
  const checked = (v: string) => chosen.includes(v) || (type === 'radio' && chosen.length === 0 && v === 'unknown');
  return (
    <fieldset class="question" id={id} aria-describedby={describedBy}>
      <legend>{q.label}</legend>
      {q.help && <p class="hint" id={hint}>{q.help}</p>}
      {q.kind === 'set' && <p class="hint">{t('assess.setHint')}</p>}
      {error}
      <ul class="choices">
        {choices.map((c) => (
          <li>
            <label>
              <input type={type} name={q.name} value={c.value} checked={checked(c.value)} /> {c.label}
            </label>
            {c.help && <span class="hint"> {c.help}</span>}
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

export interface AssessReportProps {
  report: PresentedAssessment;
  rulesets: readonly Ruleset[];
  answers: Answers;
}

export function AssessReportPage({ report, rulesets, answers }: AssessReportProps) {
  const { t } = useView();
  const query = answersQuery(answers);
  return (
    <Layout title={t('assess.reportTitle')} json={`/assess/report.json?${query}`}>
      <h1>{t('assess.reportTitle')}</h1>
      <p class="no-print">
        <a href={`/assess?${answersQuery(answers, { step: '1' })}`}>{t('assess.edit')}</a> · <a href={`/assess/report.json?${query}`}>{t('assess.downloadJson')}</a> ·{' '}
        <a href={`/assess/report.md?${query}`}>{t('assess.downloadMarkdown')}</a>
      </p>
      <p class="muted no-print">{t('assess.print')}</p>
      <AssessmentReport report={report} rulesets={rulesets} linkSources={false} />
    </Layout>
  );
}

/**
 * An assessment report: the plain-language summary, then the findings grouped by framework, each
 * a <details> that opens to its citation, the wording (with how far it has been checked), the
 * facts that made it fire with the record's sources behind them, and the facts still missing.
 * Works without JavaScript; prints with every finding open (print stylesheet).
 */
import type { Finding } from '../../domain/assessment/engine.ts';
import type { Ruleset } from '../../domain/assessment/ruleset.ts';
import type { PresentedAssessment } from '../../services/assessment.ts';
import { formatPartialDate } from '../../services/assessment.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { useView } from '../context.ts';

interface Props {
  report: PresentedAssessment;
  rulesets: readonly Ruleset[];
  /** Link sources to #source-n (a compendium record's page). */
  linkSources: boolean;
  headingLevel?: 2 | 3;
}

export function AssessmentReport({ report, rulesets, linkSources, headingLevel = 2 }: Props) {
  const { t, lang } = useView();
  const H = `h${headingLevel}` as 'h2';
  const Sub = `h${headingLevel + 1}` as 'h3';
  return (
    <section aria-labelledby="assessment" class="assessment">
      <H id="assessment">{t('assessment.title')}</H>
      <p class="muted">{t(linkSources ? 'assessment.lead' : 'assessment.leadProposed', { date: formatPartialDate(report.as_of, lang) })}</p>
      <p class="assessment-summary">{report.summary}</p>
      {rulesets.map((set) => {
        const mine = report.findings.filter((f) => f.ruleset === set.id);
        if (mine.length === 0) return null;
        const applies = mine.filter((f) => f.result === 'applies');
        const open = mine.filter((f) => f.result === 'undetermined');
        return (
          <div class="framework">
            <Sub>{set.title}</Sub>
            <FindingList findings={applies} linkSources={linkSources} />
            {open.length > 0 && (
              <details class="open-findings">
                <summary>
                  {t('assessment.open')} ({open.length})
                </summary>
                <OpenFindingList findings={open} />
              </details>
            )}
          </div>
        );
      })}
    </section>
  );
}

function FindingList({ findings, linkSources }: { findings: Finding[]; linkSources: boolean }) {
  if (findings.length === 0) return null;
  return (
    <ul class="findings">
      {findings.map((f) => (
        <li>
          <FindingDetails finding={f} linkSources={linkSources} />
        </li>
      ))}
    </ul>
  );
}

/**
 * Rules that may apply, kept short: what they would decide and which facts are missing. Their
 * wording and citation are one click away on the rule's page, which keeps the record page light.
 */
function OpenFindingList({ findings }: { findings: Finding[] }) {
  const { t } = useView();
  return (
    <ul class="open-list">
      {findings.map((f) => (
        <li>
          <span class="badge">{t(`outcome.${f.outcome}`)}</span> <a href={`/rules/${f.rule_id}`}>{f.title}</a>
          {f.missing.length > 0 && (
            <span class="muted">
              {' — '}
              {t('finding.missing')}:{' '}
              {f.missing.map((m, i) => (
                <>
                  {i > 0 && ', '}
                  <FactLabel fact={m} />
                </>
              ))}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

function FindingDetails({ finding: f, linkSources }: { finding: Finding; linkSources: boolean }) {
  const { t, lang } = useView();
  const date = (d: string) => formatPartialDate(d, lang);
  return (
    <details class={`finding outcome-${f.outcome} result-${f.result}`}>
      <summary>
        <span class="badge">{t(`outcome.${f.outcome}`)}</span> {f.title}
        <span class="finding-state">
          {' — '}
          {t(`result.${f.result}`)}
          {f.duty_status ? `; ${t('finding.dutyStatus', { status: t(`duty.${f.duty_status}`) })}` : ''}
          {'; '}
          {lowerFirst((f.in_force.at_as_of ? t('inForce.now', { date: date(f.in_force.from) }) : t('inForce.later', { date: date(f.in_force.from) })).replace(/\.$/, ''))}
        </span>
      </summary>
      <div class="finding-body">
        <p>
          {f.in_force.at_period === true && `${t('inForce.atPeriod')} `}
          {f.in_force.at_period === false && `${t('inForce.notAtPeriod')} `}
          {f.in_force.moved_by && `${t('inForce.moved', { rule: f.in_force.moved_by })} `}
          {f.in_force.from_original && t('inForce.original', { date: date(f.in_force.from_original) })}
        </p>
        {f.date_note && <p class="muted">{t('finding.dateNote', { note: f.date_note })}</p>}
        <p>
          <strong>{t('finding.citation')}:</strong> {f.citation.instrument}, {f.citation.article} (<a href={f.citation.url}>{t('finding.officialText')}</a>)
        </p>
        {f.text_status === 'paraphrase' ? <p>{f.text}</p> : <blockquote>{f.text}</blockquote>}
        <p class="muted">{t(`finding.textStatus.${f.text_status}`)}</p>
        {f.note && <p>{f.note}</p>}
        {f.because.length > 0 && (
          <>
            <p>
              <strong>{t('finding.because')}</strong>
            </p>
            <ul>
              {f.because.map((b) => (
                <li>
                  <FactLabel fact={b.fact} />: <FactValue fact={b.fact} value={b.value} />
                  {b.sources.length > 0
                    ? b.sources.map((s) => (
                        <>
                          {' '}
                          {linkSources ? <a href={`#source-${s.id}`}>[{s.id}]</a> : s.url ? <a href={s.url}>[{s.id}]</a> : `[${s.id}]`}
                        </>
                      ))
                    : linkSources && b.value !== 'unknown' && <span class="muted"> ({t('finding.noSource')})</span>}
                </li>
              ))}
            </ul>
          </>
        )}
        {f.missing.length > 0 && (
          <>
            <p>
              <strong>{t('finding.missing')}</strong>
            </p>
            <ul>
              {f.missing.map((m) => (
                <li>
                  <FactLabel fact={m} />
                </li>
              ))}
            </ul>
          </>
        )}
        <p>
          <a href={`/rules/${f.rule_id}`}>
            {t('finding.rulePage')} ({f.rule_id})
          </a>
        </p>
      </div>
    </details>
  );
}

const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase() + s.slice(1);

/** A fact's name in words: safeguards and derived facts from the catalogue, the rest from facts.yaml. */
export function FactLabel({ fact }: { fact: string }) {
  const { t, vocabs } = useView();
  if (fact.startsWith('safeguards.')) return <>{t(`safeguard.${fact.slice('safeguards.'.length)}` as MessageKey)}</>;
  const attr = vocabs.facts.attributes.find((a) => a.name === fact);
  return <>{attr?.label ?? t(`fact.${fact}` as MessageKey)}</>;
}

function FactValue({ fact, value }: { fact: string; value: string | boolean | readonly string[] }) {
  const { t, term, country } = useView();
  if (value === 'unknown') return <em>{t('finding.value.unknown')}</em>;
  if (typeof value === 'boolean') return <>{t(value ? 'safeguard.true' : 'safeguard.false')}</>;
  const one = (v: string) =>
    fact === 'capabilities' ? term('capabilities', v) : fact === 'domain' ? term('domains', v) : fact === 'jurisdictions' ? country(v) : fact === 'deployer_type' ? term('deployer_types', v) : fact === 'status' ? term('statuses', v) : v.replace(/_/g, ' ');
  return <>{typeof value === 'string' ? one(value) : value.map(one).join(', ')}</>;
}

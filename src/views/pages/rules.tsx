/**
 * The rules: an index of every rule set and rule, and a page per rule with its citation, wording,
 * dates, trigger and the deployments it applies to (from the stored assessments).
 */
import type { Rule, Ruleset } from '../../domain/assessment/ruleset.ts';
import { ruleOutcomes } from '../../domain/assessment/ruleset.ts';
import { formatPartialDate } from '../../services/assessment.ts';
import { DeploymentCard, type CardData } from '../components/deployment-card.tsx';
import { useView } from '../context.ts';
import { Layout } from '../layout.tsx';

export function RulesIndexPage({ rulesets, counts }: { rulesets: readonly Ruleset[]; counts: Map<string, number> }) {
  const { t, lang, number } = useView();
  return (
    <Layout title={t('rules.title')} json="/api/v1/rules">
      <h1>{t('rules.title')}</h1>
      <p class="lead">{t('rules.lead')}</p>
      {rulesets.map((set) => (
        <section aria-labelledby={`set-${set.id}`}>
          <h2 id={`set-${set.id}`}>{set.title}</h2>
          <p class="muted">
            {set.binding ? t('rules.binding') : t('rules.recommendation')} · {t('rules.jurisdiction', { label: set.jurisdiction.label })} · {t('rules.version', { version: set.version })}
          </p>
          <table class="rules-table">
            <thead>
              <tr>
                <th scope="col">{t('rules.title')}</th>
                <th scope="col">{t('rules.outcomes')}</th>
                <th scope="col">{t('rules.appliesFrom', { date: '' }).trim()}</th>
                <th scope="col">{t('rules.count')}</th>
              </tr>
            </thead>
            <tbody>
              {set.rules.map((r) => (
                <tr>
                  <td>
                    <a href={`/rules/${r.id}`}>{r.id}</a>: {r.title}
                  </td>
                  <td data-label={t('rules.outcomes')}>{outcomeLabels(r, t)}</td>
                  <td data-label={t('rules.appliesFrom', { date: '' }).trim()}>{formatPartialDate(r.applies_from, lang)}</td>
                  <td data-label={t('rules.count')}>{r.modifies ? '—' : number(counts.get(r.id) ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </Layout>
  );
}

function outcomeLabels(rule: Rule, t: ReturnType<typeof useView>['t']): string {
  const outcomes = [...new Set(ruleOutcomes(rule))];
  return outcomes.length ? outcomes.map((o) => t(`outcome.${o}`)).join(' / ') : '—';
}

export interface RulePageProps {
  rule: Rule;
  ruleset: Ruleset;
  applies: { items: CardData[]; total: number };
  undetermined: { items: CardData[]; total: number };
}

export function RulePage({ rule, ruleset, applies, undetermined }: RulePageProps) {
  const { t, lang, plural } = useView();
  const date = (d: string) => formatPartialDate(d, lang);
  const trigger = rule.cases ?? rule.trigger;
  return (
    <Layout title={`${rule.id}: ${rule.title}`} json={`/api/v1/rules/${rule.id}`}>
      <p class="muted">
        <a href="/rules">{t('rules.title')}</a> · {ruleset.title}
      </p>
      <h1>
        {rule.id}: {rule.title}
      </h1>
      <dl class="facts">
        <div>
          <dt>{t('rules.outcomes')}</dt>
          <dd>{outcomeLabels(rule, t)}</dd>
        </div>
        <div>
          <dt>{t('finding.citation')}</dt>
          <dd>
            {rule.citation.instrument}, {rule.citation.article} (<a href={rule.citation.url}>{t('finding.officialText')}</a>)
          </dd>
        </div>
        <div>
          <dt>{t('rules.ruleset')}</dt>
          <dd>
            {ruleset.binding ? t('rules.binding') : t('rules.recommendation')}; {t('rules.jurisdiction', { label: ruleset.jurisdiction.label })}
          </dd>
        </div>
        <div>
          <dt>{t('rules.appliesFrom', { date: '' }).trim()}</dt>
          <dd>
            {date(rule.applies_from)}
            {rule.applies_from_original && ` (${t('rules.appliesFromOriginal', { date: date(rule.applies_from_original) })})`}
            {rule.date_note && <p class="muted">{t('finding.dateNote', { note: rule.date_note })}</p>}
          </dd>
        </div>
      </dl>
      {rule.text_status === 'paraphrase' ? <p>{rule.text}</p> : <blockquote>{rule.text}</blockquote>}
      <p class="muted">{t(`finding.textStatus.${rule.text_status}`)}</p>
      {rule.note && <p>{rule.note}</p>}
      {rule.related?.length ? (
        <p>
          {t('finding.related')}:{' '}
          {rule.related.map((id, i) => (
            <>
              {i > 0 && ', '}
              <a href={`/rules/${id}`}>{id}</a>
            </>
          ))}
        </p>
      ) : null}
      {trigger !== undefined && (
        <details>
          <summary>{t('rules.trigger')}</summary>
          <pre class="trigger">{JSON.stringify(trigger, null, 2)}</pre>
        </details>
      )}
      <DeploymentList heading={t('rules.appliesTo')} list={applies} plural={plural} empty={t('rules.none')} />
      <DeploymentList heading={t('rules.undeterminedFor')} list={undetermined} plural={plural} empty={t('rules.none')} />
    </Layout>
  );
}

function DeploymentList({ heading, list, plural, empty }: { heading: string; list: { items: CardData[]; total: number }; plural: ReturnType<typeof useView>['plural']; empty: string }) {
  return (
    <section>
      <h2>{heading}</h2>
      {list.total === 0 ? (
        <p>{empty}</p>
      ) : (
        <>
          <p>{plural('count.deployments', list.total)}</p>
          <ul class="cards">
            {list.items.map((d) => (
              <li>
                <DeploymentCard item={d} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

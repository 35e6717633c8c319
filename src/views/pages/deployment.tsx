/**
 * A deployment: plain summary first, then key facts, description, concerns, safeguards, legal
 * challenges, numbered sources and related deployments. Unknown is shown as "not known".
 */
import type { ComponentChildren } from 'preact';
import { SAFEGUARDS, type Deployment, type TriState } from '../../domain/deployment.ts';
import type { VocabularyId } from '../../domain/vocabulary.ts';
import { CitedText } from '../components/cited-text.tsx';
import { DeploymentCard, type CardData } from '../components/deployment-card.tsx';
import { Markdown } from '../components/markdown.tsx';
import { Period } from '../components/period.tsx';
import { useView } from '../context.ts';
import { Layout } from '../layout.tsx';
import { AssessmentReport } from '../components/assessment-report.tsx';
import type { PresentedAssessment } from '../../services/assessment.ts';
import type { Ruleset } from '../../domain/assessment/ruleset.ts';

export interface DeploymentProps {
  record: Deployment;
  actorNames: Map<string, string>;
  related: CardData[];
  assessment: PresentedAssessment;
  rulesets: readonly Ruleset[];
  /** Set when the record is archived: it stays readable, with a notice. */
  archivedAt?: Date;
}

/** Safeguards always shown, stated or not: the briefing's core demand is impact assessment. */
const ALWAYS_SHOWN = new Set(['hria_before_deployment', 'dpia_before_deployment']);

export function DeploymentPage({ record, actorNames, related, assessment, rulesets, archivedAt }: DeploymentProps) {
  const { t, term, country, number } = useView();
  const terms = (vocab: VocabularyId, ids: string[] | undefined, linkBase?: string) =>
    ids?.length ? <List items={ids.map((id) => (linkBase ? <a href={`${linkBase}/${id}`}>{term(vocab, id)}</a> : term(vocab, id)))} /> : undefined;
  const actors = (slugs: string[] | undefined) =>
    slugs?.length ? <List items={slugs.map((s) => <a href={`/actors/${s}`}>{actorNames.get(s) ?? s}</a>)} /> : undefined;
  const safeguards = SAFEGUARDS.filter((k) => record.safeguards?.[k] !== undefined || ALWAYS_SHOWN.has(k));
  return (
    <Layout title={record.title} description={record.summary.replace(/\s*\[\d+\]/g, '')} json={`/api/v1/deployments/${record.slug}`}>
      <article class="deployment">
        {archivedAt && (
          <p class="error-summary" role="note">
            {t('deployment.archivedNotice', { date: archivedAt.toISOString().slice(0, 10) })}
          </p>
        )}
        <h1>{record.title}</h1>
        <p class="lead">
          <CitedText text={record.summary} />
        </p>

        <section aria-labelledby="key-facts">
          <h2 id="key-facts">{t('deployment.keyFacts')}</h2>
          <dl class="facts">
            <Fact label={t('deployment.where')}>
              <List items={record.countries.map((c) => <a href={`/countries/${c}`}>{country(c)}</a>)} />
            </Fact>
            <Fact label={t('deployment.areas')}>{terms('areas', record.areas)}</Fact>
            <Fact label={t('deployment.authorities')}>{actors(record.authorities)}</Fact>
            <Fact label={t('deployment.vendors')}>{actors(record.vendors)}</Fact>
            <Fact label={t('deployment.funders')}>{actors(record.funders)}</Fact>
            <Fact label={t('deployment.deployerType')}>{record.deployer_type && term('deployer_types', record.deployer_type)}</Fact>
            <Fact label={t('deployment.status')}>{term('statuses', record.status)}</Fact>
            <Fact label={t('deployment.period')}>
              <Period start={record.period?.start} end={record.period?.end} />
            </Fact>
            <Fact label={t('deployment.scale')}>
              {record.scale && (
                <>
                  {[
                    record.scale.people !== undefined && t('deployment.scalePeople', { people: number(record.scale.people) }),
                    record.scale.as_of && t('deployment.scaleAsOf', { date: record.scale.as_of }),
                  ]
                    .filter(Boolean)
                    .join(', ')
                    .replace(/^./, (c) => c.toUpperCase())}
                  {record.scale.note && (record.scale.people !== undefined || record.scale.as_of ? <>. {record.scale.note}</> : record.scale.note)}
                  <Cites ids={record.scale.sources} />
                </>
              )}
            </Fact>
            <Fact label={t('deployment.categories')}>{terms('categories', record.categories, '/categories')}</Fact>
            <Fact label={t('deployment.capabilities')}>{terms('capabilities', record.capabilities)}</Fact>
            <Fact label={t('deployment.domains')}>{terms('domains', record.domains)}</Fact>
            <Fact label={t('deployment.affectedGroups')}>{terms('affected_groups', record.affected_groups)}</Fact>
          </dl>
        </section>

        <AssessmentReport report={assessment} rulesets={rulesets} linkSources={true} />

        {record.description && (
          <section aria-labelledby="description">
            <h2 id="description">{t('deployment.description')}</h2>
            <Markdown text={record.description} />
          </section>
        )}

        {record.legal_basis && (
          <section aria-labelledby="legal-basis">
            <h2 id="legal-basis">{t('deployment.legalBasis')}</h2>
            <p>
              <CitedText text={record.legal_basis} />
            </p>
          </section>
        )}

        <section aria-labelledby="concerns">
          <h2 id="concerns">{t('deployment.concerns')}</h2>
          {record.concerns && <Markdown text={record.concerns} />}
          {record.rights_at_risk?.length ? (
            <>
              <h3>{t('deployment.rights')}</h3>
              <ul class="tags">
                {record.rights_at_risk.map((r) => (
                  <li>{term('rights_at_risk', r)}</li>
                ))}
              </ul>
            </>
          ) : null}
        </section>

        <section aria-labelledby="safeguards">
          <h2 id="safeguards">{t('deployment.safeguards')}</h2>
          <dl class="facts safeguards">
            {safeguards.map((k) => (
              <div>
                <dt>{t(`safeguard.${k}`)}</dt>
                <dd>
                  <Tri value={record.safeguards?.[k]} />
                </dd>
              </div>
            ))}
          </dl>
          <Cites ids={record.safeguards?.sources} />
        </section>

        {record.legal_challenges?.length ? (
          <section aria-labelledby="legal-challenges">
            <h2 id="legal-challenges">{t('deployment.legalChallenges')}</h2>
            <ul class="challenges">
              {record.legal_challenges.map((c) => (
                <li>
                  <strong>{c.forum}</strong>
                  {c.year !== undefined && ` (${c.year})`}
                  {c.case && (
                    <>
                      . {t('deployment.case')}: {c.case}
                    </>
                  )}
                  {c.outcome && (
                    <>
                      . {t('deployment.outcome')}: {c.outcome}
                    </>
                  )}
                  <Cites ids={c.sources} />
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        <section aria-labelledby="sources">
          <h2 id="sources">{t('deployment.sources')}</h2>
          <ol class="sources">
            {record.sources.map((s) => (
              <li id={`source-${s.id}`} value={s.id}>
                {s.url ? (
                  <a href={s.url} rel="noreferrer" class="source-link">
                    {s.title}
                  </a>
                ) : (
                  s.title
                )}
                {s.publisher && <>. {s.publisher}</>}
                {s.published && <>, {t('deployment.sourcePublished', { date: s.published })}</>}
                {s.archived_url && (
                  <>
                    {' '}
                    (<a href={s.archived_url} rel="noreferrer">{t('deployment.archived')}</a>)
                  </>
                )}
              </li>
            ))}
          </ol>
          <p class="reviewed">{record.reviewed ? t('deployment.reviewed', { date: record.reviewed }) : t('deployment.notReviewed')}</p>
          <p>
            <a href={`/deployments/${record.slug}/history`}>{t('history.link')}</a> · <a href={`/contribute/change/${record.slug}`}>{t('form.propose')}</a>
          </p>
        </section>

        {related.length > 0 && (
          <section aria-labelledby="related" class="related">
            <h2 id="related">{t('deployment.related')}</h2>
            <ul class="cards">
              {related.map((r) => (
                <li>
                  <DeploymentCard item={r} />
                </li>
              ))}
            </ul>
          </section>
        )}
      </article>
    </Layout>
  );
}

/** A fact row; nothing is rendered for a fact the record does not state. */
function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  if (children === undefined || children === null || children === false || children === '') return null;
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function List({ items }: { items: ComponentChildren[] }) {
  return (
    <>
      {items.map((item, i) => (
        <>
          {i > 0 && ', '}
          {item}
        </>
      ))}
    </>
  );
}

function Tri({ value }: { value: TriState | undefined }) {
  const { t } = useView();
  const key = value === true ? 'safeguard.true' : value === false ? 'safeguard.false' : 'safeguard.unknown';
  return <span class={`tri tri-${String(value ?? 'unknown')}`}>{t(key)}</span>;
}

function Cites({ ids }: { ids: number[] | undefined }) {
  if (!ids?.length) return null;
  return (
    <>
      {' '}
      <CitedText text={ids.map((n) => `[${n}]`).join('')} />
    </>
  );
}

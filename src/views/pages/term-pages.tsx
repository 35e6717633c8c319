/**
 * Pages for a country or a category: what it is, then every deployment linked to it; and the
 * index pages that list them with counts.
 */
import { DeploymentCard, type CardData } from '../components/deployment-card.tsx';
import { useView } from '../context.ts';
import { Layout } from '../layout.tsx';
import { searchUrl } from '../search-url.ts';

export interface TermPageProps {
  kind: 'country' | 'category';
  id: string;
  label: string;
  definition?: string;
  items: CardData[];
  total: number;
  /** The total is estimated from a sample (a large result). */
  totalEstimated?: boolean;
}

export function TermPage({ kind, id, label, definition, items, total, totalEstimated }: TermPageProps) {
  const { t, plural } = useView();
  const filter = kind === 'country' ? { country: [id] } : { category: [id] };
  return (
    <Layout title={label} json={searchUrl('/api/v1/deployments', filter)} feed={searchUrl('/feed.atom', filter)}>
      <h1>{label}</h1>
      {definition && <p class="lead">{definition}</p>}
      <h2>{kind === 'country' ? t('country.deployments', { country: label }) : t('category.deployments')}</h2>
      <p>
        <a href={searchUrl('/deployments', filter)}>{plural(totalEstimated ? 'count.deploymentsAbout' : 'count.deployments', total)}</a>
      </p>
      <ul class="cards">
        {items.map((d) => (
          <li>
            <DeploymentCard item={d} />
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export interface TermIndexProps {
  kind: 'country' | 'category';
  entries: { id: string; label: string; definition?: string; count: number }[];
}

export function TermIndexPage({ kind, entries }: TermIndexProps) {
  const { t, plural } = useView();
  const title = kind === 'country' ? t('country.title') : t('category.title');
  return (
    <Layout title={title}>
      <h1>{title}</h1>
      <p class="lead">{kind === 'country' ? t('country.lead') : t('category.lead')}</p>
      <ul class="index-list">
        {entries.map((e) => (
          <li>
            <a href={`/${kind === 'country' ? 'countries' : 'categories'}/${e.id}`}>{e.label}</a>{' '}
            <span class="muted">{plural('count.deployments', e.count)}</span>
            {e.definition && <p>{e.definition}</p>}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

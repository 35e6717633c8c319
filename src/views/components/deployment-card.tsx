/** A result card: title, one-line summary, countries, status and period. */
import type { DeploymentSummary } from '../../domain/deployment.ts';
import { useView } from '../context.ts';
import { Period } from './period.tsx';

export type CardData = DeploymentSummary;

export function DeploymentCard({ item, headingLevel = 3 }: { item: CardData; headingLevel?: 2 | 3 }) {
  const { t, term, country } = useView();
  const H = `h${headingLevel}` as 'h2' | 'h3';
  return (
    <article class="card">
      <H class="card-title">
        <a href={`/deployments/${item.slug}`}>{item.title}</a>
      </H>
      <p class="card-summary">{firstSentence(item.summary)}</p>
      <dl class="card-meta">
        <div>
          <dt>{t('card.countries')}</dt>
          <dd>{item.countries.map(country).join(', ')}</dd>
        </div>
        <div>
          <dt>{t('card.status')}</dt>
          <dd>{term('statuses', item.status)}</dd>
        </div>
        <div>
          <dt>{t('card.period')}</dt>
          <dd>
            <Period start={item.period_start} end={item.period_end} />
          </dd>
        </div>
      </dl>
    </article>
  );
}

/** The first sentence of a summary, without its citation marks, for a one-line card. */
export function firstSentence(text: string): string {
  const clean = text.replace(/\s*\[\d+\]/g, '');
  const m = /^(.{40,}?[.!?])\s/.exec(clean);
  return m ? m[1]! : clean;
}

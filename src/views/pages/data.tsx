/** The open-data page: the whole compendium in every format. */
import { useView } from '../context.ts';
import { Layout } from '../layout.tsx';

const FILES = [
  ['/data/compendium.json', 'JSON', 'application/json'],
  ['/data/compendium.jsonl', 'JSON Lines', 'application/x-ndjson'],
  ['/data/deployments.csv', 'CSV', 'text/csv'],
  ['/data/datapackage.json', 'Frictionless Data Package (datapackage.json, deployments.csv, actors.csv)', 'application/json'],
] as const;

export function DataPage() {
  const { t } = useView();
  return (
    <Layout title={t('data.title')}>
      <h1>{t('data.title')}</h1>
      <p class="lead">{t('data.lead')}</p>
      <ul class="index-list">
        {FILES.map(([href, label, type]) => (
          <li>
            <a href={href} type={type}>
              {label}
            </a>{' '}
            <code>{href}</code>
          </li>
        ))}
      </ul>
      <p>{t('data.filtered')}</p>
      <p>{t('data.csvAsText')}</p>
    </Layout>
  );
}

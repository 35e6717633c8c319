/** The home page: what Borderlens is, a search box and the categories to start from. */
import { SearchBox } from '../components/search-box.tsx';
import { useView } from '../context.ts';
import { Layout } from '../layout.tsx';

export interface HomeProps {
  total: number;
  categories: { id: string; label: string; definition: string; count: number }[];
}

export function HomePage({ total, categories }: HomeProps) {
  const { t, plural } = useView();
  return (
    <Layout title={t('site.name')}>
      <h1>{t('home.title')}</h1>
      <p class="lead">{t('home.lead')}</p>
      <SearchBox />
      <p>
        <a href="/deployments">{plural('home.count', total)}</a>
      </p>
      <h2>{t('home.browseCategories')}</h2>
      <ul class="index-list">
        {categories.map((c) => (
          <li>
            <a href={`/categories/${c.id}`}>{c.label}</a> <span class="muted">{plural('count.deployments', c.count)}</span>
            <p>{c.definition}</p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** Error pages: what happened and what to do next; a 404 offers the search box. */
import type { AppError } from '../../errors.ts';
import { useView } from '../context.ts';
import { Layout } from '../layout.tsx';

export function ErrorPage({ error }: { error: AppError }) {
  const { t } = useView();
  const kind =
    error.status === 404 ? 'notFound' : error.status === 401 ? 'signIn' : error.status === 403 ? 'forbidden' : error.status === 429 ? 'tooMany' : error.status < 500 ? 'invalid' : 'internal';
  const title = t(`error.${kind}.title`);
  return (
    <Layout title={title}>
      <h1>{title}</h1>
      <p>{t(`error.${kind}.body`)}</p>
      {error.problems.length > 0 ? (
        <ul class="problems">
          {error.problems.map((p) => (
            <li>
              {p.path && <code>{p.path}</code>} {p.message}
            </li>
          ))}
        </ul>
      ) : (
        (kind === 'invalid' || kind === 'forbidden') && <p>{error.message}</p>
      )}
      {kind === 'signIn' && (
        <p>
          <a href="/login">{t('error.signIn.link')}</a>
        </p>
      )}
      {kind === 'notFound' && (
        <form method="get" action="/deployments" role="search">
          <label for="q404">{t('explore.searchLabel')}</label> <input type="search" id="q404" name="q" />{' '}
          <button type="submit">{t('explore.submit')}</button>
        </form>
      )}
      <p>
        <a href="/deployments">{t('error.backToExplore')}</a>
      </p>
    </Layout>
  );
}

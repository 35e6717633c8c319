/**
 * The search form: label, hint and box, posting to the explore page. `children` go inside the
 * row (the sort menu) and after it (hidden filters), so home and explore share one form.
 */
import type { ComponentChildren } from 'preact';
import { useView } from '../context.ts';

export function SearchBox({ q, row, children }: { q?: string; row?: ComponentChildren; children?: ComponentChildren }) {
  const { t } = useView();
  return (
    <form class="search-form" method="get" action="/deployments" role="search">
      <label for="q">{t('explore.searchLabel')}</label>
      <p class="hint" id="q-hint">
        {t('explore.searchHint')}
      </p>
      <div class="search-row">
        <input type="search" id="q" name="q" value={q ?? ''} aria-describedby="q-hint" maxLength={200} />
        {row}
        <button type="submit">{t('explore.submit')}</button>
      </div>
      {children}
    </form>
  );
}

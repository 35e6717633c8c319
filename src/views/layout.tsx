/**
 * The page shell: head (no third-party resource, no inline script), skip link, navigation,
 * main landmark and footer with the page's JSON twin.
 */
import type { ComponentChildren } from 'preact';
import { useView } from './context.ts';

export interface LayoutProps {
  title: string;
  description?: string;
  /** The JSON twin of this page, advertised in the head and linked in the footer. */
  json?: string;
  /** The Atom feed of changes to what this page lists (default: the whole compendium). */
  feed?: string;
  children: ComponentChildren;
}

const NAV = [
  ['/deployments', 'nav.explore'],
  ['/actors', 'nav.actors'],
  ['/countries', 'nav.countries'],
  ['/categories', 'nav.categories'],
  ['/rules', 'nav.rules'],
  ['/assess', 'nav.assess'],
  ['/suggest', 'nav.suggest'],
  ['/data', 'nav.data'],
  ['/api', 'nav.api'],
  ['/about', 'nav.about'],
] as const;

export function Layout({ title, description, json, feed = '/feed.atom', children }: LayoutProps) {
  const { t, lang, dir } = useView();
  const fullTitle = title === t('site.name') ? title : `${title} · ${t('site.name')}`;
  return (
    <html lang={lang} dir={dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        <meta name="description" content={description ?? t('site.tagline')} />
        <meta name="referrer" content="no-referrer" />
        <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowScriptTags":false,"allowEval":false}' />
        <link rel="stylesheet" href="/static/site.css" />
        {json && <link rel="alternate" type="application/json" href={json} />}
        <link rel="alternate" type="application/atom+xml" href={feed} title={t('feed.title')} />
        <script src="/static/htmx/htmx.min.js" defer></script>
      </head>
      <body>
        <a class="skip-link" href="#main">{t('nav.skip')}</a>
        <header class="site-header">
          <a class="site-name" href="/">{t('site.name')}</a>
          <nav aria-label={t('nav.main')}>
            <ul>
              {NAV.map(([href, key]) => (
                <li>
                  <a href={href}>{t(key)}</a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <p>{t('footer.licence')}</p>
          {json && (
            <p>
              <a href={json}>{t('footer.json')}</a>
            </p>
          )}
        </footer>
      </body>
    </html>
  );
}

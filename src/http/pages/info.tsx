/** Pages that describe Borderlens itself: about and methodology, open data, API reference. */
import type { FastifyInstance } from 'fastify';
import { AboutPage } from '../../views/pages/about.tsx';
import { ApiReferencePage, type ApiReferenceProps } from '../../views/pages/api-reference.tsx';
import { DataPage } from '../../views/pages/data.tsx';
import { renderPage } from '../../views/render.tsx';
import { derivedFrom } from '../../domain/catalog.ts';
import type { AppDeps } from '../deps.ts';
import { html } from './html.ts';
import { PUBLIC } from '../access.ts';

export function registerInfoPages(app: FastifyInstance, deps: AppDeps, openapi: () => unknown): void {
  const { view, catalog } = deps;
  // These pages change only with the code and vocabularies: rendered again only when terms change.
  const about = derivedFrom(catalog, () => renderPage(view, <AboutPage />));
  const data = derivedFrom(catalog, () => renderPage(view, <DataPage />));
  const api = derivedFrom(catalog, () => renderPage(view, <ApiReferencePage document={openapi() as ApiReferenceProps['document']} />));
  app.get('/about', PUBLIC, deps.cache.handler(async () => html(about())));
  app.get('/data', PUBLIC, deps.cache.handler(async () => html(data())));
  app.get('/api', PUBLIC, deps.cache.handler(async () => html(api())));
}

/**
 * buildApp wires the HTTP server: plugins and routes are registered explicitly, in reading
 * order. It does not listen; server.ts does, and tests use app.inject.
 */
import compress from '@fastify/compress';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { baseUrl, type Config } from '../config.ts';
import { derivedFrom, type Catalog } from '../domain/catalog.ts';
import { buildSearchQuerySchema } from '../domain/search-query.ts';
import type { Database } from '../db/schema.ts';
import { viewContext } from '../views/context.ts';
import { openApiDocument } from './api/openapi.ts';
import { registerApiRoutes } from './api/route.ts';
import { apiV1Routes } from './api/v1.ts';
import type { AppDeps } from './deps.ts';
import { assessmentRoutes } from './api/assessment.ts';
import { writeRoutes } from './api/write.ts';
import { historyRoutes } from './api/history.ts';
import { registerHistoryPages } from './pages/history.tsx';
import { registerRulePages } from './pages/rules.tsx';
import { registerAssessPages } from './pages/assess.tsx';
import { registerAuthPages } from './pages/auth.tsx';
import { registerSuggestPages } from './pages/suggest.tsx';
import { registerEditorialPages } from './pages/editorial.tsx';
import { registerAdminPages } from './pages/admin.tsx';
import { registerContributePages } from './pages/contribute.tsx';
import { registerActorEditorPages } from './pages/actors-admin.tsx';
import { PUBLIC, registerAccessControl, type RouteRecord } from './access.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { registerSessions } from './session.ts';
import { loadRuleBook, today, type RuleBook } from '../services/assessment.ts';
import { ResponseCache } from './response-cache.ts';
import { dataVersion } from '../repositories/deployments.repository.ts';
import { registerDownloads } from './downloads.ts';
import { registerBrowsePages } from './pages/browse.tsx';
import { registerExplorePages } from './pages/explore.tsx';
import { registerInfoPages } from './pages/info.tsx';
import { registerRecordPages } from './pages/records.tsx';
import { registerErrorHandling } from './plugins/errors.tsx';
import { registerStatic } from './plugins/static.ts';
import { liveCatalog } from '../services/live-catalog.ts';
import { registerVocabularyPages } from './pages/vocabularies.tsx';

export interface BuildAppOptions {
  config: Config;
  catalog: Catalog;
  /** The rule book; loaded from config.rulesDir when not given. */
  rules?: RuleBook;
  db: Kysely<Database>;
  /** Fastify logger; off in tests. */
  logger?: boolean;
  /** How long the response cache trusts the data version it read (default 1 s). */
  cacheVersionTtlMs?: number;
}

export async function buildApp({ config, catalog, db, rules, logger = false, cacheVersionTtlMs }: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // Request logs carry the method, path and status only: no IP address, no user agent, no
    // query string (searches can be sensitive). Readers may be at risk.
    logger:
      logger && config.logLevel !== 'silent'
        ? {
            level: config.logLevel,
            base: undefined,
            serializers: {
              req: (req: { method: string; url: string }) => ({ method: req.method, path: req.url.split('?')[0] }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          }
        : false,
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
  const book = rules ?? (await loadRuleBook(config.rulesDir, catalog.vocabs));
  // Editors' vocabulary terms, over the files'; reloaded when any instance changes one.
  const live = liveCatalog(catalog);
  await live.load(db);
  const ruleIds = book.rulesets.flatMap((s) => s.rules.map((r) => r.id));
  const deps: AppDeps = {
    config,
    catalog,
    db,
    view: viewContext(catalog.vocabs),
    baseUrl: baseUrl(config),
    searchQuerySchema: buildSearchQuerySchema(catalog.vocabs, ruleIds),
    rules: book,
    // Today's date is part of the version: assessments are "as at today" and change at midnight.
    cache: new ResponseCache({ readVersion: async () => `${await dataVersion(db)}@${today()}`, versionTtlMs: cacheVersionTtlMs }),
  };

  const stopListening = live.onChange(() => {
    deps.searchQuerySchema = buildSearchQuerySchema(catalog.vocabs, ruleIds);
    deps.cache.invalidate();
  });
  app.addHook('onClose', async () => stopListening());
  app.addHook('onRequest', async () => {
    await live.refreshIfStale(db, cacheVersionTtlMs);
  });

  registerErrorHandling(app, deps.view);
  const tls = deps.baseUrl.startsWith('https://');
  registerSecurityHeaders(app, { tls });
  // Before any route: a route that declares no access rule stops the start.
  const routeList = registerAccessControl(app, { requireAdminTotp: config.requireAdminTotp });
  app.decorate('routeList', routeList);
  await registerSessions(app, db, { tls });

  app.get('/healthz', PUBLIC, async () => {
    await sql`select 1`.execute(db);
    return { status: 'ok' };
  });

  // Pages and API answers go through the response cache, which compresses them once and sets
  // their ETag; per-request compression is only for what the cache does not hold.
  const routes = [...apiV1Routes(deps), ...assessmentRoutes(deps), ...writeRoutes(deps), ...historyRoutes(deps)];
  registerApiRoutes(app, routes, deps.cache);
  // The document lists the vocabularies' terms as enums: made again when they change.
  const openapi = derivedFrom(catalog, () => openApiDocument(routes, `${deps.baseUrl}`));
  const openapiJson = derivedFrom(catalog, () => JSON.stringify(openapi()));
  app.get('/api/v1/openapi.json', PUBLIC, deps.cache.handler(async () => ({ type: 'application/json; charset=utf-8', body: openapiJson() })));

  registerExplorePages(app, deps);
  registerRecordPages(app, deps);
  registerBrowsePages(app, deps);
  registerRulePages(app, deps);
  registerAssessPages(app, deps);
  registerInfoPages(app, deps, openapi);
  await registerAuthPages(app, deps);
  registerSuggestPages(app, deps);
  registerEditorialPages(app, deps);
  registerAdminPages(app, deps);
  registerContributePages(app, deps);
  registerActorEditorPages(app, deps);
  registerVocabularyPages(app, deps);
  registerHistoryPages(app, deps);

  await app.register(async (uncached) => {
    await uncached.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip', 'deflate'] });
    await registerStatic(uncached);
    registerDownloads(uncached, deps);
  });
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its access rule, as registered (the permission matrix test reads it). */
    routeList: RouteRecord[];
  }
}

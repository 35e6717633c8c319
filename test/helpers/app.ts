/**
 * Builds the real app on a fresh test database loaded with the real starter compendium
 * (data/), the way `npm start` does. Tests talk to it with app.inject or, for the browser
 * suite, over a real port.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { loadConfig, type Config } from '../../src/config.ts';
import { buildCatalog, type Catalog } from '../../src/domain/catalog.ts';
import type { Database } from '../../src/db/schema.ts';
import { loadVocabularies } from '../../src/files/vocabularies.ts';
import { buildApp } from '../../src/http/app.tsx';
import { prepareDatabase } from '../../src/services/prepare-database.ts';
import { loadRuleBook } from '../../src/services/assessment.ts';
import { createTestDb, type DialectName } from './databases.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CONTENT_DIR = path.join(ROOT, 'data');
export const FIXTURES = path.join(ROOT, 'test/fixtures');

export async function testCatalog(): Promise<Catalog> {
  return buildCatalog(await loadVocabularies(path.join(CONTENT_DIR, 'vocabularies')));
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig({}, { contentDir: CONTENT_DIR, rulesDir: path.join(ROOT, 'rules'), publicUrl: 'http://borderlens.test', ...overrides });
}

export interface TestApp {
  app: FastifyInstance;
  db: Kysely<Database>;
  catalog: Catalog;
  config: Config;
  close: () => Promise<void>;
}

/** The app on a fresh database; `load: false` leaves the database empty (migrated only). */
export async function createTestApp(kind: DialectName, options: { load?: boolean; config?: Partial<Config>; cacheVersionTtlMs?: number } = {}): Promise<TestApp> {
  const catalog = await testCatalog();
  const config = testConfig(options.config);
  const database = await createTestDb(kind);
  if (options.load === false) {
    const { migrateToLatest } = await import('../../src/db/migrate.ts');
    await migrateToLatest(database.db);
  } else {
    const rules = await loadRuleBook(config.rulesDir, catalog.vocabs);
    const summary = await prepareDatabase(database.db, catalog, { contentDir: CONTENT_DIR, language: config.searchLanguage, rules, log: () => {} });
    if (summary?.problems.length) throw new Error(`the starter compendium does not load: ${JSON.stringify(summary.problems, null, 2)}`);
  }
  const app = await buildApp({ config, catalog, db: database.db, cacheVersionTtlMs: options.cacheVersionTtlMs });
  return {
    app,
    db: database.db,
    catalog,
    config,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

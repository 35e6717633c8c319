/**
 * `borderlens start`: migrate, load the starter compendium into an empty database, listen.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { connect } from '../db/connect.ts';
import { starterTemplate } from '../services/starter-template.ts';
import { buildApp } from '../http/app.tsx';
import { listen } from '../http/server.ts';
import { prepareDatabase } from '../services/prepare-database.ts';
import { loadCatalog } from './context.ts';
import { loadRuleBook } from '../services/assessment.ts';

export async function start(_args: string[]): Promise<number> {
  const started = Date.now();
  const { config, catalog } = await loadCatalog();
  // A new embedded database starts from the starter dump `npm ci` made, when it matches.
  const fresh = !config.databaseUrl && !existsSync(path.join(config.dataDir, 'PG_VERSION'));
  const initial = fresh ? await starterTemplate(config) : undefined;
  const { db, kind, close } = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, initial });
  const rules = await loadRuleBook(config.rulesDir, catalog.vocabs);
  await prepareDatabase(db, catalog, { contentDir: config.contentDir, language: config.searchLanguage, rules, log: (m) => console.log(m) });
  const app = await buildApp({ config, catalog, db, rules, logger: true });
  const address = await listen(app, { port: config.port, host: config.host }, close);
  console.log(`Borderlens is ready at ${address.replace('127.0.0.1', 'localhost')} (${kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'}; ${Date.now() - started} ms)`);
  return 0;
}

/**
 * One connection factory: embedded PGlite when DATABASE_URL is unset (zero set-up), a real
 * PostgreSQL server when it is set. Both speak the same SQL, so the rest of the code never asks
 * which one it has.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import type { Config } from '../config.ts';
import { pgliteTemplate } from './pglite-template.ts';
import type { Database } from './schema.ts';

export interface Db {
  db: Kysely<Database>;
  kind: 'pglite' | 'postgres';
  close: () => Promise<void>;
  /** The embedded cluster as a gzipped dump (PGlite only). */
  dump?: () => Promise<Blob>;
}

export interface ConnectOptions {
  databaseUrl?: string;
  /** Directory of the embedded database; undefined keeps it in memory (tests). */
  dataDir?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /** A dump a new embedded cluster starts from instead of the empty one (services/starter-template). */
  initial?: Blob;
}

export async function connect(options: ConnectOptions): Promise<Db> {
  if (options.databaseUrl) {
    const pg = await import('pg');
    const pool = new pg.default.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle connection the server closes (a restart, an administrator) is an 'error' event on
    // the pool; unheard, it would end the process. The pool replaces the connection on next use.
    pool.on('error', (err) => console.error(`database connection lost: ${err.message}`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  // A new cluster starts from the template dump instead of running initdb (see pglite-template.ts).
  const isNew = !options.dataDir || !existsSync(path.join(options.dataDir, 'PG_VERSION'));
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const loadDataDir = isNew ? (options.initial ?? (await pgliteTemplate())) : undefined;
  const pglite = await PGlite.create(options.dataDir, { extensions: { pg_trgm }, loadDataDir });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    kind: 'pglite',
    close: () => db.destroy(),
    dump: async () => {
      await pglite.exec('checkpoint');
      return pglite.dumpDataDir('gzip');
    },
  };
}

export function connectFromConfig(config: Config): Promise<Db> {
  return connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
}

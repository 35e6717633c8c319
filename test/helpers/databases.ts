/**
 * The databases the integration suite runs on: embedded PGlite always, and the PostgreSQL
 * server at TEST_DATABASE_URL when it is set (CI sets it; under CI=true it must be). Each test
 * database is created for the test and dropped after it, so no run depends on an earlier one.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connect, type Db } from '../../src/db/connect.ts';

export type DialectName = 'pglite' | 'postgres';

let warned = false;

export function testDialects(): DialectName[] {
  const url = process.env.TEST_DATABASE_URL;
  if (!url && process.env.CI === 'true') throw new Error('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL suite cannot be skipped in CI.');
  if (!url && !warned) {
    warned = true;
    console.warn('TEST_DATABASE_URL is not set: running the integration suite on PGlite only.');
  }
  return url ? ['pglite', 'postgres'] : ['pglite'];
}

/** A fresh, empty database of the given kind; close() also drops it. */
export async function createTestDb(kind: DialectName): Promise<Db & { url?: string }> {
  if (kind === 'pglite') return connect({});
  const url = process.env.TEST_DATABASE_URL!;
  const name = `borderlens_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const db = await connect({ databaseUrl: dbUrl.toString(), poolSize: 4 });
  return {
    ...db,
    url: dbUrl.toString(),
    close: async () => {
      await db.close();
      const drop = new pg.Client({ connectionString: url });
      await drop.connect();
      await drop.query(`drop database if exists ${name} with (force)`);
      await drop.end();
    },
  };
}

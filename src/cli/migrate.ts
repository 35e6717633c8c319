/** `borderlens migrate`: applies pending migrations and says which. */
import { loadConfig } from '../config.ts';
import { connectFromConfig } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';

export async function migrate(_args: string[]): Promise<number> {
  const { db, close } = await connectFromConfig(loadConfig());
  try {
    const applied = await migrateToLatest(db);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
    return 0;
  } finally {
    await close();
  }
}

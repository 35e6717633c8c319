/**
 * `borderlens verify`: recomputes the audit log's hash chain from its first entry and reports the
 * first broken link. Exit code 0 when the chain holds, 1 when it does not.
 */
import { connectFromConfig } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { verifyAuditChain } from '../repositories/audit.repository.ts';
import { loadCatalog } from './context.ts';

export async function verifyCommand(_args: string[]): Promise<number> {
  const { config } = await loadCatalog();
  const { db, close } = await connectFromConfig(config);
  try {
    await migrateToLatest(db);
    const check = await verifyAuditChain(db);
    if (check.broken) {
      console.error(`The audit log is broken at entry ${check.broken.seq}: ${check.broken.reason}. ${check.entries - 1} entries before it hold.`);
      return 1;
    }
    console.log(`The audit log holds: ${check.entries} entr${check.entries === 1 ? 'y' : 'ies'}, every link checked.`);
    return 0;
  } finally {
    await close();
  }
}

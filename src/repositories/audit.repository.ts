/**
 * The audit log: appended to, never changed. Each entry's hash covers the previous entry's hash
 * and the entry itself, so changing or removing an entry breaks every link after it.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

type Conn = Kysely<Database> | Transaction<Database>;

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  /** The account that acted; null for the system or an anonymous visitor. Never an IP address. */
  actorId: number | null;
  action: string;
  subject?: string;
  details?: Record<string, unknown>;
}

/** JSON with object keys sorted, so that the same entry always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function entryHash(prevHash: string, e: { at: string; actor_id: number | null; action: string; subject: string | null; details: unknown }): string {
  return createHash('sha256').update(`${prevHash}\n${canonical([e.at, e.actor_id, e.action, e.subject, e.details])}`).digest('hex');
}

/** Appends an entry. Call inside the transaction that makes the change it records. */
export async function appendAudit(trx: Transaction<Database>, entry: AuditEntry): Promise<void> {
  // One writer at a time, so that each entry links to the one really before it.
  await sql`lock table audit_log in exclusive mode`.execute(trx);
  const last = await trx.selectFrom('audit_log').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const prev = last?.hash ?? GENESIS_HASH;
  const row = { at: new Date().toISOString(), actor_id: entry.actorId, action: entry.action, subject: entry.subject ?? null, details: entry.details ?? {} };
  await trx
    .insertInto('audit_log')
    .values({ ...row, details: JSON.stringify(row.details), prev_hash: prev, hash: entryHash(prev, row) })
    .execute();
}

export interface ChainCheck {
  entries: number;
  /** The first entry whose link does not hold, and why. */
  broken?: { seq: string; reason: string };
}

/** Recomputes the chain from the first entry, a batch at a time. */
export async function verifyAuditChain(db: Conn, batch = 5000): Promise<ChainCheck> {
  let prev = GENESIS_HASH;
  let after = '0';
  let entries = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(batch).execute();
    for (const r of rows) {
      entries++;
      if (r.prev_hash !== prev) return { entries, broken: { seq: String(r.seq), reason: 'it does not link to the entry before it (an entry was removed or changed)' } };
      const expected = entryHash(prev, { at: r.at, actor_id: r.actor_id, action: r.action, subject: r.subject, details: r.details });
      if (r.hash !== expected) return { entries, broken: { seq: String(r.seq), reason: 'its content does not match its hash (the entry was changed)' } };
      prev = r.hash;
    }
    if (rows.length < batch) return { entries };
    after = String(rows[rows.length - 1]!.seq);
  }
}

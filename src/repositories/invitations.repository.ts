/** Invitations: one-time links to create an account with a given role. Stored as hashes. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Role } from '../domain/roles.ts';

type Conn = Kysely<Database> | Transaction<Database>;

export async function insertInvitation(db: Conn, i: { token_hash: string; role: Role; created_by: number; expires_at: Date }): Promise<void> {
  await db.insertInto('invitations').values(i).execute();
}

/** The invitation behind a token, if it is unused and not expired. */
export async function openInvitation(db: Conn, tokenHash: string): Promise<{ role: Role } | undefined> {
  return (await db
    .selectFrom('invitations')
    .select('role')
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirst()) as { role: Role } | undefined;
}

/** Marks an invitation used; false if someone used it first (it works once). */
export async function useInvitation(trx: Conn, tokenHash: string, userId: number): Promise<boolean> {
  const r = await trx
    .updateTable('invitations')
    .set({ used_at: new Date(), used_by: userId })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function listOpenInvitations(db: Conn): Promise<{ role: string; created_at: Date; expires_at: Date }[]> {
  return db.selectFrom('invitations').select(['role', 'created_at', 'expires_at']).where('used_at', 'is', null).where('expires_at', '>', new Date()).orderBy('created_at', 'desc').execute();
}

export async function listUsers(db: Conn): Promise<{ id: number; login: string; display_name: string; role: Role; created_at: Date; disabled_at: Date | null }[]> {
  return (await db.selectFrom('users').select(['id', 'login', 'display_name', 'role', 'created_at', 'disabled_at']).orderBy('id').execute()) as {
    id: number;
    login: string;
    display_name: string;
    role: Role;
    created_at: Date;
    disabled_at: Date | null;
  }[];
}

export async function setRole(db: Conn, userId: number, role: Role): Promise<string | undefined> {
  const before = await db.selectFrom('users').select('role').where('id', '=', userId).executeTakeFirst();
  if (!before) return undefined;
  await db.updateTable('users').set({ role }).where('id', '=', userId).execute();
  return before.role;
}

export async function disableUser(db: Conn, userId: number): Promise<boolean> {
  const r = await db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', userId).where('disabled_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

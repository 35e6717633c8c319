/** API tokens: stored as SHA-256 hashes, scoped, revocable. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Role } from '../domain/roles.ts';

type Conn = Kysely<Database> | Transaction<Database>;

export async function insertToken(db: Conn, t: { user_id: number; token_hash: string; label: string; scopes: string[] }): Promise<number> {
  return (await db.insertInto('api_tokens').values(t).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findTokenUser(db: Conn, tokenHash: string): Promise<{ user_id: number; role: Role; display_name: string; scopes: string[] } | undefined> {
  return (await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.user_id', 'u.role', 'u.display_name', 't.scopes'])
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst()) as { user_id: number; role: Role; display_name: string; scopes: string[] } | undefined;
}

export async function listTokens(db: Conn, userId: number): Promise<{ id: number; label: string; scopes: string[]; created_at: Date; revoked_at: Date | null }[]> {
  return db.selectFrom('api_tokens').select(['id', 'label', 'scopes', 'created_at', 'revoked_at']).where('user_id', '=', userId).orderBy('id', 'desc').execute();
}

export async function revokeToken(db: Conn, userId: number, id: number): Promise<boolean> {
  const r = await db.updateTable('api_tokens').set({ revoked_at: new Date() }).where('id', '=', id).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Users and their sessions. Session ids are stored only as SHA-256 hashes. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Role } from '../domain/roles.ts';

type Conn = Kysely<Database> | Transaction<Database>;

export interface UserRow {
  id: number;
  login: string;
  display_name: string;
  role: Role;
  password_hash: string;
  totp_secret: string | null;
  failed_logins: number;
  locked_until: Date | null;
  disabled_at: Date | null;
}

const USER_COLUMNS = ['id', 'login', 'display_name', 'role', 'password_hash', 'totp_secret', 'failed_logins', 'locked_until', 'disabled_at'] as const;

export async function insertUser(trx: Conn, user: { login: string; display_name: string; role: Role; password_hash: string; email?: string }): Promise<number> {
  const row = await trx.insertInto('users').values(user).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function findUserByLogin(db: Conn, login: string): Promise<UserRow | undefined> {
  return (await db.selectFrom('users').select(USER_COLUMNS).where('login', '=', login).executeTakeFirst()) as UserRow | undefined;
}

export async function countUsers(db: Conn): Promise<number> {
  const r = await db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Counts a failed login; from `limit` failures on, the account is locked until `lockUntil`. Returns the new count. */
export async function recordFailedLogin(trx: Conn, userId: number, limit: number, lockUntil: Date): Promise<number> {
  const r = await trx
    .updateTable('users')
    .set({
      failed_logins: sql`failed_logins + 1`,
      locked_until: sql`case when failed_logins + 1 >= ${limit} then ${lockUntil}::timestamptz else locked_until end`,
    } as never)
    .where('id', '=', userId)
    .returning('failed_logins')
    .executeTakeFirstOrThrow();
  return r.failed_logins;
}

export async function clearFailedLogins(trx: Conn, userId: number): Promise<void> {
  await trx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
}

export async function insertSession(trx: Conn, session: { id_hash: string; user_id: number; csrf_token: string; expires_at: Date; pending_totp?: boolean }): Promise<void> {
  await trx.insertInto('sessions').values(session).execute();
}

export interface SessionUser {
  user_id: number;
  role: Role;
  display_name: string;
  csrf_token: string;
  has_totp: boolean;
}

/** The live session with this id hash and its (enabled) user. */
export async function findSession(db: Conn, idHash: string): Promise<SessionUser | undefined> {
  return (await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.user_id', 'u.role', 'u.display_name', 's.csrf_token'])
    .select(sql<boolean>`u.totp_secret is not null`.as('has_totp'))
    .where('s.id_hash', '=', idHash)
    .where('s.pending_totp', '=', false)
    .where('s.expires_at', '>', new Date())
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst()) as SessionUser | undefined;
}

export async function deleteSession(db: Conn, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Ends every session of a user ("sign out everywhere"); returns how many there were. */
export async function deleteUserSessions(db: Conn, userId: number): Promise<number> {
  const r = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** A session still waiting for its one-time code, with the user's secret and last used step. */
export async function findPendingSession(db: Conn, idHash: string): Promise<{ user_id: number; totp_secret: string; totp_last_step: string | null } | undefined> {
  return (await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.user_id', 'u.totp_secret', 'u.totp_last_step'])
    .where('s.id_hash', '=', idHash)
    .where('s.pending_totp', '=', true)
    .where('s.expires_at', '>', new Date())
    .where('u.disabled_at', 'is', null)
    .where('u.totp_secret', 'is not', null)
    .executeTakeFirst()) as { user_id: number; totp_secret: string; totp_last_step: string | null } | undefined;
}

export async function userTotp(db: Conn, userId: number): Promise<{ totp_secret: string | null; totp_last_step: string | null } | undefined> {
  return db.selectFrom('users').select(['totp_secret', 'totp_last_step']).where('id', '=', userId).executeTakeFirst();
}

export async function setTotp(db: Conn, userId: number, secret: string | null, lastStep: number | null): Promise<void> {
  await db.updateTable('users').set({ totp_secret: secret, totp_last_step: lastStep }).where('id', '=', userId).execute();
}

/** Records the time step of an accepted code; false if it (or a later one) was used already. */
export async function useTotpStep(db: Conn, userId: number, step: number): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step) as never)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

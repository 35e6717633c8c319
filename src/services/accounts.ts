/**
 * Accounts and sessions: creating users (the first admin only from the command line, never with
 * a default password), checking a login, and starting and ending sessions. A failed login looks
 * the same whether the account exists or not; after LOCK_AFTER failures in a row the account is
 * locked for LOCK_MINUTES whatever password is given. Nothing about the client is recorded.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { displayNameSchema, loginSchema, passwordProblem, roleSchema } from '../domain/account.ts';
import type { Problem } from '../domain/problems.ts';
import type { Role } from '../domain/roles.ts';
import { commonPasswords } from '../files/common-passwords.ts';
import { appendAudit } from '../repositories/audit.repository.ts';
import { useInvitation } from '../repositories/invitations.repository.ts';
import {
  clearFailedLogins,
  deleteSession,
  deleteUserSessions,
  findPendingSession,
  findUserByLogin,
  insertSession,
  insertUser,
  recordFailedLogin,
  setTotp,
  userTotp,
  useTotpStep,
} from '../repositories/users.repository.ts';
import { generateSecret, generateURI, verify as otpVerify } from 'otplib';

export const LOCK_AFTER = 5;
export const LOCK_MINUTES = 15;
export const SESSION_DAYS = 14;

/** argon2id with the parameters OWASP recommends as a minimum (19 MiB, 2 passes). */
// Algorithm.Argon2id is 2 (a const enum, which this project's module settings cannot import).
const HASH_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

export interface NewUser {
  login: string;
  displayName: string;
  role: Role;
  password: string;
  email?: string;
}

/**
 * Creates a user, or returns the problems with the input (each naming its field). With
 * `invitation`, the account is made only if that invitation is still open, and uses it up.
 */
export async function createUser(
  db: Kysely<Database>,
  input: NewUser,
  actorId: number | null,
  invitation?: { tokenHash: string },
): Promise<{ id: number } | { problems: Problem[] }> {
  const problems: Problem[] = [];
  const login = loginSchema.safeParse(input.login);
  if (!login.success) problems.push({ path: 'login', message: login.error.issues[0]!.message });
  const name = displayNameSchema.safeParse(input.displayName);
  if (!name.success) problems.push({ path: 'display_name', message: name.error.issues[0]!.message });
  if (!roleSchema.safeParse(input.role).success) problems.push({ path: 'role', message: 'one of contributor, editor, admin' });
  const weak = passwordProblem(input.password, await commonPasswords(), login.success ? login.data : undefined);
  if (weak) problems.push({ path: 'password', message: weak });
  if (problems.length) return { problems };
  if (await findUserByLogin(db, login.data!)) return { problems: [{ path: 'login', message: 'this login is taken' }] };
  const passwordHash = await hash(input.password, HASH_OPTIONS);
  return db
    .transaction()
    .execute(async (trx) => {
      const id = await insertUser(trx, { login: login.data!, display_name: name.data!, role: input.role, password_hash: passwordHash, ...(input.email ? { email: input.email } : {}) });
      if (invitation && !(await useInvitation(trx, invitation.tokenHash, id))) throw new InvitationGone();
      await appendAudit(trx, { actorId: actorId ?? (invitation ? id : null), action: invitation ? 'invitation.accept' : 'user.create', subject: `user:${id}`, details: { role: input.role } });
      return { id };
    })
    .catch((err: unknown) => {
      if (err instanceof InvitationGone) return { problems: [{ path: 'invitation', message: 'this invitation has been used or has expired; ask for a new one' }] };
      throw err;
    });
}

class InvitationGone extends Error {}

/** A hash to verify against when the login is unknown, so that both cases take as long. */
let decoy: Promise<string> | undefined;

export type LoginResult = { ok: true; userId: number; needsTotp: boolean } | { ok: false };

export async function checkLogin(db: Kysely<Database>, login: string, password: string): Promise<LoginResult> {
  const user = await findUserByLogin(db, login.trim().toLowerCase());
  if (!user || user.disabled_at) {
    decoy ??= hash(randomToken(), HASH_OPTIONS);
    await verify(await decoy, password).catch(() => false);
    return { ok: false };
  }
  const locked = user.locked_until !== null && user.locked_until > new Date();
  const right = await verify(user.password_hash, password).catch(() => false);
  if (locked) return { ok: false };
  if (!right) {
    await db.transaction().execute(async (trx) => {
      const failures = await recordFailedLogin(trx, user.id, LOCK_AFTER, new Date(Date.now() + LOCK_MINUTES * 60_000));
      if (failures === LOCK_AFTER) await appendAudit(trx, { actorId: null, action: 'login.locked', subject: `user:${user.id}`, details: { failures, minutes: LOCK_MINUTES } });
    });
    return { ok: false };
  }
  if (user.failed_logins > 0 || user.locked_until) await clearFailedLogins(db, user.id);
  return { ok: true, userId: user.id, needsTotp: user.totp_secret !== null };
}

export interface StartedSession {
  /** The cookie value; only its hash is stored. */
  id: string;
  csrfToken: string;
  expires: Date;
}

/**
 * Starts a new session (a new id at every login, so a planted id is worthless). A `pending`
 * one, for an account with two-factor sign-in, lasts minutes and opens nothing until the
 * one-time code is given.
 */
export async function startSession(db: Kysely<Database>, userId: number, options: { pending?: boolean } = {}): Promise<StartedSession> {
  const id = randomToken();
  const csrfToken = randomToken();
  const expires = new Date(Date.now() + (options.pending ? PENDING_MINUTES * 60_000 : SESSION_DAYS * 86_400_000));
  await insertSession(db, { id_hash: sha256(id), user_id: userId, csrf_token: csrfToken, expires_at: expires, pending_totp: options.pending ?? false });
  return { id, csrfToken, expires };
}

export const PENDING_MINUTES = 5;

/** The time step of a valid code (one step of clock drift allowed either way), or undefined. */
export async function totpStep(secret: string, code: string): Promise<number | undefined> {
  if (!/^\d{6}$/.test(code.trim())) return undefined;
  const result = await otpVerify({ secret, token: code.trim(), epochTolerance: 30 }).catch(() => undefined);
  return result?.valid ? (result as { timeStep: number }).timeStep : undefined;
}

/**
 * Finishes a sign-in with its one-time code: the pending session is ended and, if the code is
 * right and not used before, the user id returned. A wrong code counts as a failed sign-in.
 */
export async function completeTwoFactor(db: Kysely<Database>, pendingId: string, code: string): Promise<number | undefined> {
  const pending = await findPendingSession(db, sha256(pendingId));
  if (!pending) return undefined;
  const step = await totpStep(pending.totp_secret, code);
  if (step !== undefined && (await useTotpStep(db, pending.user_id, step))) {
    await deleteSession(db, sha256(pendingId));
    return pending.user_id;
  }
  await db.transaction().execute(async (trx) => {
    const failures = await recordFailedLogin(trx, pending.user_id, LOCK_AFTER, new Date(Date.now() + LOCK_MINUTES * 60_000));
    if (failures >= LOCK_AFTER) await deleteUserSessions(trx, pending.user_id);
    if (failures === LOCK_AFTER) await appendAudit(trx, { actorId: null, action: 'login.locked', subject: `user:${pending.user_id}`, details: { failures, minutes: LOCK_MINUTES } });
  });
  return undefined;
}

/** Turns two-factor sign-in on (with a code from the new secret, proving it was set up) or off. */
export async function setTwoFactor(db: Kysely<Database>, userId: number, change: { enable: string } | { disable: true }, code: string): Promise<boolean> {
  const current = await userTotp(db, userId);
  const secret = 'enable' in change ? change.enable : current?.totp_secret;
  if (!secret) return false;
  const step = await totpStep(secret, code);
  if (step === undefined) return false;
  await db.transaction().execute(async (trx) => {
    await setTotp(trx, userId, 'enable' in change ? change.enable : null, 'enable' in change ? step : null);
    await appendAudit(trx, { actorId: userId, action: 'enable' in change ? 'totp.enable' : 'totp.disable', subject: `user:${userId}` });
  });
  return true;
}

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, login: string): string {
  return generateURI({ secret, label: login, issuer: 'Borderlens' });
}

export async function endSession(db: Kysely<Database>, id: string): Promise<void> {
  await deleteSession(db, sha256(id));
}

export async function endAllSessions(db: Kysely<Database>, userId: number): Promise<number> {
  return deleteUserSessions(db, userId);
}

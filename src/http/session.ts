/**
 * Sessions and CSRF. The session cookie holds a random id (only its hash is in the database);
 * it is HttpOnly, SameSite=Lax, and Secure when the site is served over TLS. Every request that
 * changes state and carries a session must also carry that session's CSRF token (a form field
 * `_csrf` or an `x-csrf-token` header). Forms used before signing in (the login form) use a
 * double-submit token: a random cookie repeated in a hidden field.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { findSession } from '../repositories/users.repository.ts';
import { findTokenUser } from '../repositories/tokens.repository.ts';
import { randomToken, sha256, type StartedSession } from '../services/accounts.ts';

export const SESSION_COOKIE = 'bl_session';
export const PRE_SESSION_COOKIE = 'bl_csrf';
/** A sign-in waiting for its one-time code. */
export const PENDING_COOKIE = 'bl_pending';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false for a state-changing route that only computes an answer (no effect to forge). */
    csrf?: false;
  }
  interface FastifyRequest {
    session?: { id: string; csrfToken: string };
    /** Scopes of the API token the request came with (none for a session). */
    tokenScopes?: string[];
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function submittedToken(request: FastifyRequest): string | undefined {
  const header = request.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  const body = request.body as Record<string, unknown> | undefined;
  return body && typeof body._csrf === 'string' ? body._csrf : undefined;
}

export async function registerSessions(app: FastifyInstance, db: Kysely<Database>, options: { tls: boolean }): Promise<void> {
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 64 * 1024 });

  app.addHook('onRequest', async (request) => {
    // Scripts authenticate with an API token instead of a session; no cookie, so no CSRF.
    const auth = request.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      const found = await findTokenUser(db, sha256(auth.slice('Bearer '.length).trim()));
      if (!found) throw new AppError('BL_ERR_UNAUTHENTICATED', 'The API token is not valid, or was revoked.');
      request.user = { id: found.user_id, role: found.role, displayName: found.display_name };
      request.tokenScopes = found.scopes;
      return;
    }
    const id = request.cookies[SESSION_COOKIE];
    if (!id) return;
    const found = await findSession(db, sha256(id));
    if (!found) return;
    request.session = { id, csrfToken: found.csrf_token };
    request.user = { id: found.user_id, role: found.role, displayName: found.display_name, hasTotp: found.has_totp };
  });

  // Before access control, so that a forged request is refused whatever its route needs.
  app.addHook('preValidation', async (request) => {
    if (SAFE_METHODS.has(request.method) || request.routeOptions.config.csrf === false || request.tokenScopes) return;
    if (request.session) {
      if (!sameToken(submittedToken(request), request.session.csrfToken)) throw new AppError('BL_ERR_FORBIDDEN', 'The form has expired or did not come from this site. Reload the page and try again.');
    } else if (request.cookies[PRE_SESSION_COOKIE] !== undefined || request.routeOptions.config.access === 'public') {
      if (!sameToken(submittedToken(request), request.cookies[PRE_SESSION_COOKIE])) throw new AppError('BL_ERR_FORBIDDEN', 'The form has expired or did not come from this site. Reload the page and try again.');
    }
  });

  app.decorateReply('startSession', function (this: FastifyReply, session: StartedSession) {
    this.setCookie(SESSION_COOKIE, session.id, { path: '/', httpOnly: true, sameSite: 'lax', secure: options.tls, expires: session.expires });
    this.clearCookie(PRE_SESSION_COOKIE, { path: '/' });
  });
  app.decorateReply('startPending', function (this: FastifyReply, session: StartedSession) {
    this.setCookie(PENDING_COOKIE, session.id, { path: '/login', httpOnly: true, sameSite: 'lax', secure: options.tls, expires: session.expires });
  });
  app.decorateReply('endPending', function (this: FastifyReply) {
    this.clearCookie(PENDING_COOKIE, { path: '/login', httpOnly: true, sameSite: 'lax', secure: options.tls });
  });
  app.decorateReply('endSession', function (this: FastifyReply) {
    this.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: options.tls });
  });
  app.decorateReply('preSessionToken', function (this: FastifyReply, request: FastifyRequest): string {
    const existing = request.cookies[PRE_SESSION_COOKIE];
    if (existing) return existing;
    const token = randomToken();
    this.setCookie(PRE_SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: options.tls });
    return token;
  });
}

declare module 'fastify' {
  interface FastifyReply {
    startSession(session: StartedSession): void;
    endSession(): void;
    startPending(session: StartedSession): void;
    endPending(): void;
    /** The double-submit token for a form shown before signing in (sets its cookie if needed). */
    preSessionToken(request: FastifyRequest): string;
  }
}

/**
 * A key for per-client rate limits that is not the client's address: an HMAC of it with a key
 * made at start and never stored, kept only in memory for the limit's window.
 */
export function clientKeyFunction(): (request: FastifyRequest) => string {
  const secret = randomBytes(32);
  return (request) => createHmac('sha256', secret).update(request.ip).digest('base64url');
}

/** Signing in through the real login form, as a browser does, for tests of signed-in pages. */
import type { FastifyInstance } from 'fastify';

export interface SignedIn {
  status: number;
  body: string;
  /** The session cookie's value, when the sign-in opened a session. */
  session?: string;
  /** The session's CSRF token, read from the account page. */
  csrf?: string;
}

export async function signIn(app: FastifyInstance, login: string, password: string): Promise<SignedIn> {
  const form = await app.inject({ method: 'GET', url: '/login' });
  const pre = form.cookies.find((c) => c.name === 'bl_csrf')!.value;
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const res = await app.inject({
    method: 'POST',
    url: '/login',
    cookies: { bl_csrf: pre },
    payload: new URLSearchParams({ login, password, _csrf: token }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const session = res.cookies.find((c) => c.name === 'bl_session')?.value;
  if (!session) return { status: res.statusCode, body: res.body };
  const account = await app.inject({ method: 'GET', url: '/account', cookies: { bl_session: session } });
  return { status: res.statusCode, body: res.body, session, csrf: /name="_csrf" value="([^"]+)"/.exec(account.body)?.[1] };
}

/** Posts a form with a session and its CSRF token. */
export function postForm(app: FastifyInstance, url: string, who: { session: string; csrf: string }, fields: Record<string, string> | [string, string][]) {
  const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
  return app.inject({
    method: 'POST',
    url,
    cookies: { bl_session: who.session },
    payload: new URLSearchParams([['_csrf', who.csrf], ...pairs]).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

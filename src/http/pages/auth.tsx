/**
 * Signing in and out. Never cached (each form carries its own token). A failed sign-in answers
 * the same whether the login exists or not; attempts are limited per client (by a key that is
 * not the address) and, in the database, per account.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../errors.ts';
import { appendAudit } from '../../repositories/audit.repository.ts';
import { insertToken, listTokens, revokeToken } from '../../repositories/tokens.repository.ts';
import { z } from 'zod';
import { checkLogin, completeTwoFactor, endAllSessions, endSession, newTotpSecret, randomToken, setTwoFactor, sha256, startSession, totpUri } from '../../services/accounts.ts';
import { TotpCodePage, TotpSetupPage } from '../../views/pages/totp.tsx';
import { AccountPage, LoginPage } from '../../views/pages/login.tsx';
import { renderPage } from '../../views/render.tsx';
import { needs, PUBLIC } from '../access.ts';
import type { AppDeps } from '../deps.ts';
import { sendUncachedPage } from './html.ts';
import { clientKeyFunction, PENDING_COOKIE } from '../session.ts';
import { parseInput } from '../validate.ts';

const loginForm = z.object({ login: z.string().max(200), password: z.string().max(1024), _csrf: z.string().optional() });

/** Sign-in attempts per client in the window, whatever the accounts tried. */
const CLIENT_ATTEMPTS = 20;
const CLIENT_WINDOW = '15 minutes';

export async function registerAuthPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { db, view } = deps;
  const page = sendUncachedPage;
  await app.register(rateLimit, { global: false });
  const clientKey = clientKeyFunction();

  app.get('/login', PUBLIC, async (request, reply) => {
    if (request.user) return reply.redirect('/account', 303);
    return page(reply, 200, renderPage(view, <LoginPage csrf={reply.preSessionToken(request)} />));
  });

  app.post(
    '/login',
    {
      ...PUBLIC,
      config: {
        ...PUBLIC.config,
        rateLimit: {
          max: CLIENT_ATTEMPTS,
          timeWindow: CLIENT_WINDOW,
          keyGenerator: clientKey,
          errorResponseBuilder: () => Object.assign(new Error(view.t('login.tooMany')), { statusCode: 429 }),
        },
      },
    },
    async (request, reply) => {
      const form = parseInput(loginForm, request.body);
      const result = await checkLogin(db, form.login, form.password);
      if (!result.ok) return page(reply, 401, renderPage(view, <LoginPage csrf={reply.preSessionToken(request)} login={form.login} failed="credentials" />));
      // A new session id at every sign-in: any id planted before it is worthless.
      if (request.session) await endSession(db, request.session.id);
      if (result.needsTotp) {
        reply.startPending(await startSession(db, result.userId, { pending: true }));
        return reply.redirect('/login/code', 303);
      }
      reply.startSession(await startSession(db, result.userId));
      return reply.redirect('/account', 303);
    },
  );

  // The second step for accounts with two-factor sign-in. The pending cookie is the proof of
  // the first step; it is SameSite=Lax and only good for a few minutes, so no form token is needed.
  app.get('/login/code', PUBLIC, async (request, reply) => {
    if (!request.cookies[PENDING_COOKIE]) return reply.redirect('/login', 303);
    return page(reply, 200, renderPage(view, <TotpCodePage />));
  });
  app.post(
    '/login/code',
    { config: { access: 'public', csrf: false, rateLimit: { max: CLIENT_ATTEMPTS, timeWindow: CLIENT_WINDOW, keyGenerator: clientKey } } },
    async (request, reply) => {
      const { code } = parseInput(z.object({ code: z.string().max(20) }), request.body);
      const pending = request.cookies[PENDING_COOKIE];
      const userId = pending ? await completeTwoFactor(db, pending, code) : undefined;
      if (userId === undefined) return page(reply, 401, renderPage(view, <TotpCodePage failed />));
      reply.endPending();
      reply.startSession(await startSession(db, userId));
      return reply.redirect('/account', 303);
    },
  );

  app.get('/account/totp', needs('contributor'), async (request, reply) => {
    const user = request.user!;
    const secret = user.hasTotp ? undefined : newTotpSecret();
    const login = (await db.selectFrom('users').select('login').where('id', '=', user.id).executeTakeFirstOrThrow()).login;
    return page(reply, 200, renderPage(view, <TotpSetupPage enabled={!!user.hasTotp} secret={secret} uri={secret && totpUri(secret, login)} csrf={request.session?.csrfToken ?? ''} />));
  });
  const totpForm = z.object({ code: z.string().max(20), secret: z.string().regex(/^[A-Z2-7]{16,64}$/).optional(), _csrf: z.string().optional() });
  app.post('/account/totp', needs('contributor'), async (request, reply) => {
    const form = parseInput(totpForm, request.body);
    const user = request.user!;
    const change = user.hasTotp ? ({ disable: true } as const) : form.secret ? { enable: form.secret } : undefined;
    if (change && (await setTwoFactor(db, user.id, change, form.code))) return reply.redirect('/account', 303);
    const login = (await db.selectFrom('users').select('login').where('id', '=', user.id).executeTakeFirstOrThrow()).login;
    return page(reply, 400, renderPage(view, <TotpSetupPage enabled={!!user.hasTotp} secret={form.secret} uri={form.secret && totpUri(form.secret, login)} csrf={request.session?.csrfToken ?? ''} wrong />));
  });

  const account = async (request: FastifyRequest, reply: FastifyReply, newToken?: string) =>
    page(
      reply,
      200,
      renderPage(view, <AccountPage name={request.user!.displayName} role={request.user!.role} csrf={request.session?.csrfToken ?? ''} tokens={await listTokens(db, request.user!.id)} newToken={newToken} />),
    );
  app.get('/account', needs('contributor'), async (request, reply) => account(request, reply));

  const tokenForm = z.object({ label: z.string().trim().min(1, 'say what the token is for').max(100), _csrf: z.string().optional() });
  app.post('/account/tokens', needs('contributor'), async (request, reply) => {
    const { label } = parseInput(tokenForm, request.body);
    const token = `blt_${randomToken()}`;
    await db.transaction().execute(async (trx) => {
      const id = await insertToken(trx, { user_id: request.user!.id, token_hash: sha256(token), label, scopes: ['drafts:write'] });
      await appendAudit(trx, { actorId: request.user!.id, action: 'token.create', subject: `token:${id}`, details: { scopes: ['drafts:write'] } });
    });
    return account(request, reply, token);
  });

  const tokenParams = z.object({ id: z.coerce.number().int().positive() });
  app.post('/account/tokens/:id/revoke', needs('contributor'), async (request, reply) => {
    const { id } = parseInput(tokenParams, request.params);
    if (!(await revokeToken(db, request.user!.id, id))) throw notFound(`No token ${id} of yours to revoke`);
    await db.transaction().execute((trx) => appendAudit(trx, { actorId: request.user!.id, action: 'token.revoke', subject: `token:${id}` }));
    return reply.redirect('/account', 303);
  });

  app.post('/logout', needs('contributor'), async (request, reply) => {
    await endSession(db, request.session!.id);
    reply.endSession();
    return reply.redirect('/', 303);
  });

  app.post('/logout/everywhere', needs('contributor'), async (request, reply) => {
    await endAllSessions(db, request.user!.id);
    reply.endSession();
    return reply.redirect('/', 303);
  });
}

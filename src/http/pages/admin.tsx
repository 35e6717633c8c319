/**
 * Administration (admins only): roles, disabling accounts, invitations. /invite/:token is the
 * public page that turns an invitation into an account, once. Every change is audited.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { roleSchema } from '../../domain/account.ts';
import { notFound } from '../../errors.ts';
import { appendAudit } from '../../repositories/audit.repository.ts';
import { disableUser, insertInvitation, listOpenInvitations, listUsers, openInvitation, setRole } from '../../repositories/invitations.repository.ts';
import { deleteUserSessions } from '../../repositories/users.repository.ts';
import { createUser, randomToken, sha256, startSession } from '../../services/accounts.ts';
import { AdminPage, InvitePage } from '../../views/pages/admin.tsx';
import { renderPage } from '../../views/render.tsx';
import { needs, PUBLIC } from '../access.ts';
import type { AppDeps } from '../deps.ts';
import { sendUncachedPage } from './html.ts';
import { parseInput } from '../validate.ts';

const INVITATION_DAYS = 7;
const idParams = z.object({ id: z.coerce.number().int().positive() });
const tokenParams = z.object({ token: z.string().min(20).max(100) });

export function registerAdminPages(app: FastifyInstance, deps: AppDeps): void {
  const { db, view } = deps;
  const page = sendUncachedPage;
  const admin = async (request: FastifyRequest, reply: FastifyReply, newLink?: string) =>
    page(reply, 200, renderPage(view, <AdminPage users={await listUsers(db)} open={await listOpenInvitations(db)} csrf={request.session?.csrfToken ?? ''} newLink={newLink} days={INVITATION_DAYS} />));

  app.get('/admin', needs('admin'), async (request, reply) => admin(request, reply));

  app.post('/admin/invitations', needs('admin'), async (request, reply) => {
    const { role } = parseInput(z.object({ role: roleSchema, _csrf: z.string().optional() }), request.body);
    const token = randomToken();
    await db.transaction().execute(async (trx) => {
      await insertInvitation(trx, { token_hash: sha256(token), role, created_by: request.user!.id, expires_at: new Date(Date.now() + INVITATION_DAYS * 86_400_000) });
      await appendAudit(trx, { actorId: request.user!.id, action: 'invitation.create', details: { role } });
    });
    return admin(request, reply, `${deps.baseUrl}/invite/${token}`);
  });

  app.post('/admin/users/:id/role', needs('admin'), async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const { role } = parseInput(z.object({ role: roleSchema, _csrf: z.string().optional() }), request.body);
    await db.transaction().execute(async (trx) => {
      const before = await setRole(trx, id, role);
      if (before === undefined) throw notFound(`No account ${id}`);
      await appendAudit(trx, { actorId: request.user!.id, action: 'user.role', subject: `user:${id}`, details: { from: before, to: role } });
    });
    return reply.redirect('/admin', 303);
  });

  app.post('/admin/users/:id/disable', needs('admin'), async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    await db.transaction().execute(async (trx) => {
      if (!(await disableUser(trx, id))) throw notFound(`No enabled account ${id}`);
      await deleteUserSessions(trx, id);
      await appendAudit(trx, { actorId: request.user!.id, action: 'user.disable', subject: `user:${id}` });
    });
    return reply.redirect('/admin', 303);
  });

  app.get('/invite/:token', PUBLIC, async (request, reply) => {
    const { token } = parseInput(tokenParams, request.params);
    const invitation = await openInvitation(db, sha256(token));
    return page(reply, invitation ? 200 : 404, renderPage(view, <InvitePage role={invitation?.role} csrf={reply.preSessionToken(request)} values={{}} errors={new Map()} />));
  });

  const inviteForm = z.object({ login: z.string().max(200), display_name: z.string().max(200), password: z.string().max(1024), _csrf: z.string().optional() });
  app.post('/invite/:token', PUBLIC, async (request, reply) => {
    const { token } = parseInput(tokenParams, request.params);
    const form = parseInput(inviteForm, request.body);
    const invitation = await openInvitation(db, sha256(token));
    if (!invitation) return page(reply, 404, renderPage(view, <InvitePage csrf="" values={{}} errors={new Map()} />));
    const result = await createUser(db, { login: form.login, displayName: form.display_name, role: invitation.role, password: form.password }, null, { tokenHash: sha256(token) });
    if ('problems' in result) {
      const errors = new Map(result.problems.map((p) => [p.path, p.message]));
      return page(reply, 400, renderPage(view, <InvitePage role={invitation.role} csrf={reply.preSessionToken(request)} values={{ login: form.login, display_name: form.display_name }} errors={errors} />));
    }
    reply.startSession(await startSession(db, result.id));
    return reply.redirect('/account', 303);
  });
}

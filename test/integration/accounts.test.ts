/**
 * Accounts, sessions and access control through the real app, on PGlite and PostgreSQL: the
 * route-permission matrix over every registered route and every role, CSRF, session fixation,
 * lock-out, the same answer for an unknown login and a wrong password, security headers, and
 * the audit log's append-only hash chain.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { registerAccessControl, type Access } from '../../src/http/access.ts';
import { verifyAuditChain } from '../../src/repositories/audit.repository.ts';
import { createUser, LOCK_AFTER } from '../../src/services/accounts.ts';
import type { Role } from '../../src/domain/roles.ts';
import { generate } from 'otplib';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { signIn as signInAs } from '../helpers/sign-in.ts';
import { testDialects } from '../helpers/databases.ts';

const PASSWORD = 'quiet harbour lantern 47';

/** Values for path parameters, so that every route can be called. */
const PARAMS: Record<string, string> = { slug: 'eu-iborderctrl', id: 'AMNESTY-R2', code: 'GR', '*': 'site.css' };

interface Persona {
  name: 'anonymous' | Role;
  cookie?: string;
  csrf?: string;
  /** For anonymous: the double-submit token of forms shown before signing in. */
  pre?: string;
}

const RANK: Record<Access, number> = { public: -1, contributor: 0, editor: 1, admin: 2 };

test('a route registered without an access rule stops the server from starting', async () => {
  const app = Fastify();
  registerAccessControl(app);
  assert.throws(() => app.get('/undeclared', async () => 'x'), /GET \/undeclared declares no access rule/);
  await app.close();
});

test('when the operator requires it, an admin without two-factor sign-in cannot use admin pages', async () => {
  const t = await createTestApp('pglite', { load: false, config: { requireAdminTotp: true } });
  try {
    assert.ok('id' in (await createUser(t.db, { login: 'chief', displayName: 'Chief', role: 'admin', password: PASSWORD }, null)));
    const form = await t.app.inject({ method: 'GET', url: '/login' });
    const pre = form.cookies.find((c) => c.name === 'bl_csrf')!.value;
    const res = await t.app.inject({ method: 'POST', url: '/login', cookies: { bl_csrf: pre }, payload: new URLSearchParams({ login: 'chief', password: PASSWORD, _csrf: pre }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const session = res.cookies.find((c) => c.name === 'bl_session')!.value;
    const admin = await t.app.inject({ method: 'GET', url: '/admin', cookies: { bl_session: session } });
    assert.equal(admin.statusCode, 403);
    assert.match(admin.body, /two-factor/);
    assert.equal((await t.app.inject({ method: 'GET', url: '/account/totp', cookies: { bl_session: session } })).statusCode, 200, 'but can set it up');
  } finally {
    await t.close();
  }
});

for (const dialect of testDialects()) {
  describe(`accounts on ${dialect}`, () => {
    let t: TestApp;
    const personas: Persona[] = [{ name: 'anonymous' }];

    /** Signs in through the login form, as a browser does; returns the session cookie and CSRF token. */
    async function signIn(login: string, password = PASSWORD): Promise<{ status: number; cookie?: string; csrf?: string; body: string }> {
      const s = await signInAs(t.app, login, password);
      return { status: s.status, cookie: s.session, csrf: s.csrf, body: s.body };
    }

    before(async () => {
      t = await createTestApp(dialect);
      const form = await t.app.inject({ method: 'GET', url: '/login' });
      personas[0]!.pre = form.cookies.find((c) => c.name === 'bl_csrf')!.value;
      for (const role of ['contributor', 'editor', 'admin'] as Role[]) {
        const created = await createUser(t.db, { login: role, displayName: `A ${role}`, role, password: PASSWORD }, null);
        assert.ok('id' in created, JSON.stringify(created));
        const s = await signIn(role);
        assert.equal(s.status, 303, s.body);
        personas.push({ name: role, cookie: s.cookie, csrf: s.csrf });
      }
    });
    after(async () => t?.close());

    test('permission matrix: every route answers each role as its declared rule says', async () => {
      // Signing in and out changes the personas themselves, and the suggestion form is rate limited: tested on their own.
      const routes = t.app.routeList.filter((r) => r.method !== 'HEAD' && !['/logout', '/logout/everywhere', '/login', '/suggest'].includes(r.url));
      assert.ok(routes.length > 30, `expected every route, got ${routes.length}`);
      // The write API included: proposing deployments and actors needs a contributor at least.
      for (const [method, url] of [['POST', '/api/v1/deployments'], ['PATCH', '/api/v1/deployments/:slug'], ['POST', '/api/v1/actors'], ['PATCH', '/api/v1/actors/:slug']]) {
        assert.equal(routes.find((r) => r.method === method && r.url === url)?.access, 'contributor', `${method} ${url} is in the matrix`);
      }
      const failures: string[] = [];
      for (const route of routes) {
        const url = route.url === '/static/htmx/*' ? '/static/htmx/htmx.min.js' : route.url.replace(/:(\w+)|\*/g, (m, name: string | undefined) => PARAMS[name ?? '*'] ?? m);
        for (const p of personas) {
          const res = await t.app.inject({
            method: route.method as 'GET',
            url,
            cookies: p.cookie ? { bl_session: p.cookie } : p.pre ? { bl_csrf: p.pre } : {},
            headers: { ...(p.csrf ?? p.pre ? { 'x-csrf-token': (p.csrf ?? p.pre)! } : {}), ...(route.method === 'POST' || route.method === 'PATCH' ? { 'content-type': 'application/json' } : {}) },
            ...(route.method === 'POST' || route.method === 'PATCH' ? { payload: '{}' } : {}),
          });
          const allowed = route.access === 'public' || (p.name !== 'anonymous' && RANK[p.name] >= RANK[route.access]);
          const expected = allowed ? 'not 401/403' : p.name === 'anonymous' ? 401 : 403;
          const ok = allowed ? ![401, 403].includes(res.statusCode) && res.statusCode < 500 : res.statusCode === expected;
          if (!ok) failures.push(`${route.method} ${url} as ${p.name}: ${res.statusCode}, expected ${expected}`);
        }
      }
      assert.deepEqual(failures, []);
    });

    test('a state-changing request with a session but without its CSRF token is refused', async () => {
      const s = await signIn('editor');
      const forged = await t.app.inject({ method: 'POST', url: '/logout', cookies: { bl_session: s.cookie! } });
      assert.equal(forged.statusCode, 403);
      const stillIn = await t.app.inject({ method: 'GET', url: '/account', cookies: { bl_session: s.cookie! } });
      assert.equal(stillIn.statusCode, 200, 'the forged sign-out did nothing');
      const real = await t.app.inject({ method: 'POST', url: '/logout', cookies: { bl_session: s.cookie! }, headers: { 'x-csrf-token': s.csrf! } });
      assert.equal(real.statusCode, 303);
      const out = await t.app.inject({ method: 'GET', url: '/account', cookies: { bl_session: s.cookie! } });
      assert.equal(out.statusCode, 401);
      const login = await t.app.inject({ method: 'POST', url: '/login', payload: 'login=admin&password=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(login.statusCode, 403, 'the login form needs its token too');
    });

    test('the session id changes at every sign-in, and a planted id is worthless', async () => {
      const first = await signIn('contributor');
      const second = await signIn('contributor');
      assert.ok(first.cookie && second.cookie && first.cookie !== second.cookie);
      const planted = await t.app.inject({ method: 'GET', url: '/account', cookies: { bl_session: 'planted-by-an-attacker' } });
      assert.equal(planted.statusCode, 401);
      const everywhere = await t.app.inject({ method: 'POST', url: '/logout/everywhere', cookies: { bl_session: second.cookie! }, headers: { 'x-csrf-token': second.csrf! } });
      assert.equal(everywhere.statusCode, 303);
      for (const c of [first.cookie, second.cookie]) assert.equal((await t.app.inject({ method: 'GET', url: '/account', cookies: { bl_session: c } })).statusCode, 401, 'signed out everywhere');
    });

    test('an unknown login and a wrong password get the same answer; a locked account stays locked', async () => {
      const created = await createUser(t.db, { login: 'target', displayName: 'Target', role: 'contributor', password: PASSWORD }, null);
      assert.ok('id' in created);
      const unknown = await signIn('nobody-here', 'whatever whatever 1');
      const wrong = await signIn('target', 'not the password at all');
      assert.equal(unknown.status, 401);
      assert.equal(wrong.status, 401);
      assert.equal(unknown.body.replace(/value="[^"]*"/g, ''), wrong.body.replace(/value="[^"]*"/g, ''), 'nothing tells the two apart');
      for (let i = 1; i < LOCK_AFTER; i++) await signIn('target', `wrong guess number ${i}`);
      const locked = await signIn('target', PASSWORD);
      assert.equal(locked.status, 401, 'the right password does not open a locked account');
      const audit = await t.db.selectFrom('audit_log').select(['action', 'subject']).where('action', '=', 'login.locked').execute();
      assert.deepEqual(audit, [{ action: 'login.locked', subject: `user:${created.id}` }]);
    });

    test('weak passwords are refused, each problem named', async () => {
      const result = await createUser(t.db, { login: 'x', displayName: 'Xavier', role: 'admin', password: 'password2024!' }, null);
      assert.ok('problems' in result);
      assert.deepEqual(result.problems.map((p) => p.path).sort(), ['login', 'password']);
      const common = await createUser(t.db, { login: 'someone', displayName: 'Someone', role: 'editor', password: 'qwertyuiop123' }, null);
      assert.ok('problems' in common && /common passwords/.test(common.problems[0]!.message));
    });

    test('every response carries the security headers', async () => {
      for (const [url, status] of [['/', 200], ['/api/v1/deployments', 200], ['/no-such-page', 404], ['/static/site.css', 200], ['/login', 200]] as const) {
        const res = await t.app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, status, url);
        const csp = String(res.headers['content-security-policy']);
        assert.match(csp, /default-src 'none'/, url);
        assert.match(csp, /script-src 'self'/, url);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, url);
        assert.match(csp, /frame-ancestors 'none'/, url);
        assert.equal(res.headers['referrer-policy'], 'no-referrer', url);
        assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
        assert.match(String(res.headers['permissions-policy']), /camera=\(\)/, url);
        assert.equal(res.headers['strict-transport-security'], undefined, 'no HSTS over plain HTTP');
      }
    });

    test('two-factor sign-in: turned on with a code, then every sign-in needs a fresh code', async () => {
      assert.ok('id' in (await createUser(t.db, { login: 'careful', displayName: 'Careful', role: 'contributor', password: PASSWORD }, null)));
      const s = await signIn('careful');
      const setup = await t.app.inject({ method: 'GET', url: '/account/totp', cookies: { bl_session: s.cookie! } });
      const secret = /<code class="token">([A-Z2-7]+)<\/code>/.exec(setup.body)![1]!;
      const post = (url: string, fields: Record<string, string>, cookies: Record<string, string>) =>
        t.app.inject({ method: 'POST', url, cookies, payload: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal((await post('/account/totp', { _csrf: s.csrf!, secret, code: '000000' }, { bl_session: s.cookie! })).statusCode, 400, 'a wrong code does not turn it on');
      assert.equal((await post('/account/totp', { _csrf: s.csrf!, secret, code: await generate({ secret }) }, { bl_session: s.cookie! })).statusCode, 303);
      // The password alone now gives no session, only the code step.
      const first = await signIn('careful');
      assert.equal(first.status, 303);
      assert.equal(first.cookie, undefined);
      const form = await t.app.inject({ method: 'GET', url: '/login' });
      const pre = form.cookies.find((c) => c.name === 'bl_csrf')!.value;
      const pw = await post('/login', { login: 'careful', password: PASSWORD, _csrf: pre }, { bl_csrf: pre });
      assert.equal(pw.headers.location, '/login/code');
      const pending = pw.cookies.find((c) => c.name === 'bl_pending')!.value;
      assert.equal((await t.app.inject({ method: 'GET', url: '/account', cookies: { bl_session: pending } })).statusCode, 401, 'a pending sign-in is no session');
      assert.equal((await post('/login/code', { code: '123456' }, { bl_pending: pending })).statusCode, 401);
      // Codes are one-use: wait for the next time step if the setup used this one.
      let code = await generate({ secret });
      const setupStep = Math.floor(Date.now() / 30_000);
      if (String((await t.db.selectFrom('users').select('totp_last_step').where('login', '=', 'careful').executeTakeFirstOrThrow()).totp_last_step) === String(setupStep)) {
        await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 200));
        code = await generate({ secret });
      }
      const ok = await post('/login/code', { code }, { bl_pending: pending });
      assert.equal(ok.statusCode, 303, ok.body);
      assert.ok(ok.cookies.some((c) => c.name === 'bl_session'));
      const actions = (await t.db.selectFrom('audit_log').select('action').execute()).map((r) => r.action);
      assert.ok(actions.includes('totp.enable'));
    });

    test('the audit log is append-only and its hash chain finds a forged entry', async () => {
      assert.equal((await verifyAuditChain(t.db)).broken, undefined);
      await assert.rejects(sql`update audit_log set action = 'nothing happened'`.execute(t.db), /append-only/);
      await assert.rejects(sql`delete from audit_log`.execute(t.db), /append-only/);
      const before = await verifyAuditChain(t.db);
      await t.db
        .insertInto('audit_log')
        .values({ at: new Date().toISOString(), actor_id: null, action: 'user.create', subject: 'user:999', details: '{}', prev_hash: 'f'.repeat(64), hash: 'e'.repeat(64) })
        .execute();
      const after = await verifyAuditChain(t.db);
      assert.equal(after.entries, before.entries + 1);
      assert.match(after.broken?.reason ?? '', /does not link/);
    });
  });
}

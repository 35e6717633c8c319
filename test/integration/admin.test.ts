/**
 * Invitations and account administration through the real app: an invitation link works once
 * and expires, gives the role it was made for, and admins' changes are audited.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createUser } from '../../src/services/accounts.ts';
import { signIn as signInAs } from '../helpers/sign-in.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';

const PASSWORD = 'pebble lantern orchard 31';

for (const dialect of testDialects()) {
  describe(`administration on ${dialect}`, () => {
    let t: TestApp;
    let admin = { session: '', csrf: '' };

    async function signIn(login: string, password = PASSWORD) {
      const s = await signInAs(t.app, login, password);
      return { session: s.session ?? '', csrf: s.csrf ?? '' };
    }
    const post = (url: string, fields: Record<string, string>, who = admin) =>
      t.app.inject({ method: 'POST', url, cookies: { bl_session: who.session }, payload: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });

    before(async () => {
      t = await createTestApp(dialect);
      assert.ok('id' in (await createUser(t.db, { login: 'boss', displayName: 'Boss', role: 'admin', password: PASSWORD }, null)));
      admin = await signIn('boss');
    });
    after(async () => t?.close());

    test('an invitation creates one account with its role, and works only once', async () => {
      const made = await post('/admin/invitations', { role: 'editor' });
      assert.equal(made.statusCode, 200);
      const link = /<code class="token">([^<]+)<\/code>/.exec(made.body)![1]!;
      const path = new URL(link).pathname;
      const form = await t.app.inject({ method: 'GET', url: path });
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /as editor/);
      const pre = form.cookies.find((c) => c.name === 'bl_csrf')!.value;
      const accept = (fields: Record<string, string>) =>
        t.app.inject({ method: 'POST', url: path, cookies: { bl_csrf: pre }, payload: new URLSearchParams({ _csrf: pre, ...fields }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      const weak = await accept({ login: 'newbie', display_name: 'Newbie', password: 'short' });
      assert.equal(weak.statusCode, 400);
      assert.match(weak.body, /id="password-error">use at least 12 characters/);
      assert.match(weak.body, /value="newbie"/, 'what was typed is kept');
      const ok = await accept({ login: 'newbie', display_name: 'Newbie', password: 'harbour violet engine 77' });
      assert.equal(ok.statusCode, 303);
      assert.ok(ok.cookies.some((c) => c.name === 'bl_session'), 'signed in straight away');
      const role = await t.db.selectFrom('users').select('role').where('login', '=', 'newbie').executeTakeFirstOrThrow();
      assert.equal(role.role, 'editor');
      const again = await accept({ login: 'second', display_name: 'Second', password: 'harbour violet engine 78' });
      assert.equal(again.statusCode, 404, 'the link works once');
      assert.equal((await t.app.inject({ method: 'GET', url: path })).statusCode, 404);
    });

    test('role changes and disabling are audited; a disabled account is signed out', async () => {
      assert.ok('id' in (await createUser(t.db, { login: 'helper', displayName: 'Helper', role: 'contributor', password: PASSWORD }, null)));
      const helper = await signIn('helper');
      const id = (await t.db.selectFrom('users').select('id').where('login', '=', 'helper').executeTakeFirstOrThrow()).id;
      assert.equal((await post(`/admin/users/${id}/role`, { role: 'editor' })).statusCode, 303);
      assert.equal((await t.app.inject({ method: 'GET', url: '/review', cookies: { bl_session: helper.session } })).statusCode, 200, 'the new role applies at once');
      assert.equal((await post(`/admin/users/${id}/disable`, {})).statusCode, 303);
      assert.equal((await t.app.inject({ method: 'GET', url: '/account', cookies: { bl_session: helper.session } })).statusCode, 401);
      assert.equal((await signIn('helper')).session, '', 'a disabled account cannot sign in');
      const actions = (await t.db.selectFrom('audit_log').select('action').orderBy('seq').execute()).map((r) => r.action);
      for (const a of ['invitation.create', 'invitation.accept', 'user.role', 'user.disable']) assert.ok(actions.includes(a), a);
    });

    test('editors add and edit actors; each change is a revision with its reason, and bad input is named', async () => {
      const bad = await post('/review/actors/new', { slug: 'new-vendor', name: 'New Vendor', type: 'no-such-type', reason: 'Named in a report' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /<code>type<\/code>: unknown term; allowed:/);
      const made = await post('/review/actors/new', { slug: 'new-vendor', name: 'New Vendor', type: 'company', countries: 'DE', reason: 'Named in a report', 'sources.0.title': 'A report', 'sources.0.url': 'https://example.org/r' });
      assert.equal(made.statusCode, 303, made.body.slice(0, 500));
      const edited = await post('/review/actors/new-vendor/edit', { name: 'New Vendor GmbH', type: 'company', reason: 'Full legal name' });
      assert.equal(edited.statusCode, 303);
      const api = (await t.app.inject({ method: 'GET', url: '/api/v1/actors/new-vendor' })).json() as { name: string };
      assert.equal(api.name, 'New Vendor GmbH');
      const revisions = await t.db.selectFrom('revisions').select(['number', 'reason']).where('entity', '=', 'actor').where('key', '=', 'new-vendor').orderBy('number').execute();
      assert.deepEqual(revisions, [{ number: 1, reason: 'Named in a report' }, { number: 2, reason: 'Full legal name' }]);
    });

    test('only admins administer', async () => {
      const helperless = await signIn('newbie', 'harbour violet engine 77');
      assert.equal((await t.app.inject({ method: 'GET', url: '/admin', cookies: { bl_session: helperless.session } })).statusCode, 403);
      assert.equal((await post('/admin/invitations', { role: 'admin' }, helperless)).statusCode, 403);
    });
  });
}

/**
 * Suggestions from the public and the editors' queue, through the real app: no account and no
 * personal data needed, errors next to the fields with the input kept, a honeypot, a rate limit,
 * CSRF, and decisions that editors (only) make, with a reason to reject, in the audit log.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createUser } from '../../src/services/accounts.ts';
import { signIn as signInAs } from '../helpers/sign-in.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';

const PASSWORD = 'amber meadow compass 58';

for (const dialect of testDialects()) {
  describe(`suggestions on ${dialect}`, () => {
    let t: TestApp;
    let pre = '';
    before(async () => {
      t = await createTestApp(dialect);
      const form = await t.app.inject({ method: 'GET', url: '/suggest' });
      assert.equal(form.statusCode, 200);
      pre = form.cookies.find((c) => c.name === 'bl_csrf')!.value;
      for (const role of ['contributor', 'editor'] as const) assert.ok('id' in (await createUser(t.db, { login: role, displayName: role, role, password: PASSWORD }, null)));
    });
    after(async () => t?.close());

    const suggest = (fields: Record<string, string>, token: string | null = pre) =>
      t.app.inject({
        method: 'POST',
        url: '/suggest',
        cookies: { bl_csrf: pre },
        payload: new URLSearchParams({ ...(token ? { _csrf: token } : {}), ...fields }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });

    async function signIn(login: string) {
      const s = await signInAs(t.app, login, PASSWORD);
      return { session: s.session!, csrf: s.csrf! };
    }

    test('anyone can suggest a new deployment; nothing about the sender is kept', async () => {
      const res = await suggest({ kind: 'new', what: 'Drones with thermal cameras over the Evros river', place: 'Greece', sources: 'https://example.org/report' });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Thank you/);
      const rows = await t.db.selectFrom('suggestions').selectAll().execute();
      assert.equal(rows.length, 1);
      assert.deepEqual(Object.keys(rows[0]!).sort(), ['created_at', 'deployment_slug', 'handled_at', 'handled_by', 'id', 'kind', 'place', 'reason', 'sources', 'status', 'what']);
    });

    test('bad input is shown next to each field, with what was typed kept', async () => {
      const res = await suggest({ kind: 'correction', what: 'Wrong', sources: '' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /id="deployment_slug-error">say which deployment/);
      assert.match(res.body, /id="sources-error">give at least one public source/);
      assert.match(res.body, /id="what-error">/);
      assert.match(res.body, />Wrong<\/textarea>/);
    });

    test('a filled honeypot is thanked and thrown away; a form without its token is refused', async () => {
      const before = (await t.db.selectFrom('suggestions').select('id').execute()).length;
      const bot = await suggest({ kind: 'new', what: 'Buy cheap watches online today', sources: 'https://spam.example/', website: 'https://spam.example/' });
      assert.equal(bot.statusCode, 200);
      const forged = await suggest({ kind: 'new', what: 'A real looking suggestion text', sources: 'https://example.org/' }, null);
      assert.equal(forged.statusCode, 403);
      assert.equal((await t.db.selectFrom('suggestions').select('id').execute()).length, before);
    });

    test('editors see the queue and decide; a rejection needs a reason; contributors may not', async () => {
      const contributor = await signIn('contributor');
      assert.equal((await t.app.inject({ method: 'GET', url: '/review/suggestions', cookies: { bl_session: contributor.session } })).statusCode, 403);
      const editor = await signIn('editor');
      const queue = await t.app.inject({ method: 'GET', url: '/review/suggestions', cookies: { bl_session: editor.session } });
      assert.equal(queue.statusCode, 200);
      assert.match(queue.body, /Drones with thermal cameras/);
      const id = (await t.db.selectFrom('suggestions').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
      const decide = (fields: Record<string, string>) =>
        t.app.inject({ method: 'POST', url: `/review/suggestions/${id}`, cookies: { bl_session: editor.session }, payload: new URLSearchParams({ _csrf: editor.csrf, ...fields }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal((await decide({ status: 'rejected' })).statusCode, 400);
      assert.equal((await decide({ status: 'rejected', reason: 'No source says this' })).statusCode, 303);
      assert.equal((await decide({ status: 'accepted' })).statusCode, 404, 'a decided suggestion is not decided again');
      const audit = await t.db.selectFrom('audit_log').select(['action', 'subject', 'actor_id']).where('action', 'like', 'suggestion.%').execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.subject, `suggestion:${id}`);
    });

    test('suggestions are rate limited per client', async () => {
      let status = 0;
      for (let i = 0; i < 12 && status !== 429; i++) status = (await suggest({ kind: 'new', what: `Suggestion number ${i} about a system`, sources: 'https://example.org/' })).statusCode;
      assert.equal(status, 429);
    });
  });
}

/**
 * The editorial workflow through the real app, on PGlite and PostgreSQL: API tokens (shown once,
 * hashed, revocable), drafts proposed through the write API, review with a diff, publication
 * that writes the record, an immutable revision and an audit entry, and the public history.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createUser } from '../../src/services/accounts.ts';
import { verifyAuditChain } from '../../src/repositories/audit.repository.ts';
import { postForm, signIn as signInAs } from '../helpers/sign-in.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';

const PASSWORD = 'velvet canyon signal 62';

for (const dialect of testDialects()) {
  describe(`editorial workflow on ${dialect}`, () => {
    let t: TestApp;
    const people: Record<string, { session: string; csrf: string }> = {};
    let token = '';

    async function signIn(login: string) {
      const s = await signInAs(t.app, login, PASSWORD);
      return { session: s.session!, csrf: s.csrf! };
    }
    const form = (who: string, url: string, fields: Record<string, string>) => postForm(t.app, url, people[who]!, fields);
    const api = (method: 'POST' | 'PATCH', url: string, body: unknown, bearer: string | null = token) =>
      t.app.inject({ method, url, payload: body as object, headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) } });

    before(async () => {
      t = await createTestApp(dialect, { cacheVersionTtlMs: 0 });
      for (const role of ['contributor', 'editor'] as const) {
        assert.ok('id' in (await createUser(t.db, { login: role, displayName: `The ${role}`, role, password: PASSWORD }, null)));
        people[role] = await signIn(role);
      }
    });
    after(async () => t?.close());

    test('a contributor makes an API token: shown once, stored as a hash, in the audit log', async () => {
      const res = await form('contributor', '/account/tokens', { label: 'my import script' });
      assert.equal(res.statusCode, 200);
      token = /<code class="token">([^<]+)<\/code>/.exec(res.body)![1]!;
      assert.match(token, /^blt_/);
      const stored = await t.db.selectFrom('api_tokens').select(['token_hash', 'label']).execute();
      assert.equal(stored.length, 1);
      assert.notEqual(stored[0]!.token_hash, token);
      const again = await t.app.inject({ method: 'GET', url: '/account', cookies: { bl_session: people.contributor!.session } });
      assert.ok(!again.body.includes(token), 'the token is not shown again');
      assert.ok((await t.db.selectFrom('audit_log').select('action').where('action', '=', 'token.create').execute()).length === 1);
    });

    test('the write API needs a token or a session: 401 without, 401 for a bad token', async () => {
      assert.equal((await api('POST', '/api/v1/deployments', { record: {} }, null)).statusCode, 401);
      assert.equal((await api('POST', '/api/v1/deployments', { record: {} }, 'blt_not-a-real-token')).statusCode, 401);
    });

    test('a change proposed through the API goes through review and is published as a revision', async () => {
      const proposed = await api('PATCH', '/api/v1/deployments/uk-home-office-gps-tagging-immigration-bail', { record: { status: 'suspended', reviewed: '2024-01-31' } });
      assert.equal(proposed.statusCode, 201, proposed.body);
      const { id } = proposed.json() as { id: number };
      // Submitting needs a reason.
      const noReason = await form('contributor', `/review/drafts/${id}`, { action: 'submit' });
      assert.equal(noReason.statusCode, 400);
      assert.match(noReason.body, /say in a few words what this change is/);
      assert.equal((await form('contributor', `/review/drafts/${id}`, { action: 'submit', reason: 'Status per the latest report' })).statusCode, 303);
      // The editor sees it in the queue, with the field that changed.
      const queue = await t.app.inject({ method: 'GET', url: '/review', cookies: { bl_session: people.editor!.session } });
      assert.match(queue.body, new RegExp(`/review/drafts/${id}`));
      const draftPage = await t.app.inject({ method: 'GET', url: `/review/drafts/${id}`, cookies: { bl_session: people.editor!.session } });
      assert.match(draftPage.body, /<th scope="row">status<\/th>/);
      assert.doesNotMatch(draftPage.body, /<th scope="row">title<\/th>/, 'only changed fields are listed');
      // A contributor cannot publish; an editor must give a reason.
      assert.equal((await form('contributor', `/review/drafts/${id}`, { action: 'publish', note: 'I say so' })).statusCode, 403);
      assert.equal((await form('editor', `/review/drafts/${id}`, { action: 'publish' })).statusCode, 400);
      const published = await form('editor', `/review/drafts/${id}`, { action: 'publish', note: 'Checked against source 2' });
      assert.equal(published.statusCode, 303);
      const record = (await t.app.inject({ method: 'GET', url: '/api/v1/deployments/uk-home-office-gps-tagging-immigration-bail' })).json() as { status: string; reviewed: string };
      assert.equal(record.status, 'suspended');
      // A contributor cannot set the review date: publishing is the editor's review.
      assert.equal(record.reviewed, new Date().toISOString().slice(0, 10), 'publishing is an editor\'s review: the record says when');
      assert.match((await t.app.inject({ method: 'GET', url: '/deployments/uk-home-office-gps-tagging-immigration-bail' })).body, /Last reviewed by an editor: \d{4}-\d{2}-\d{2}/);
      const feed = (await t.app.inject({ method: 'GET', url: '/feed.atom' })).body;
      const first = feed.slice(feed.indexOf('<entry>'), feed.indexOf('</entry>'));
      assert.match(first, /<id>http:\/\/borderlens\.test\/deployments\/uk-home-office-gps-tagging-immigration-bail\/history#revision-2<\/id>/, 'the feed\'s newest entry is this change');
      assert.match(first, /Changed: status(, reviewed)?\./);
      assert.match(first, /Status per the latest report/);
      assert.match(first, /history\?from=1&amp;to=2#diff/);
      const history = await t.app.inject({ method: 'GET', url: '/deployments/uk-home-office-gps-tagging-immigration-bail/history' });
      assert.match(history.body, /Revision 1/);
      assert.match(history.body, /Imported from uk-home-office-gps-tagging-immigration-bail\.yaml/, 'the import is revision 1');
      assert.match(history.body, /Revision 2/);
      assert.match(history.body, /Status per the latest report/);
      assert.match(history.body, /The contributor/, 'the author is shown by display name');
      const audit = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'deployment.publish').execute();
      assert.equal(audit.length, 1);
      assert.equal((await verifyAuditChain(t.db)).broken, undefined);
    });

    test('a new record proposed with bad fields is refused, naming them; editors can send drafts back', async () => {
      const bad = await api('POST', '/api/v1/deployments', { record: { slug: 'a-new-one', capabilities: ['mind_reading'] } });
      assert.equal(bad.statusCode, 400);
      assert.ok((bad.json() as { errors: { field: string }[] }).errors.some((e) => e.field === 'capabilities.0'));
      const taken = await api('POST', '/api/v1/deployments', { record: { slug: 'eu-iborderctrl' } });
      assert.equal(taken.statusCode, 409);
      const fresh = await api('POST', '/api/v1/deployments', { record: { slug: 'a-new-one', title: 'A new deployment' }, reason: 'Reported by a partner', submit: true });
      assert.equal(fresh.statusCode, 201, fresh.body);
      const { id, state } = fresh.json() as { id: number; state: string };
      assert.equal(state, 'in_review');
      // Publishing an incomplete record is refused with what is missing.
      const incomplete = await form('editor', `/review/drafts/${id}`, { action: 'publish', note: 'Looks fine' });
      assert.equal(incomplete.statusCode, 400);
      assert.match(incomplete.body, /a record needs at least one source|required/);
      assert.equal((await form('editor', `/review/drafts/${id}`, { action: 'request_changes', note: 'Add the summary and a source' })).statusCode, 303);
      const mine = await t.app.inject({ method: 'GET', url: `/review/drafts/${id}`, cookies: { bl_session: people.contributor!.session } });
      assert.match(mine.body, /Changes requested/);
      assert.match(mine.body, /Add the summary and a source/);
    });

    test('an editor restores an old revision as a new one, and archives a record, which stays readable', async () => {
      // Revision 1 is the import, 2 the publication above; publish a third, then restore 2.
      const change = await api('PATCH', '/api/v1/deployments/uk-home-office-gps-tagging-immigration-bail', { record: { status: 'ended' }, reason: 'Programme ended', submit: true });
      const { id } = change.json() as { id: number };
      assert.equal((await form('editor', `/review/drafts/${id}`, { action: 'publish', note: 'Per source 3' })).statusCode, 303);
      assert.equal((await form('contributor', '/review/deployments/uk-home-office-gps-tagging-immigration-bail/restore', { number: '2', reason: 'x' })).statusCode, 403);
      assert.equal((await form('editor', '/review/deployments/uk-home-office-gps-tagging-immigration-bail/restore', { number: '2', reason: 'The end was misreported' })).statusCode, 303);
      const record = (await t.app.inject({ method: 'GET', url: '/api/v1/deployments/uk-home-office-gps-tagging-immigration-bail' })).json() as { status: string; reviewed: string };
      assert.equal(record.status, 'suspended');
      const history = (await t.app.inject({ method: 'GET', url: '/deployments/uk-home-office-gps-tagging-immigration-bail/history?from=3&to=4' })).body;
      assert.match(history, /Revision 4/);
      assert.match(history, /Restored revision 2: The end was misreported/);
      assert.match(history, /<th scope="row">status<\/th>/, 'the diff between 2 and 3 shows the status');
      assert.equal((await form('editor', '/review/deployments/us-ice-atd-isap/archive', { archive: 'true', reason: 'Superseded by a newer record' })).statusCode, 303);
      const page = await t.app.inject({ method: 'GET', url: '/deployments/us-ice-atd-isap' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /This record is archived/);
      const actions = (await t.db.selectFrom('audit_log').select('action').execute()).map((r) => r.action);
      for (const a of ['deployment.restore', 'deployment.archive']) assert.ok(actions.includes(a), a);
    });

    test('an import records a revision for what it creates or changes, and none for what it leaves alone', async () => {
      const { importFiles } = await import('../../src/services/import-files.ts');
      const path = await import('node:path');
      const { CONTENT_DIR } = await import('../helpers/app.ts');
      const before = (await t.db.selectFrom('revisions').select('id').execute()).length;
      const imports = () => t.db.selectFrom('audit_log').select(['subject', 'details']).where('action', '=', 'import').execute();
      const logged = await imports();
      assert.ok(logged.some((e) => e.subject === 'file:eu-iborderctrl.yaml' && (e.details as { deployments_created: number }).deployments_created === 1), 'the starter import is in the audit log, a file an entry');
      const again = await importFiles(t.db, t.catalog, [path.join(CONTENT_DIR, 'compendium', 'eu-iborderctrl.yaml')], { language: t.config.searchLanguage });
      assert.equal(again.unchanged, 1);
      assert.equal((await t.db.selectFrom('revisions').select('id').execute()).length, before, 'an unchanged record gets no revision');
      assert.equal((await imports()).length, logged.length, 'nor an audit entry');
      assert.equal((await verifyAuditChain(t.db)).broken, undefined);
      const actors = await t.db.selectFrom('revisions').select('key').where('entity', '=', 'actor').execute();
      assert.ok(actors.length >= 29, 'actors have revisions too');
    });

    test('editors filter and sort the review queue, every choice in the URL', async () => {
      const submitted = async (url: string, method: 'POST' | 'PATCH', body: object) => {
        const res = await api(method, url, { ...body, reason: 'Queue test', submit: true });
        assert.equal(res.statusCode, 201, res.body);
        return (res.json() as { id: number }).id;
      };
      const fresh = await submitted('/api/v1/deployments', 'POST', { record: { slug: 'queue-new-record', title: 'A queue test record' } });
      const change = await submitted('/api/v1/deployments/de-bamf-phone-data-extraction', 'PATCH', { record: { status: 'suspended' } });
      const actor = await submitted('/api/v1/actors', 'POST', { record: { slug: 'queue-test-agency', name: 'Queue Test Agency', type: 'public_authority' } });
      assert.equal((await form('editor', `/review/drafts/${change}`, { action: 'claim' })).statusCode, 303);
      const queue = async (qs: string) => {
        const res = await t.app.inject({ method: 'GET', url: `/review${qs}`, cookies: { bl_session: people.editor!.session } });
        assert.equal(res.statusCode, 200, res.body);
        return [...res.body.matchAll(/href="\/review\/drafts\/(\d+)"/g)].map((m) => Number(m[1]));
      };
      const all = await queue('');
      for (const id of [fresh, change, actor]) assert.ok(all.includes(id), `draft ${id} is in the queue`);
      assert.deepEqual((await queue('?kind=new')).filter((id) => [fresh, change, actor].includes(id)), [fresh]);
      assert.deepEqual((await queue('?kind=change')).filter((id) => [fresh, change, actor].includes(id)), [change]);
      assert.deepEqual(await queue('?kind=actor'), [actor]);
      assert.deepEqual(await queue('?claimed=me'), [change]);
      assert.ok(!(await queue('?claimed=nobody')).includes(change));
      const newest = await queue('?sort=newest');
      assert.deepEqual(newest, [...all].reverse(), 'newest first is the queue reversed');
      assert.ok((await queue('?state=published')).length >= 1, 'published drafts can be listed');
      const page = await t.app.inject({ method: 'GET', url: '/review?kind=actor&sort=newest', cookies: { bl_session: people.editor!.session } });
      assert.match(page.body, /<option value="actor" selected="">|<option value="actor" selected>/, 'the form shows the current choices');
      const claimed = await t.app.inject({ method: 'GET', url: '/review?claimed=me', cookies: { bl_session: people.editor!.session } });
      assert.match(claimed.body, /claimed by The editor/, 'the queue says who claimed what');
      const bad = await t.app.inject({ method: 'GET', url: '/review?state=deleted', cookies: { bl_session: people.editor!.session } });
      assert.equal(bad.statusCode, 400);
    });

    test('a change started before another was published keeps the other\'s changes, and a clash is refused', async () => {
      const slug = 'be-cgrs-phone-search';
      const draftOf = async (record: object) => {
        const res = await api('PATCH', `/api/v1/deployments/${slug}`, { record, reason: 'Concurrent edit', submit: true });
        assert.equal(res.statusCode, 201, res.body);
        return (res.json() as { id: number }).id;
      };
      const first = await draftOf({ status: 'suspended' });
      const second = await draftOf({ summary: 'A summary rewritten by a second contributor.' });
      const clash = await draftOf({ status: 'ended' });
      assert.equal((await form('editor', `/review/drafts/${first}`, { action: 'publish', note: 'Per the latest report' })).statusCode, 303);

      const page = await t.app.inject({ method: 'GET', url: `/review/drafts/${second}`, cookies: { bl_session: people.editor!.session } });
      assert.match(page.body, /was published after this draft was started/);
      assert.match(page.body, /<th scope="row">summary<\/th>/);
      assert.doesNotMatch(page.body, /<th scope="row">status<\/th>/, 'the diff does not undo the status just published');
      assert.equal((await form('editor', `/review/drafts/${second}`, { action: 'publish', note: 'Clearer' })).statusCode, 303);
      const record = (await t.app.inject({ method: 'GET', url: `/api/v1/deployments/${slug}` })).json() as { status: string; summary: string };
      assert.equal(record.status, 'suspended', 'the first change survives the second');
      assert.equal(record.summary, 'A summary rewritten by a second contributor.');

      const refused = await form('editor', `/review/drafts/${clash}`, { action: 'publish', note: 'Ended, says source 4' });
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /status was changed by a publication since this draft was started/);
      assert.equal(((await t.app.inject({ method: 'GET', url: `/api/v1/deployments/${slug}` })).json() as { status: string }).status, 'suspended', 'nothing written');
      assert.equal((await form('editor', `/review/drafts/${clash}`, { action: 'request_changes', note: 'Redo it on the current record' })).statusCode, 303);
    });

    test('revisions cannot be changed or deleted', async () => {
      await assert.rejects(sql`update revisions set reason = 'rewritten'`.execute(t.db), /append-only/);
      await assert.rejects(sql`delete from revisions`.execute(t.db), /append-only/);
    });

    test('a revoked token no longer works', async () => {
      const [row] = await t.db.selectFrom('api_tokens').select('id').execute();
      assert.equal((await form('contributor', `/account/tokens/${row!.id}/revoke`, {})).statusCode, 303);
      assert.equal((await api('POST', '/api/v1/deployments', { record: { slug: 'another-one' } })).statusCode, 401);
    });
  });
}

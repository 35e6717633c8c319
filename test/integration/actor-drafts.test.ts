/**
 * Actors proposed through the write API (POST /api/v1/actors, PATCH /api/v1/actors/{slug}),
 * through the real app on PGlite and PostgreSQL: credentials and scopes, bodies checked with the
 * import's actor schema (each bad field named, nothing written), conflicts and unknown actors,
 * and the draft's way through the same review as a deployment's: a field-by-field diff against
 * the published actor, and publication that writes the actor, a revision with the reason and an
 * audit entry.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createUser } from '../../src/services/accounts.ts';
import { insertToken } from '../../src/repositories/tokens.repository.ts';
import { verifyAuditChain } from '../../src/repositories/audit.repository.ts';
import { postForm, signIn as signInAs } from '../helpers/sign-in.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';

const PASSWORD = 'amber quarry whistle 83';
/** An actor of the starter compendium. */
const KNOWN = 'atos';

const newActor = (slug: string, extra: Record<string, unknown> = {}) => ({
  slug,
  name: 'Example Border Analytics Ltd',
  type: 'company',
  countries: ['GR'],
  url: 'https://example.org/',
  sources: [{ id: 1, title: 'Company register entry', url: 'https://example.org/register' }],
  ...extra,
});

interface Problem {
  status: number;
  code: string;
  errors?: { field: string; message: string }[];
}

for (const dialect of testDialects()) {
  describe(`actors proposed through the API on ${dialect}`, () => {
    let t: TestApp;
    const people: Record<string, { id: number; session: string; csrf: string }> = {};
    const tokens: Record<string, string> = {};

    const api = (method: 'POST' | 'PATCH', url: string, body: unknown, bearer: string | null = tokens.contributor!) =>
      t.app.inject({ method, url, payload: body as object, headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) } });
    const form = (who: string, url: string, fields: Record<string, string>) => postForm(t.app, url, people[who]!, fields);
    const page = (who: string, url: string) => t.app.inject({ method: 'GET', url, cookies: { bl_session: people[who]!.session } });
    const drafts = () => t.db.selectFrom('drafts').select(['id', 'entity', 'key', 'state']).orderBy('id').execute();
    const fields = (res: { json: () => unknown }) => ((res.json() as Problem).errors ?? []).map((e) => e.field);

    /** A token stored as the account page stores one (its hash), with the given scopes. */
    async function makeToken(userId: number, scopes: string[]): Promise<string> {
      const token = `blt_test-${userId}-${scopes.length}-${Math.random().toString(36).slice(2)}`;
      await insertToken(t.db, { user_id: userId, token_hash: createHash('sha256').update(token).digest('hex'), label: 'test', scopes });
      return token;
    }

    before(async () => {
      t = await createTestApp(dialect, { cacheVersionTtlMs: 0 });
      for (const role of ['contributor', 'editor'] as const) {
        const created = await createUser(t.db, { login: role, displayName: `The ${role}`, role, password: PASSWORD }, null);
        assert.ok('id' in created, JSON.stringify(created));
        const s = await signInAs(t.app, role, PASSWORD);
        people[role] = { id: created.id, session: s.session!, csrf: s.csrf! };
        tokens[role] = await makeToken(created.id, ['drafts:write']);
      }
      tokens.readOnly = await makeToken(people.contributor!.id, []);
    });
    after(async () => t?.close());

    test('without credentials the write routes answer 401; a token without the drafts:write scope 403', async () => {
      for (const [method, url] of [['POST', '/api/v1/actors'], ['PATCH', `/api/v1/actors/${KNOWN}`]] as const) {
        const body = { record: method === 'POST' ? newActor('nobody-yet') : { name: 'x' }, reason: 'A reason to change it' };
        const none = await api(method, url, body, null);
        assert.equal(none.statusCode, 401, `${method} ${url} without credentials`);
        assert.match(String(none.headers['content-type']), /application\/problem\+json/);
        assert.equal((await api(method, url, body, 'blt_not-a-real-token')).statusCode, 401);
        const scopeless = await api(method, url, body, tokens.readOnly!);
        assert.equal(scopeless.statusCode, 403, `${method} ${url} with a token lacking the scope`);
        assert.match(scopeless.body, /drafts:write/);
        assert.equal((await api(method, url, { record: 'nonsense' }, tokens.readOnly!)).statusCode, 403, 'the scope is checked before the body');
      }
      assert.deepEqual(await drafts(), [], 'nothing was written');
    });

    test('a session needs its CSRF token; with it, a signed-in contributor proposes an actor', async () => {
      const body = JSON.stringify({ record: newActor('session-made-actor'), reason: 'Named in a tender' });
      const cookies = { bl_session: people.contributor!.session };
      const forged = await t.app.inject({ method: 'POST', url: '/api/v1/actors', cookies, payload: body, headers: { 'content-type': 'application/json' } });
      assert.equal(forged.statusCode, 403);
      const real = await t.app.inject({ method: 'POST', url: '/api/v1/actors', cookies, payload: body, headers: { 'content-type': 'application/json', 'x-csrf-token': people.contributor!.csrf } });
      assert.equal(real.statusCode, 201, real.body);
      assert.equal((real.json() as { state: string }).state, 'draft');
    });

    test('bad bodies get a 400 problem naming each field, and nothing is written', async () => {
      const before = (await drafts()).length;
      const bad = await api('POST', '/api/v1/actors', { record: newActor('Not A Slug', { type: 'wizard', url: 'ftp://example.org/', countries: ['XX'] }), reason: 'x' });
      assert.equal(bad.statusCode, 400, bad.body);
      assert.match(String(bad.headers['content-type']), /application\/problem\+json/);
      const problem = bad.json() as Problem;
      assert.equal(problem.code, 'BL_ERR_VALIDATION');
      for (const field of ['record.slug', 'record.type', 'record.url', 'record.countries.0', 'reason']) assert.ok(fields(bad).includes(field), `names ${field}: ${bad.body}`);
      const unknownField = await api('POST', '/api/v1/actors', { record: newActor('fine-slug', { colour: 'blue' }), reason: 'A good reason' });
      assert.equal(unknownField.statusCode, 400);
      assert.ok(fields(unknownField).some((f) => f.startsWith('record')), unknownField.body);
      const noReason = await api('POST', '/api/v1/actors', { record: newActor('fine-slug') });
      assert.equal(noReason.statusCode, 400);
      assert.deepEqual(fields(noReason), ['reason']);
      const noParent = await api('POST', '/api/v1/actors', { record: newActor('fine-slug', { parent: 'no-such-parent' }), reason: 'A good reason' });
      assert.equal(noParent.statusCode, 400);
      assert.deepEqual(fields(noParent), ['record.parent']);
      const slugInPatch = await api('PATCH', `/api/v1/actors/${KNOWN}`, { record: { slug: 'renamed' }, reason: 'A good reason' });
      assert.equal(slugInPatch.statusCode, 400, 'the address of an actor cannot change');
      const badPatch = await api('PATCH', `/api/v1/actors/${KNOWN}`, { record: { type: 'wizard', name: '' }, reason: 'A good reason' });
      assert.equal(badPatch.statusCode, 400);
      assert.deepEqual(fields(badPatch).sort(), ['record.name', 'record.type']);
      const nothing = await api('PATCH', `/api/v1/actors/${KNOWN}`, { record: {}, reason: 'A good reason' });
      assert.equal(nothing.statusCode, 400, 'a change that changes nothing is refused');
      const notJson = await t.app.inject({ method: 'POST', url: '/api/v1/actors', payload: '{"record":', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.contributor}` } });
      assert.equal(notJson.statusCode, 400);
      assert.equal((await drafts()).length, before, 'no draft was made');
    });

    test('an existing slug is a 409 on POST, an unknown one a 404 on PATCH', async () => {
      const taken = await api('POST', '/api/v1/actors', { record: newActor(KNOWN), reason: 'Adding it again' });
      assert.equal(taken.statusCode, 409, taken.body);
      assert.equal((taken.json() as Problem).code, 'BL_ERR_CONFLICT');
      const unknown = await api('PATCH', '/api/v1/actors/no-such-actor', { record: { name: 'Someone' }, reason: 'A good reason' });
      assert.equal(unknown.statusCode, 404, unknown.body);
      assert.equal((unknown.json() as Problem).code, 'BL_ERR_NOT_FOUND');
    });

    test('a new actor goes through review: queue, diff, and publication as a revision with the reason', async () => {
      const proposed = await api('POST', '/api/v1/actors', { record: newActor('example-border-analytics'), reason: 'Named in the 2024 tender', submit: true });
      assert.equal(proposed.statusCode, 201, proposed.body);
      const { id, state, review_url } = proposed.json() as { id: number; state: string; review_url: string };
      assert.equal(state, 'in_review');
      assert.match(review_url, new RegExp(`/review/drafts/${id}$`));
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/actors/example-border-analytics' })).statusCode, 404, 'not published by proposing it');
      const queue = await page('editor', '/review');
      assert.match(queue.body, new RegExp(`Draft ${id}: actor example-border-analytics`));
      const draftPage = await page('editor', `/review/drafts/${id}`);
      assert.equal(draftPage.statusCode, 200);
      for (const field of ['slug', 'name', 'type', 'countries', 'url', 'sources']) assert.match(draftPage.body, new RegExp(`<th scope="row">${field}</th>`));
      assert.doesNotMatch(draftPage.body, /\/review\/drafts\/\d+\/edit/, 'no deployment form for an actor');
      assert.equal((await page('contributor', `/review/drafts/${id}/edit`)).statusCode, 404);
      // The contributor cannot publish; the editor must give a reason.
      assert.equal((await form('contributor', `/review/drafts/${id}`, { action: 'publish', note: 'I say so' })).statusCode, 403);
      assert.equal((await form('editor', `/review/drafts/${id}`, { action: 'publish' })).statusCode, 400);
      const published = await form('editor', `/review/drafts/${id}`, { action: 'publish', note: 'Checked the register' });
      assert.equal(published.statusCode, 303, published.body);
      assert.equal(published.headers.location, '/actors/example-border-analytics');
      const actor = await t.app.inject({ method: 'GET', url: '/api/v1/actors/example-border-analytics' });
      assert.equal(actor.statusCode, 200);
      assert.equal((actor.json() as { name: string }).name, 'Example Border Analytics Ltd');
      const revisions = await t.db.selectFrom('revisions').select(['number', 'reason', 'author_id']).where('entity', '=', 'actor').where('key', '=', 'example-border-analytics').execute();
      assert.deepEqual(revisions, [{ number: 1, reason: 'Named in the 2024 tender (published: Checked the register)', author_id: people.contributor!.id }]);
      const audit = await t.db.selectFrom('audit_log').select(['action', 'subject']).where('action', '=', 'actor.publish').execute();
      assert.deepEqual(audit, [{ action: 'actor.publish', subject: 'actor:example-border-analytics' }]);
      assert.equal((await verifyAuditChain(t.db)).broken, undefined);
    });

    test('a change to an actor shows only the changed field, and publishing it adds a revision', async () => {
      const before = await t.db.selectFrom('revisions').select((eb) => eb.fn.max('number').as('n')).where('entity', '=', 'actor').where('key', '=', KNOWN).executeTakeFirstOrThrow();
      const proposed = await api('PATCH', `/api/v1/actors/${KNOWN}`, { record: { description: 'An IT services company.' }, reason: 'Describe what the company does' });
      assert.equal(proposed.statusCode, 201, proposed.body);
      const { id, state } = proposed.json() as { id: number; state: string };
      assert.equal(state, 'draft', 'without submit the draft waits for its author');
      assert.equal((await form('contributor', `/review/drafts/${id}`, { action: 'submit' })).statusCode, 303, 'the reason given through the API is enough to submit');
      const draftPage = await page('editor', `/review/drafts/${id}`);
      assert.match(draftPage.body, /<th scope="row">description<\/th>/);
      assert.doesNotMatch(draftPage.body, /<th scope="row">name<\/th>/, 'only changed fields are listed');
      assert.equal((await form('editor', `/review/drafts/${id}`, { action: 'publish', note: 'Per its website' })).statusCode, 303);
      const actor = (await t.app.inject({ method: 'GET', url: `/api/v1/actors/${KNOWN}` })).json() as { description: string; name: string };
      assert.equal(actor.description, 'An IT services company.');
      assert.ok(actor.name, 'the other fields are kept');
      const latest = await t.db.selectFrom('revisions').select(['number', 'reason']).where('entity', '=', 'actor').where('key', '=', KNOWN).orderBy('number', 'desc').executeTakeFirstOrThrow();
      assert.equal(latest.number, Number(before.n) + 1);
      assert.equal(latest.reason, 'Describe what the company does (published: Per its website)');
    });

    test('an editor restores an earlier revision of an actor as a new one, with a reason', async () => {
      const edit = await page('editor', `/review/actors/${KNOWN}/edit`);
      assert.match(edit.body, new RegExp(`action="/review/actors/${KNOWN}/restore"`), 'the edit page lists revisions to restore');
      assert.equal((await form('editor', `/review/actors/${KNOWN}/restore`, { number: '1', reason: '' })).statusCode, 400);
      assert.equal((await form('editor', `/review/actors/${KNOWN}/restore`, { number: '99', reason: 'No such revision' })).statusCode, 404);
      assert.equal((await form('contributor', `/review/actors/${KNOWN}/restore`, { number: '1', reason: 'Not mine to do' })).statusCode, 403);
      const restored = await form('editor', `/review/actors/${KNOWN}/restore`, { number: '1', reason: 'The description was not sourced' });
      assert.equal(restored.statusCode, 303);
      const actor = (await t.app.inject({ method: 'GET', url: `/api/v1/actors/${KNOWN}` })).json() as { description?: string };
      assert.notEqual(actor.description, 'An IT services company.', 'back to revision 1');
      const history = (await t.app.inject({ method: 'GET', url: `/api/v1/actors/${KNOWN}/history` })).json() as { revisions: { reason: string }[] };
      assert.equal(history.revisions[0]!.reason, 'Restored revision 1: The description was not sourced');
      assert.ok(history.revisions.length >= 3, 'nothing is rewritten: the restoration is a revision of its own');
    });

    test("an editor's token takes the same draft path; a new actor whose slug was taken meanwhile is not published", async () => {
      const first = await api('POST', '/api/v1/actors', { record: newActor('twice-proposed'), reason: 'First proposal', submit: true }, tokens.editor!);
      const second = await api('POST', '/api/v1/actors', { record: newActor('twice-proposed', { name: 'Another name' }), reason: 'Second proposal', submit: true });
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(second.statusCode, 201, second.body);
      assert.equal((first.json() as { state: string }).state, 'in_review', 'an editor proposes too; nothing is published directly');
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/actors/twice-proposed' })).statusCode, 404);
      assert.equal((await form('editor', `/review/drafts/${(first.json() as { id: number }).id}`, { action: 'publish', note: 'Reviewed' })).statusCode, 303);
      const late = await form('editor', `/review/drafts/${(second.json() as { id: number }).id}`, { action: 'publish', note: 'Reviewed' });
      assert.equal(late.statusCode, 409);
      assert.match(late.body, /was added since this draft was made/);
      assert.equal(((await t.app.inject({ method: 'GET', url: '/api/v1/actors/twice-proposed' })).json() as { name: string }).name, 'Example Border Analytics Ltd');
    });

    test('an actor draft sent back for changes is reworked by its author in the actor form, then published', async () => {
      const made = await api('POST', '/api/v1/actors', { record: newActor('rework-analytics'), reason: 'A vendor in two records', submit: true });
      assert.equal(made.statusCode, 201, made.body);
      const { id } = made.json() as { id: number };
      assert.equal((await form('editor', `/review/drafts/${id}`, { action: 'request_changes', note: 'Give its country of registration' })).statusCode, 303);
      const draftPage = await page('contributor', `/review/drafts/${id}`);
      assert.match(draftPage.body, new RegExp(`href="/review/drafts/${id}/actor"`), 'the draft page links to the form');
      const editForm = await page('contributor', `/review/drafts/${id}/actor`);
      assert.equal(editForm.statusCode, 200);
      assert.match(editForm.body, /value="Example Border Analytics Ltd"/, 'the form holds the draft');
      assert.equal((await page('editor', `/review/drafts/${id}/actor`)).statusCode, 404, 'only its author reworks it');
      const bad = await form('contributor', `/review/drafts/${id}/actor`, { name: '', type: 'company', reason: 'Added the country' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /<code>name<\/code>/);
      const fixed = await form('contributor', `/review/drafts/${id}/actor`, { name: 'Example Border Analytics Ltd', type: 'company', countries: 'GR, CY', url: 'https://example.org/', 'sources.0.title': 'Company register entry', 'sources.0.url': 'https://example.org/register', reason: 'Added the country of registration' });
      assert.equal(fixed.statusCode, 303, fixed.body.slice(0, 500));
      const row = await t.db.selectFrom('drafts').select(['snapshot', 'reason', 'state']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual((row.snapshot as { countries: string[] }).countries, ['GR', 'CY']);
      assert.equal(row.reason, 'Added the country of registration');
      assert.equal((await form('contributor', `/review/drafts/${id}`, { action: 'submit' })).statusCode, 303);
      assert.equal((await form('editor', `/review/drafts/${id}`, { action: 'publish', note: 'Checked the register' })).statusCode, 303);
      const actor = (await t.app.inject({ method: 'GET', url: '/api/v1/actors/rework-analytics' })).json() as { countries: string[] };
      assert.deepEqual(actor.countries, ['GR', 'CY']);
    });

    test('the OpenAPI document describes the actor write routes from the import schema, with their credentials', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as any;
      const post = doc.paths['/api/v1/actors'].post;
      const patch = doc.paths['/api/v1/actors/{slug}'].patch;
      assert.equal(post.operationId, 'proposeActor');
      assert.equal(patch.operationId, 'proposeActorChange');
      const record = post.requestBody.content['application/json'].schema.properties.record;
      assert.ok(record.properties.type.enum.includes('company'), 'actor types come from the vocabulary');
      assert.ok(record.required.includes('name'));
      assert.ok(!('slug' in patch.requestBody.content['application/json'].schema.properties.record.properties), 'a change cannot name another slug');
      for (const op of [post, patch]) {
        assert.ok(op.responses['201'] && op.responses['400'] && op.responses['401'] && op.responses['403']);
        assert.deepEqual(op.security, [{ bearerToken: ['drafts:write'] }, { session: [] }]);
      }
      assert.ok(post.responses['409'] && patch.responses['404']);
      assert.ok(doc.components.securitySchemes.bearerToken);
    });
  });
}

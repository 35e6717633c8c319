/**
 * Editors add, relabel and retire vocabulary terms through the site: every change is a revision
 * with a reason, the running site uses the new terms at once (another app instance on the same
 * database too), and a retired term breaks no record that uses it.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '../../src/http/app.tsx';
import { verifyAuditChain } from '../../src/repositories/audit.repository.ts';
import { createUser } from '../../src/services/accounts.ts';
import { importFiles } from '../../src/services/import-files.ts';
import { CONTENT_DIR, createTestApp, testCatalog, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';
import { postForm, signIn } from '../helpers/sign-in.ts';
import { decodeEntities, HOSTILE_PAYLOADS, inertnessProblems } from '../helpers/hostile.ts';

const PASSWORD = 'velvet canyon signal 62';
const assertInert = (html: string, where: string) => assert.deepEqual(inertnessProblems(html), [], `${where} is not inert`);

for (const dialect of testDialects()) {
  describe(`vocabulary terms managed by editors on ${dialect}`, () => {
    let t: TestApp;
    const people: Record<string, { session: string; csrf: string }> = {};
    const form = (who: string, url: string, fields: Record<string, string>) => postForm(t.app, url, people[who]!, fields);
    const get = (url: string, who?: string) => t.app.inject({ method: 'GET', url, ...(who ? { cookies: { bl_session: people[who]!.session } } : {}) });

    before(async () => {
      t = await createTestApp(dialect, { cacheVersionTtlMs: 0 });
      for (const role of ['contributor', 'editor'] as const) {
        assert.ok('id' in (await createUser(t.db, { login: role, displayName: `The ${role}`, role, password: PASSWORD }, null)));
        const s = await signIn(t.app, role, PASSWORD);
        people[role] = { session: s.session!, csrf: s.csrf! };
      }
    });
    after(async () => t?.close());

    test('only editors reach the term pages', async () => {
      assert.equal((await get('/review/vocabularies', 'contributor')).statusCode, 403);
      const refused = await form('contributor', '/review/vocabularies/capabilities/new', { term: 'gait_recognition', label: 'Gait recognition', definition: 'Identifying a person by the way they walk.', reason: 'seen in two new deployments' });
      assert.equal(refused.statusCode, 403);
      const list = await get('/review/vocabularies', 'editor');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /Deception detection <code>deception_detection<\/code>/);
      assert.equal(await t.db.selectFrom('vocabulary_terms').select('term').executeTakeFirst(), undefined, 'nothing was written');
    });

    test('a bad term is refused with each problem next to its field, and nothing is written', async () => {
      const res = await form('editor', '/review/vocabularies/capabilities/new', { term: 'Gait Recognition', label: '', definition: 'Identifying a person by the way they walk.', reason: '' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /id="f-term-error">[^<]*snake_case/);
      assert.match(res.body, /id="f-label-error">/);
      assert.match(res.body, /id="f-reason-error">give a reason/);
      assert.match(res.body, /value="Gait Recognition"/, 'the input is kept');
      const taken = await form('editor', '/review/vocabularies/capabilities/new', { term: 'deception_detection', label: 'Lie detection', definition: 'Claims to detect lies.', reason: 'duplicate on purpose' });
      assert.equal(taken.statusCode, 409);
      assert.match(taken.body, /already a term of capabilities/);
      assert.equal((await get('/review/vocabularies/no_such_vocabulary/new', 'editor')).statusCode, 400);
      assert.equal((await get('/review/vocabularies/capabilities/no_such_term/edit', 'editor')).statusCode, 404);
      assert.equal(await t.db.selectFrom('vocabulary_terms').select('term').executeTakeFirst(), undefined);
      assert.equal(await t.db.selectFrom('revisions').select('id').where('entity', '=', 'term').executeTakeFirst(), undefined);
    });

    test('an added term is offered and accepted everywhere at once, with a revision and an audit entry', async () => {
      const res = await form('editor', '/review/vocabularies/capabilities/new', { term: 'gait_recognition', label: 'Gait recognition', definition: 'Identifying a person by the way they walk.', reason: 'Seen in two new deployments' });
      assert.equal(res.statusCode, 303, res.body);
      assert.equal(res.headers.location, '/vocabularies/capabilities/gait_recognition/history');
      const history = await get('/vocabularies/capabilities/gait_recognition/history');
      assert.equal(history.statusCode, 200);
      assert.match(history.body, /Seen in two new deployments/);
      assert.match(history.body, /The editor/);

      assert.match((await get('/about')).body, /id="capabilities-gait_recognition"/);
      const vocab = JSON.parse((await get('/api/v1/vocabularies')).body);
      const capabilities = vocab.vocabularies.find((v: { id: string }) => v.id === 'capabilities');
      assert.deepEqual(capabilities.terms.at(-1), { id: 'gait_recognition', label: 'Gait recognition', definition: 'Identifying a person by the way they walk.' }, 'added at the end');
      const search = await get('/api/v1/deployments?capability=gait_recognition');
      assert.equal(search.statusCode, 200, 'the new term is a valid filter');
      assert.equal(JSON.parse(search.body).total, 0);
      assert.match((await get('/api/v1/openapi.json')).body, /"gait_recognition"/);
      assert.match((await get('/contribute/new', 'contributor')).body, /value="gait_recognition"/, 'the record form offers it');

      const drafted = await form('contributor', '/contribute/new', { slug: 'gait-pilot', title: 'A gait recognition pilot', capabilities: 'gait_recognition', do: 'save' });
      assert.equal(drafted.statusCode, 303, 'a draft may use the new term');

      const api = JSON.parse((await get('/api/v1/vocabularies/capabilities/terms/gait_recognition/history')).body);
      assert.equal(api.revisions.length, 1);
      assert.equal(api.revisions[0].author, 'The editor');
      assert.deepEqual(api.revisions[0].snapshot, { vocabulary: 'capabilities', id: 'gait_recognition', label: 'Gait recognition', definition: 'Identifying a person by the way they walk.', retired: false });
      const audit = await t.db.selectFrom('audit_log').select(['action', 'subject']).where('action', '=', 'term.add').execute();
      assert.deepEqual(audit, [{ action: 'term.add', subject: 'term:capabilities/gait_recognition' }]);
      assert.equal((await verifyAuditChain(t.db)).broken, undefined);
    });

    test('a relabelled term shows its new label on the records that use it; its history diffs the files\' version', async () => {
      const before = await get('/deployments/eu-iborderctrl');
      assert.match(before.body, /Deception detection/);
      const res = await form('editor', '/review/vocabularies/capabilities/deception_detection/edit', { label: 'Deception detection ("lie detection")', definition: 'Claiming to detect whether a person is lying, as a polygraph or "AI lie detector" does.', reason: 'Clearer for readers' });
      assert.equal(res.statusCode, 303, res.body);
      const page = await get('/deployments/eu-iborderctrl');
      assert.match(page.body, /Deception detection \(&quot;lie detection&quot;\)|Deception detection \("lie detection"\)/);
      const history = await get('/vocabularies/capabilities/deception_detection/history?from=1&to=2');
      assert.equal(history.statusCode, 200);
      assert.match(history.body, /As in the vocabulary files/);
      assert.match(history.body, /Clearer for readers/);
      assert.match(history.body, /<th scope="row">label<\/th>/);
      assert.doesNotMatch(history.body, /<th scope="row">definition<\/th>/, 'only the label changed');
      assert.equal((await get('/vocabularies/capabilities/deception_detection/history?from=1&to=9')).statusCode, 404);
    });

    test('a retired term stays valid in the records that use it but is no longer offered for new ones', async () => {
      const res = await form('editor', '/review/vocabularies/capabilities/deception_detection/edit', { label: 'Deception detection', definition: 'Claiming to detect whether a person is lying, as a polygraph or "AI lie detector" does.', retired: 'true', reason: 'Folded into emotion recognition' });
      assert.equal(res.statusCode, 303, res.body);
      assert.equal((await get('/deployments/eu-iborderctrl')).statusCode, 200);
      assert.match((await get('/about')).body, /Deception detection <span class="badge">retired<\/span>/);
      assert.doesNotMatch((await get('/contribute/new', 'contributor')).body, /value="deception_detection"/, 'not offered for a new record');
      const change = (await get('/contribute/change/eu-iborderctrl', 'contributor')).body;
      assert.match(change, /value="deception_detection" checked/, 'kept, checked, on the record that has it');
      const facets = JSON.parse((await get('/api/v1/deployments?capability=deception_detection')).body);
      assert.equal(facets.total, 1, 'still a filter, and the record still has it');
      const again = await importFiles(t.db, t.catalog, [path.join(CONTENT_DIR, 'compendium', 'eu-iborderctrl.yaml')], { language: t.config.searchLanguage });
      assert.equal(again.rejected, 0, JSON.stringify(again.problems));
      // Un-retiring is a change like any other.
      const back = await form('editor', '/review/vocabularies/capabilities/deception_detection/edit', { label: 'Deception detection', definition: 'Claiming to detect whether a person is lying, as a polygraph or "AI lie detector" does.', reason: 'Still needed' });
      assert.equal(back.statusCode, 303);
      assert.match((await get('/contribute/new', 'contributor')).body, /value="deception_detection"/);
      const revisions = JSON.parse((await get('/api/v1/vocabularies/capabilities/terms/deception_detection/history')).body).revisions;
      assert.deepEqual(revisions.map((r: { number: number; reason: string }) => [r.number, r.reason]), [[4, 'Still needed'], [3, 'Folded into emotion recognition'], [2, 'Clearer for readers'], [1, 'As in the vocabulary files']]);
    });

    test('an editor restores an earlier revision of a term as a new one', async () => {
      const edit = await get('/review/vocabularies/capabilities/deception_detection/edit', 'editor');
      assert.match(edit.body, /action="\/review\/vocabularies\/capabilities\/deception_detection\/restore"/);
      assert.equal((await form('editor', '/review/vocabularies/capabilities/deception_detection/restore', { number: '2', reason: '' })).statusCode, 400);
      assert.equal((await form('editor', '/review/vocabularies/capabilities/deception_detection/restore', { number: '42', reason: 'No such revision' })).statusCode, 404);
      const restored = await form('editor', '/review/vocabularies/capabilities/deception_detection/restore', { number: '2', reason: 'The clearer label again' });
      assert.equal(restored.statusCode, 303, restored.body.slice(0, 300));
      const revisions = JSON.parse((await get('/api/v1/vocabularies/capabilities/terms/deception_detection/history')).body).revisions as { number: number; reason: string; snapshot: { label: string } }[];
      assert.equal(revisions[0]!.reason, 'Restored revision 2: The clearer label again');
      assert.equal(revisions[0]!.snapshot.label, 'Deception detection ("lie detection")');
      assert.match((await get('/deployments/eu-iborderctrl')).body, /Deception detection \(&quot;lie detection&quot;\)|Deception detection \("lie detection"\)/);
    });

    test('hostile text in a term\'s label and definition is kept verbatim and shown inert', async () => {
      for (const [i, p] of HOSTILE_PAYLOADS.entries()) {
        const res = await form('editor', '/review/vocabularies/affected_groups/new', { term: `hostile_${i}`, label: p.text, definition: p.text, reason: `Payload ${p.name}` });
        assert.equal(res.statusCode, 303, `${p.name}: ${res.body.slice(0, 300)}`);
      }
      const api = JSON.parse((await get('/api/v1/vocabularies')).body) as { vocabularies: { id: string; terms: { id: string; label: string; definition: string }[] }[] };
      const groups = api.vocabularies.find((v) => v.id === 'affected_groups')!.terms;
      for (const [i, p] of HOSTILE_PAYLOADS.entries()) {
        const term = groups.find((x) => x.id === `hostile_${i}`);
        assert.deepEqual([term?.label, term?.definition], [p.text, p.text], p.name);
      }
      for (const url of ['/about', '/review/vocabularies', '/vocabularies/affected_groups/hostile_0/history', '/contribute/new', '/assess?step=2']) {
        const page = await get(url, 'editor');
        assert.ok(page.statusCode === 200, `${url}: ${page.statusCode}`);
        assertInert(page.body, url);
      }
      const about = decodeEntities((await get('/about')).body);
      for (const p of HOSTILE_PAYLOADS) assert.ok(about.includes(p.text), `the methodology page shows ${p.name} as written`);
    });

    test('another app instance on the same database sees the editors\' terms', async () => {
      const other = await buildApp({ config: t.config, catalog: await testCatalog(), db: t.db, cacheVersionTtlMs: 0 });
      try {
        assert.equal((await other.inject({ method: 'GET', url: '/api/v1/deployments?capability=gait_recognition' })).statusCode, 200);
        await form('editor', '/review/vocabularies/areas/new', { term: 'mountain_border', label: 'Mountain border', definition: 'A land border through mountains.', reason: 'Alpine deployments' });
        assert.equal((await other.inject({ method: 'GET', url: '/api/v1/deployments?area=mountain_border' })).statusCode, 200);
        assert.match((await other.inject({ method: 'GET', url: '/about' })).body, /Mountain border/);
      } finally {
        await other.close();
      }
    });
  });
}

describe('history pages of actors', () => {
  test('an actor page links to its public history, which lists its revisions and has a JSON twin', async () => {
    const t = await createTestApp('pglite');
    try {
      const page = await t.app.inject({ method: 'GET', url: '/actors/uk-home-office' });
      assert.match(page.body, /href="\/actors\/uk-home-office\/history"/);
      const history = await t.app.inject({ method: 'GET', url: '/actors/uk-home-office/history' });
      assert.equal(history.statusCode, 200);
      assert.match(history.body, /Revision 1/);
      assert.match(history.body, /type="application\/json" href="\/api\/v1\/actors\/uk-home-office\/history"/);
      const json = JSON.parse((await t.app.inject({ method: 'GET', url: '/api/v1/actors/uk-home-office/history' })).body);
      assert.equal(json.revisions[0].number, 1);
      assert.equal((await t.app.inject({ method: 'GET', url: '/actors/no-such-actor/history' })).statusCode, 404);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/deployments/no-such/history' })).statusCode, 404);
      const deployment = JSON.parse((await t.app.inject({ method: 'GET', url: '/api/v1/deployments/eu-iborderctrl/history' })).body);
      assert.equal(deployment.revisions.length, 1, 'the deployment history page\'s JSON twin exists');
    } finally {
      await t.close();
    }
  });
});

/**
 * The contributors' record editor through the real app: a form covering every field of the
 * record schema, errors next to their fields with the input kept, repeatable sources without
 * JavaScript, and a draft that goes to review and is published.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildRecordForm, formTopLevelFields } from '../../src/services/record-form.ts';
import { createUser } from '../../src/services/accounts.ts';
import { postForm, signIn as signInAs } from '../helpers/sign-in.ts';
import { createTestApp, testCatalog, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';

const PASSWORD = 'saffron river beacon 84';

test('the record editor has a place for every field of the record schema', async () => {
  const catalog = await testCatalog();
  const covered = formTopLevelFields(buildRecordForm(catalog.vocabs));
  // `reviewed` is set by editors when they check a record, not by contributors.
  const missing = Object.keys(catalog.partialDeploymentSchema.shape).filter((k) => !covered.has(k) && k !== 'reviewed');
  assert.deepEqual(missing, []);
});

for (const dialect of testDialects()) {
  describe(`record editor on ${dialect}`, () => {
    let t: TestApp;
    const people: Record<string, { session: string; csrf: string }> = {};
    async function signIn(login: string) {
      const s = await signInAs(t.app, login, PASSWORD);
      return { session: s.session!, csrf: s.csrf! };
    }
    const post = (who: string, url: string, fields: [string, string][]) => postForm(t.app, url, people[who]!, fields);

    before(async () => {
      t = await createTestApp(dialect, { cacheVersionTtlMs: 0 });
      for (const role of ['contributor', 'editor'] as const) {
        assert.ok('id' in (await createUser(t.db, { login: role, displayName: `The ${role}`, role, password: PASSWORD }, null)));
        people[role] = await signIn(role);
      }
    });
    after(async () => t?.close());

    const record: [string, string][] = [
      ['slug', 'gr-test-drones'],
      ['title', 'Drones over the Evros'],
      ['summary', 'Police fly drones with thermal cameras along the river [1].'],
      ['categories', 'aerial_and_maritime_surveillance'],
      ['capabilities', 'person_detection'],
      ['status', 'active'],
      ['countries', 'GR'],
      ['safeguards.dpia_before_deployment', 'unknown'],
      ['facts.is_ai_system', 'unknown'],
      ['sources.0.title', 'A report on the drones'],
      ['sources.0.url', 'https://example.org/report'],
    ];

    test('a bad value is shown next to its field, with everything typed kept', async () => {
      const res = await post('contributor', '/contribute/new', [...record.filter(([k]) => k !== 'countries' && k !== 'sources.0.url'), ['countries', 'XX'], ['sources.0.url', 'not a url'], ['do', 'save']]);
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /id="f-countries-error">[^<]*ISO 3166-1/);
      assert.match(res.body, /id="f-sources-0-url-error"/);
      assert.match(res.body, /value="Drones over the Evros"/);
      assert.match(res.body, /value="aerial_and_maritime_surveillance" checked/);
    });

    test('"add a source" gives another source block, without saving', async () => {
      const res = await post('contributor', '/contribute/new', [...record, ['do', 'add_source']]);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /name="sources.1.title"/);
      assert.equal((await t.db.selectFrom('drafts').select('id').execute()).length, 0);
    });

    test('a complete record is submitted from the form and published by an editor', async () => {
      const res = await post('contributor', '/contribute/new', [...record, ['reason', 'Reported by a local group'], ['do', 'submit']]);
      assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
      const id = Number(/\/review\/drafts\/(\d+)/.exec(String(res.headers.location))![1]);
      const draft = await t.db.selectFrom('drafts').select(['state']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(draft.state, 'in_review');
      const published = await post('editor', `/review/drafts/${id}`, [['action', 'publish'], ['note', 'Checked against the report']]);
      assert.equal(published.statusCode, 303);
      const api = await t.app.inject({ method: 'GET', url: '/api/v1/deployments/gr-test-drones' });
      assert.equal(api.statusCode, 200);
      assert.deepEqual((api.json() as { sources: unknown[] }).sources, [{ id: 1, title: 'A report on the drones', url: 'https://example.org/report' }]);
    });

    test('a change starts from the published record, and saving it unchanged but for one field shows only that field', async () => {
      const form = await t.app.inject({ method: 'GET', url: '/contribute/change/eu-iborderctrl', cookies: { bl_session: people.contributor!.session } });
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /value="eu-iborderctrl"/);
      assert.match(form.body, /name="sources.0.title" value="[^"]+"/);
      // Send the form back as a browser would (textareas with CRLF line ends), changing the title.
      const fields: [string, string][] = [];
      for (const m of form.body.matchAll(/<input type="(?:text|hidden)"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) if (m[1] !== '_csrf') fields.push([m[1]!, m[2]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')]);
      for (const m of form.body.matchAll(/<input type="(?:checkbox|radio)" name="([^"]+)" value="([^"]*)" checked/g)) fields.push([m[1]!, m[2]!]);
      for (const m of form.body.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) fields.push([m[1]!, m[2]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/\n/g, '\r\n')]);
      const changed = fields.map(([k, v]): [string, string] => (k === 'title' ? [k, 'iBorderCtrl (a shorter title)'] : [k, v]));
      const saved = await post('contributor', '/contribute/change/eu-iborderctrl', [...changed, ['do', 'save']]);
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 3000));
      const draft = await t.app.inject({ method: 'GET', url: String(saved.headers.location), cookies: { bl_session: people.contributor!.session } });
      const rows = [...draft.body.matchAll(/<th scope="row">([^<]+)<\/th>/g)].map((m) => m[1]);
      assert.deepEqual(rows, ['title']);
    });
  });
}

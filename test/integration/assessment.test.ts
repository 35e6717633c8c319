/**
 * The assessment engine through the real app and the real rule sets, on PGlite and on
 * PostgreSQL: golden findings on the starter compendium, the assess API (including bad input),
 * the rules API and pages, stored assessments that follow record changes, and every rule set's
 * worked examples.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { rulesetJsonSchema } from '../../src/cli/rules.ts';
import { loadRules } from '../../src/files/rulesets.ts';
import { checkRules } from '../../src/services/check-rules.ts';
import { upsertDeployments } from '../../src/repositories/deployments.repository.ts';
import { findDeployment } from '../../src/repositories/deployments.repository.ts';
import { refreshAssessments } from '../../src/services/refresh-assessments.ts';
import { loadRuleBook } from '../../src/services/assessment.ts';
import { ROOT, createTestApp, testCatalog, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';

const RULES = path.join(ROOT, 'rules');
// ajv-formats is CommonJS: under ESM its function is the default export's default.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;

describe('the rule sets', () => {
  test('every rule set is valid and every worked example gives the findings it expects', async () => {
    const catalog = await testCatalog();
    const { rules, examples } = await checkRules(RULES, catalog.vocabs);
    const ids = rules.rulesets.map((r) => r.id);
    for (const required of ['amnesty', 'eu_ai_act', 'gdpr', 'eudpr', 'led', 'uk', 'coe_fcai', 'un']) assert.ok(ids.includes(required), `rule set ${required}`);
    assert.ok(examples.length >= 20, `expected many worked examples, found ${examples.length}`);
    const failed = examples.filter((e) => e.failures.length > 0);
    assert.deepEqual(
      failed.map((e) => `${path.relative(ROOT, e.file)}: ${e.failures.join('; ')}`),
      [],
    );
  });

  test('the published JSON Schema is the one the loader validates with', async () => {
    const published = JSON.parse(await readFile(path.join(RULES, 'ruleset.schema.json'), 'utf8'));
    assert.deepEqual(published, rulesetJsonSchema(), 'run `borderlens rules schema > rules/ruleset.schema.json`');
  });

  test('every rule set file conforms to the published JSON Schema, checked by a JSON Schema validator', async () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(await readFile(path.join(RULES, 'ruleset.schema.json'), 'utf8')));
    const catalog = await testCatalog();
    const { rulesets } = await loadRules(RULES, catalog.vocabs);
    assert.ok(rulesets.length >= 8);
    for (const set of rulesets) {
      const raw = parseYaml(await readFile(path.join(RULES, set.id, 'ruleset.yaml'), 'utf8'));
      assert.ok(validate(raw), `${set.id}: ${ajv.errorsText(validate.errors)}`);
    }
    const broken = parseYaml(await readFile(path.join(RULES, 'amnesty', 'ruleset.yaml'), 'utf8'));
    broken.rules[1].outcome = 'frowned_upon';
    assert.equal(validate(broken), false, 'the schema rejects an unknown outcome');
  });

  test('every finding cites an instrument with an official address', async () => {
    const book = await loadRuleBook(RULES, (await testCatalog()).vocabs);
    for (const set of book.rulesets) {
      for (const rule of set.rules) {
        assert.ok(rule.citation.instrument && rule.citation.article, rule.id);
        assert.match(rule.citation.url, /^https:\/\//, rule.id);
      }
    }
  });
});

for (const dialect of testDialects()) {
  describe(`assessment on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      // The cache re-reads the data version on every request, so a refresh shows at once.
      t = await createTestApp(dialect, { cacheVersionTtlMs: 0 });
    });
    after(async () => t?.close());

    const get = async (url: string) => {
      const res = await t.app.inject({ method: 'GET', url });
      return { status: res.statusCode, body: res.headers['content-type']?.toString().includes('json') ? (res.json() as any) : res.body };
    };
    const post = async (url: string, payload: unknown) => {
      const res = await t.app.inject({ method: 'POST', url, payload: payload as object, headers: { 'content-type': 'application/json' } });
      return { status: res.statusCode, type: String(res.headers['content-type']), body: res.json() as any };
    };
    const finding = (report: any, id: string) => report.findings.find((f: any) => f.rule_id === id);

    test('iBorderCtrl: Amnesty calls for a ban; high-risk under the AI Act, but not in force during the pilot; no workplace emotion ban', async () => {
      const { status, body } = await get('/api/v1/deployments/eu-iborderctrl/assessment?as_of=2026-11-29');
      assert.equal(status, 200);
      for (const id of ['AMNESTY-R2', 'AMNESTY-R4']) {
        assert.equal(finding(body, id)?.outcome, 'ban_called_for', id);
        assert.equal(finding(body, id)?.result, 'applies', id);
      }
      const annex = finding(body, 'EUAIA-ANNEX3-7A');
      assert.equal(annex.outcome, 'high_risk_obligations');
      assert.equal(annex.result, 'applies');
      assert.equal(annex.in_force.at_period, false, 'not in force during the 2016–2019 pilot');
      assert.equal(annex.in_force.from, '2027-12-02');
      assert.equal(finding(body, 'EUAIA-ART5-1-F'), undefined, 'travellers are not in a workplace or school');
      const capabilities = annex.because.find((b: any) => b.fact === 'capabilities');
      assert.ok(capabilities.sources.length > 0, 'the facts behind a finding carry the record\'s sources');
      assert.ok(body.gaps.some((g: any) => g.ban_rule === 'AMNESTY-R2'), 'the gap between the ban call and the AI Act is stated');
      assert.match(body.summary, /Amnesty International calls for a ban/);
      assert.match(body.summary, /high-risk system from 2 December 2027/);
      assert.deepEqual(body.rulesets.map((r: any) => r.id).sort(), ['amnesty', 'coe_fcai', 'eu_ai_act', 'eudpr', 'gdpr', 'led', 'uk', 'un']);
    });

    test('UK ankle tags get no EU AI Act finding; the Frontex surveillance gets the non-refoulement concern', async () => {
      const tags = (await get('/api/v1/deployments/uk-home-office-gps-tagging-immigration-bail/assessment')).body;
      assert.equal(tags.findings.filter((f: any) => f.ruleset === 'eu_ai_act').length, 0);
      assert.ok(tags.findings.some((f: any) => f.ruleset === 'uk'), 'UK rules are considered');
      const frontex = (await get('/api/v1/deployments/eu-frontex-aerial-surveillance-central-med/assessment')).body;
      const refoulement = finding(frontex, 'RC1951-ART33');
      assert.equal(refoulement.outcome, 'concern');
      assert.equal(refoulement.result, 'applies');
    });

    test('no finding without a citation, and no binding finding outside its jurisdiction', async () => {
      const list = (await get('/api/v1/deployments?per_page=100')).body.items;
      for (const item of list) {
        const report = (await get(`/api/v1/deployments/${item.slug}/assessment`)).body;
        for (const f of report.findings) assert.ok(f.citation?.url && f.citation.instrument, `${item.slug} ${f.rule_id}`);
        const inEu = item.countries.some((c: string) => c === 'EU' || ['AT', 'BE', 'DE', 'DK', 'GR', 'HU', 'IT', 'LV', 'MT'].includes(c));
        if (!inEu) assert.equal(report.findings.filter((f: any) => ['eu_ai_act', 'gdpr', 'eudpr', 'led'].includes(f.ruleset)).length, 0, item.slug);
        if (!item.countries.includes('GB')) assert.equal(report.findings.filter((f: any) => f.ruleset === 'uk').length, 0, item.slug);
      }
    });

    test('POST /api/v1/assess assesses a proposed system from a partial record', async () => {
      const { status, body } = await post('/api/v1/assess?as_of=2026-11-29', {
        countries: ['GR'],
        domains: ['border_control'],
        deployer_type: 'public_authority',
        capabilities: ['emotion_recognition', 'deception_detection'],
        authorities: ['an-authority-not-in-the-compendium'],
        facts: { is_ai_system: true },
      });
      assert.equal(status, 200);
      assert.equal(body.as_of, '2026-11-29');
      assert.equal(finding(body, 'AMNESTY-R2').result, 'applies');
      assert.equal(finding(body, 'EUAIA-ANNEX3-7A').result, 'applies');
      assert.ok(body.findings.some((f: any) => f.result === 'undetermined' && f.missing.length > 0), 'unknown facts are named');
      assert.equal(typeof body.summary, 'string');
      const empty = await post('/api/v1/assess', {});
      assert.equal(empty.status, 200, 'an empty record is a valid question');
    });

    test('bad input to the assess API is a 400 problem naming the fields, never a 500', async () => {
      const bad = await post('/api/v1/assess?as_of=2026-02-30', { capabilities: ['mind_reading'], countries: ['XX'], safeguards: { dpia_before_deployment: 'perhaps' } });
      assert.equal(bad.status, 400);
      assert.match(bad.type, /application\/problem\+json/);
      const fields = bad.body.errors.map((e: any) => e.field);
      assert.ok(fields.includes('as_of'), JSON.stringify(bad.body));
      const res = await post('/api/v1/assess', { capabilities: ['mind_reading'], countries: ['XX'], safeguards: { dpia_before_deployment: 'perhaps' } });
      assert.equal(res.status, 400);
      const named = res.body.errors.map((e: any) => e.field);
      for (const f of ['capabilities.0', 'countries.0', 'safeguards.dpia_before_deployment']) assert.ok(named.includes(f), `${f} in ${named}`);
      assert.match(res.body.errors.find((e: any) => e.field === 'capabilities.0').message, /allowed: .*emotion_recognition/);
      const garbage = await t.app.inject({ method: 'POST', url: '/api/v1/assess', payload: '{not json', headers: { 'content-type': 'application/json' } });
      assert.equal(garbage.statusCode, 400);
      const list = await t.app.inject({ method: 'POST', url: '/api/v1/assess', payload: '[1,2]', headers: { 'content-type': 'application/json' } });
      assert.equal(list.statusCode, 400);
    });

    test('the rules API lists every rule and describes one; unknown ids are 404', async () => {
      const list = (await get('/api/v1/rules')).body;
      assert.ok(list.items.length >= 50);
      assert.ok(list.items.some((r: any) => r.id === 'EUAIA-ART5-1-F' && r.binding === true));
      const one = await get('/api/v1/rules/AMNESTY-R2');
      assert.equal(one.status, 200);
      assert.equal(one.body.text_status, 'paraphrase');
      assert.deepEqual(one.body.outcomes, ['ban_called_for']);
      assert.equal((await get('/api/v1/rules/NOPE-1')).status, 404);
      assert.equal((await get('/api/v1/rules/not%20an%20id')).status, 400);
    });

    test('a rule\'s page lists the deployments it applies to, from the stored assessments', async () => {
      const page = await get('/rules/AMNESTY-R2');
      assert.equal(page.status, 200);
      assert.match(page.body, /iBorderCtrl/);
      assert.match(page.body, /Deployments it applies to/);
      const index = await get('/rules');
      assert.match(index.body, /EUAIA-ART5-1-F/);
    });

    test('the deployment page shows the assessment: summary first, findings by framework with citations', async () => {
      const page = (await get('/deployments/eu-iborderctrl')).body as string;
      assert.match(page, /Assessment against recommendations and law/);
      assert.match(page, /Amnesty International calls for a ban/);
      assert.match(page, /<details class="finding outcome-ban_called_for result-applies">/);
      assert.match(page, /href="https:\/\/eur-lex\.europa\.eu\/eli\/reg\/2024\/1689\/oj"/);
    });

    test('the explore API filters and counts by assessment outcome and rule', async () => {
      const bans = (await get('/api/v1/deployments?outcome=ban_called_for&country=EU')).body;
      assert.ok(bans.items.some((i: any) => i.slug === 'eu-iborderctrl'), 'everything Amnesty calls to ban in the EU includes iBorderCtrl');
      const outcome = bans.facets.outcome.find((v: any) => v.value === 'ban_called_for');
      assert.equal(outcome.label, 'Ban called for');
      const byRule = (await get('/api/v1/deployments?rule=RC1951-ART33')).body;
      assert.ok(byRule.items.some((i: any) => i.slug === 'eu-frontex-aerial-surveillance-central-med'));
      assert.match(byRule.facets.rule.find((v: any) => v.value === 'RC1951-ART33').label, /RC1951-ART33/);
      const unknown = await get('/api/v1/deployments?rule=NOPE-1&outcome=maybe');
      assert.equal(unknown.status, 400);
      assert.deepEqual(unknown.body.errors.map((e: any) => e.field).sort(), ['outcome.0', 'rule.0']);
      const page = (await get('/deployments?outcome=ban_called_for')).body as string;
      assert.match(page, /Assessment outcome/);
    });

    test('stored assessments follow a record when it changes', async () => {
      const book = await loadRuleBook(RULES, t.catalog.vocabs);
      const record = (await findDeployment(t.db, 'uk-home-office-gps-tagging-immigration-bail'))!;
      const before = (await get('/rules/AMNESTY-R2')).body as string;
      assert.ok(!before.includes(`/deployments/${record.slug}`), 'the ankle tags do not recognise emotions, so far');
      await t.db.transaction().execute((trx) => upsertDeployments(trx, [{ ...record, capabilities: [...(record.capabilities ?? []), 'emotion_recognition'] }], t.config.searchLanguage));
      assert.equal(await refreshAssessments(t.db, book), 1, 'only the changed record is assessed again');
      assert.equal(await refreshAssessments(t.db, book), 0, 'and then nothing is stale');
      const res = await t.app.inject({ method: 'GET', url: '/rules/AMNESTY-R2' });
      assert.ok(res.body.includes(`/deployments/${record.slug}`), 'the rule page now lists the changed record');
    });
  });
}

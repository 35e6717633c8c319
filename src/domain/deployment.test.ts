import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadVocabularies } from '../files/vocabularies.ts';
import { buildCatalog, type Catalog } from './catalog.ts';
import { citedNumbers } from './deployment.ts';
import { validateDeployment } from './validate-record.ts';

const VOCAB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data/vocabularies');

const valid = () => ({
  slug: 'a-record',
  title: 'A record',
  summary: 'Something happened [1].',
  countries: ['GR', 'EU'],
  categories: ['biometrics_and_identification'],
  status: 'pilot',
  period: { start: 2018, end: '2019-08' },
  safeguards: { dpia_before_deployment: false, hria_before_deployment: 'unknown', sources: [1] },
  facts: { is_ai_system: true, subject_setting: ['border_crossing_point'], evidence: { discrimination_documented: 'unknown' } },
  sources: [{ id: 1, title: 'Source', url: 'https://example.org/' }],
});

describe('the deployment record schema', () => {
  let catalog: Catalog;
  before(async () => {
    catalog = buildCatalog(await loadVocabularies(VOCAB_DIR));
  });

  test('accepts a valid record and normalises a bare year to a string', () => {
    const r = validateDeployment(catalog, valid());
    assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
    assert.equal(r.value.period?.start, '2018');
  });

  test('unknown is a value of its own, distinct from false', () => {
    const r = validateDeployment(catalog, valid());
    assert.ok(r.ok);
    assert.equal(r.value.safeguards?.hria_before_deployment, 'unknown');
    assert.equal(r.value.safeguards?.dpia_before_deployment, false);
  });

  test('names every problem with its field path', () => {
    const bad = { ...valid(), slug: 'Not OK', countries: ['ZZ'], status: 'live', extra: 1, period: { start: '2019-13' } } as Record<string, unknown>;
    delete bad.summary;
    const r = validateDeployment(catalog, bad);
    assert.ok(!r.ok);
    const paths = r.problems.map((p) => p.path);
    for (const p of ['slug', 'summary', 'countries.0', 'status', 'period.start', '']) assert.ok(paths.includes(p), `reports ${p}: ${paths}`);
    assert.match(r.problems.find((p) => p.path === 'status')!.message, /allowed: proposed, pilot, active/);
    assert.match(r.problems.find((p) => p.path === '')!.message, /unknown field: extra/);
  });

  test('a record needs a source, and every citation must point at one', () => {
    const noSources = validateDeployment(catalog, { ...valid(), sources: [] });
    assert.ok(!noSources.ok && noSources.problems.some((p) => p.path === 'sources'));
    const dangling = validateDeployment(catalog, { ...valid(), summary: 'Claim [2].', safeguards: { sources: [3] } });
    assert.ok(!dangling.ok);
    assert.deepEqual(dangling.problems.map((p) => p.path).sort(), ['safeguards.sources', 'summary']);
    const dup = validateDeployment(catalog, { ...valid(), sources: [valid().sources[0], valid().sources[0]] });
    assert.ok(!dup.ok && dup.problems.some((p) => p.path === 'sources.1.id'));
  });

  test('citation problems are reported even when the shape is wrong elsewhere', () => {
    const r = validateDeployment(catalog, { ...valid(), status: 'nope', concerns: 'Says [9].' });
    assert.ok(!r.ok);
    assert.ok(r.problems.some((p) => p.path === 'status'));
    assert.ok(r.problems.some((p) => p.path === 'concerns' && /source 9/.test(p.message)));
  });

  test('source URLs must be http(s): no javascript: links', () => {
    const r = validateDeployment(catalog, { ...valid(), sources: [{ id: 1, title: 'x', url: 'javascript:alert(1)' }] });
    assert.ok(!r.ok && r.problems.some((p) => p.path === 'sources.0.url'));
  });

  test('facts follow the legal attribute vocabulary', () => {
    const r = validateDeployment(catalog, { ...valid(), facts: { risk_target: 'mood', evidence: { nope: true } } });
    assert.ok(!r.ok);
    assert.ok(r.problems.some((p) => p.path === 'facts.risk_target' && /allowed: criminal_offence/.test(p.message)));
    assert.ok(r.problems.some((p) => p.path === 'facts.evidence'));
  });

  test('citedNumbers finds [n] marks', () => {
    assert.deepEqual(citedNumbers('A [1] b [12][3] c [x]'), [1, 12, 3]);
  });
});

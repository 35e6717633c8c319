import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvRowToRecord, recordToCsvRow } from './csv-shape.ts';
import type { Deployment } from './deployment.ts';

test('a record survives the flat CSV shape', () => {
  const record = {
    slug: 'x',
    title: 'T',
    summary: 'S; with a semicolon, and "quotes" [1]',
    countries: ['GR', 'HU'],
    categories: ['biometrics_and_identification'],
    status: 'active',
    period: { start: '2018-09', end: '2019' },
    scale: { people: 12000, as_of: '2022-06', sources: [1] },
    safeguards: { dpia_before_deployment: false, sources: [1] },
    sources: [{ id: 1, title: 'Src', url: 'https://example.org' }],
  } as Deployment;
  const row = recordToCsvRow(record, 'http://h/deployments/x');
  assert.equal(row.countries, 'GR; HU');
  assert.equal(row.page_url, 'http://h/deployments/x');
  const back = csvRowToRecord(row);
  assert.ok(back.ok);
  assert.deepEqual(back.value, record);
});

test('a JSON cell that does not parse is a problem on that column', () => {
  const r = csvRowToRecord({ slug: 'x', sources: '[{broken' });
  assert.ok(!r.ok);
  assert.equal(r.problems[0]!.path, 'sources');
});

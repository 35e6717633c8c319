/**
 * Import, validate and export with real files: every format, every kind of bad input, and the
 * rule that a file is imported whole or not at all.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { stringify as toYaml } from 'yaml';
import { stringify as toCsvText } from 'csv-stringify/sync';
import { CSV_COLUMNS, recordToCsvRow } from '../../src/domain/csv-shape.ts';
import type { Deployment } from '../../src/domain/deployment.ts';
import { allDeployments, countDeployments, findDeployment } from '../../src/repositories/deployments.repository.ts';
import { importFiles } from '../../src/services/import-files.ts';
import { toCsv, toJsonl } from '../../src/services/export-formats.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';
import { buildActor, buildDeployment } from '../helpers/records.ts';

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let s = '';
  for await (const c of chunks) s += c;
  return s;
}

for (const dialect of testDialects()) {
  describe(`import on ${dialect}`, () => {
    let t: TestApp;
    let dir: string;
    before(async () => {
      t = await createTestApp(dialect, { load: false });
    });
    after(async () => t?.close());
    beforeEach(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'borderlens-import-'));
      await t.db.deleteFrom('deployment_actors').execute();
      await t.db.deleteFrom('deployments').execute();
      await t.db.deleteFrom('actors').execute();
    });

    const file = async (name: string, content: string) => {
      const p = path.join(dir, name);
      await writeFile(p, content);
      return p;
    };
    const run = (files: string[]) => importFiles(t.db, t.catalog, files, { language: 'english' });

    test('YAML files import, and importing them again changes nothing', async () => {
      const actor = await file('actor.yaml', toYaml(buildActor()));
      const record = await file('record.yaml', toYaml(buildDeployment()));
      const first = await run([actor, record]);
      assert.deepEqual({ ...first, problems: first.problems.length }, { created: 2, updated: 0, unchanged: 0, rejected: 0, problems: 0 });
      const second = await run([actor, record]);
      assert.deepEqual([second.created, second.updated, second.unchanged], [0, 0, 2]);
      await writeFile(record, toYaml(buildDeployment({ title: 'Renamed harbour drones' })));
      const third = await run([actor, record]);
      assert.deepEqual([third.created, third.updated, third.unchanged], [0, 1, 1]);
      assert.equal((await findDeployment(t.db, 'test-harbour-drones'))?.title, 'Renamed harbour drones');
    });

    test('JSON, JSONL and CSV import the same records', async () => {
      await run([await file('actor.yaml', toYaml(buildActor()))]);
      const records = [1, 2, 3].map((n) => buildDeployment({ slug: `rec-${n}`, title: `Record ${n}` }));
      const json = await run([await file('r.json', JSON.stringify(records.slice(0, 1)))]);
      const jsonl = await run([await file('r.jsonl', `${JSON.stringify(records[1])}\n`)]);
      const row = recordToCsvRow(records[2] as unknown as Deployment, 'http://x/deployments/rec-3');
      const csv = await run([await file('r.csv', toCsvText([[...CSV_COLUMNS], CSV_COLUMNS.map((c) => row[c])]))]);
      assert.deepEqual([json.created, jsonl.created, csv.created], [1, 1, 1]);
      assert.deepEqual(await findDeployment(t.db, 'rec-3'), records[2]);
    });

    test('a malformed file is rejected whole, with every problem located', async () => {
      await run([await file('actor.yaml', toYaml(buildActor()))]);
      const good = buildDeployment({ slug: 'good-one' });
      const bad = buildDeployment({
        slug: 'bad-one',
        categories: ['drones'],
        summary: 'Cites a missing source [7].',
        countries: ['XX'],
      });
      delete bad.title;
      const p = await file('mixed.yaml', toYaml([good, bad]));
      const summary = await run([p]);
      assert.equal(summary.created, 0);
      assert.equal(summary.rejected, 2);
      assert.equal(await countDeployments(t.db), 0, 'nothing from that file is written');
      const byPath = new Map(summary.problems.map((x) => [x.path, x]));
      assert.match(byPath.get('1.categories.0')?.message ?? byPath.get('categories.0')!.message, /allowed: .*aerial_and_maritime_surveillance/);
      const title = summary.problems.find((x) => x.path === 'title')!;
      assert.equal(title.message, 'required');
      assert.equal(title.file, p);
      assert.ok(summary.problems.some((x) => x.path === 'summary' && /source 7/.test(x.message)));
      const category = summary.problems.find((x) => x.path === 'categories.0')!;
      const lines = (await readFile(p, 'utf8')).split('\n');
      assert.match(lines[category.line! - 1]!, /drones/, 'the line points at the bad value');
    });

    test('bad YAML, duplicate slugs and unknown actors are reported', async () => {
      const syntax = await run([await file('broken.yaml', 'slug: a\ntitle: [unclosed\n')]);
      assert.equal(syntax.problems.length > 0, true);
      assert.ok(syntax.problems[0]!.line !== undefined);
      const dup = await run([
        await file('actor.yaml', toYaml(buildActor())),
        await file('a.yaml', toYaml(buildDeployment())),
        await file('b.yaml', toYaml(buildDeployment())),
      ]);
      assert.ok(dup.problems.some((x) => /duplicate slug/.test(x.message) && x.file?.endsWith('b.yaml')));
      const orphan = await run([await file('orphan.yaml', toYaml(buildDeployment({ slug: 'orphan', authorities: ['nobody'] })))]);
      assert.ok(orphan.problems.some((x) => /unknown actor "nobody"/.test(x.message)));
      const noSource = await run([await file('nosource.yaml', toYaml(buildDeployment({ slug: 'no-source', sources: [] })))]);
      assert.ok(noSource.problems.some((x) => x.path === 'sources' && /at least one source/.test(x.message)));
    });

    test('invalid UTF-8 and unsupported files are refused with a message', async () => {
      const p = path.join(dir, 'latin1.yaml');
      await writeFile(p, Buffer.from([0x73, 0x6c, 0x75, 0x67, 0x3a, 0x20, 0xe9, 0x0a]));
      const res = await run([p, await file('notes.txt', 'hello')]);
      assert.ok(res.problems.some((x) => /UTF-8/.test(x.message)));
      assert.ok(res.problems.some((x) => /unsupported file type/.test(x.message)));
    });

    test('CSV and JSONL exports import back to the same records', async () => {
      await run([await file('actor.yaml', toYaml(buildActor()))]);
      const records = [1, 2].map((n) => buildDeployment({ slug: `round-${n}`, description: `Line one.\n\nA "quoted", comma; text ${n}.`, safeguards: { dpia_before_deployment: false, hria_before_deployment: 'unknown', sources: [1] } }));
      await run([await file('in.json', JSON.stringify(records))]);
      const pageUrl = (s: string) => `http://borderlens.test/deployments/${s}`;
      const csv = await collect(toCsv(allDeployments(t.db) as AsyncIterable<Deployment>, pageUrl));
      const jsonl = await collect(toJsonl(allDeployments(t.db) as AsyncIterable<Deployment>, pageUrl));
      assert.match(csv.split('\n')[0]!, /^slug,page_url,title/);
      await t.db.deleteFrom('deployments').execute();
      const fromCsv = await run([await file('export.csv', csv)]);
      assert.equal(fromCsv.created, 2, JSON.stringify(fromCsv.problems));
      assert.deepEqual(await findDeployment(t.db, 'round-2'), records[1]);
      const fromJsonl = await run([await file('export.jsonl', jsonl)]);
      assert.equal(fromJsonl.unchanged, 2, JSON.stringify(fromJsonl.problems));
    });
  });
}

describe('the starter compendium', () => {
  test('every file in data/ validates, and every record cites a source', async () => {
    const t = await createTestApp('pglite', { load: false });
    try {
      const { listInputFiles } = await import('../../src/files/read-records.ts');
      const { CONTENT_DIR } = await import('../helpers/app.ts');
      const summary = await importFiles(t.db, t.catalog, await listInputFiles(CONTENT_DIR), { language: 'english' });
      assert.deepEqual(summary.problems, []);
      assert.ok((await countDeployments(t.db)) >= 13);
      for await (const r of allDeployments(t.db)) assert.ok(r.sources.length > 0, `${r.slug} has sources`);
    } finally {
      await t.close();
    }
  });
});

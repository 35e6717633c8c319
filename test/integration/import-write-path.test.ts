/**
 * The bulk import path (files checked in worker threads, rows written set-based with the search
 * vectors computed in SQL, several files at a time) against the record-by-record path it
 * replaced (`upsertDeployments`): the same rows, links, search vectors and search results. Runs
 * on PGlite, and on PostgreSQL when TEST_DATABASE_URL is set.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { stringify as toYaml } from 'yaml';
import { createTestDb, testDialects } from '../helpers/databases.ts';
import { buildActor, buildDeployment } from '../helpers/records.ts';
import { CONTENT_DIR, testCatalog } from '../helpers/app.ts';
import type { Catalog } from '../../src/domain/catalog.ts';
import type { Deployment } from '../../src/domain/deployment.ts';
import { validateDeployment } from '../../src/domain/validate-record.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { Database } from '../../src/db/schema.ts';
import { listInputFiles, readRecordsFile } from '../../src/files/read-records.ts';
import { upsertDeployments } from '../../src/repositories/deployments.repository.ts';
import { importFiles } from '../../src/services/import-files.ts';
import { loadRuleBook } from '../../src/services/assessment.ts';
import { refreshAssessments } from '../../src/services/refresh-assessments.ts';
import { staleAssessments } from '../../src/repositories/assessments.repository.ts';
import { ROOT } from '../helpers/app.ts';

/** Records per set-based write in these tests (smaller than the default, so that files span several). */
const CHUNK = 400;

const WORDS = ['harbour', 'lorry', 'kiosk', 'glacier', 'sensor', 'ledger', 'ferry', 'orchard', 'pylon', 'tunnel', 'meadow', 'quarry'];

/** `n` varied records made from the starter compendium (real texts, actors and sources). */
async function manyRecords(n: number): Promise<Deployment[]> {
  const base: Deployment[] = [];
  for (const f of await listInputFiles(path.join(CONTENT_DIR, 'compendium'))) {
    for (const r of (await readRecordsFile(f)).records) base.push(r.value as Deployment);
  }
  return Array.from({ length: n }, (_, i) => {
    const b = base[i % base.length]!;
    const w = (k: number) => WORDS[(i * 7 + k) % WORDS.length]!;
    return {
      ...b,
      slug: `${b.slug}-${i}`,
      title: `${b.title.slice(0, 150)} ${w(0)}-${i}`,
      description: `${b.description ?? ''}\n\nThe ${w(1)} and the ${w(2)} near site ${i}.`,
    };
  });
}

async function rows(db: Kysely<Database>) {
  const r = await sql<Record<string, unknown>>`
    select slug, title, summary, status, countries, categories, capabilities, rights, start_year, end_year,
      period_start, period_end, sample_bucket, record, content_hash, search::text as search, title_search::text as title_search
    from deployments order by slug`.execute(db);
  return r.rows;
}

async function links(db: Kysely<Database>) {
  return (await sql`select d.slug, a.actor_slug, a.role from deployment_actors a join deployments d on d.id = a.deployment_id order by 1, 2, 3`.execute(db)).rows;
}

async function searchResults(db: Kysely<Database>, q: string) {
  const r = await sql<{ slug: string }>`
    select slug from deployments, websearch_to_tsquery('english', ${q}) as query
    where search @@ query order by ts_rank_cd(search, query) desc, slug`.execute(db);
  return r.rows.map((x) => x.slug);
}

/** The record-by-record path that the bulk path replaced. */
async function writeOldWay(db: Kysely<Database>, catalog: Catalog, records: Deployment[]) {
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < records.length; i += 500) {
      const valid = records.slice(i, i + 500).map((r) => {
        const v = validateDeployment(catalog, r);
        assert.ok(v.ok);
        return v.value;
      });
      await upsertDeployments(trx, valid, 'english');
    }
  });
}

for (const dialect of testDialects()) {
  describe(`bulk import on ${dialect}`, () => {
    let catalog: Catalog;
    let bulk: Awaited<ReturnType<typeof createTestDb>>;
    let old: Awaited<ReturnType<typeof createTestDb>>;
    let dir: string;
    let records: Deployment[];
    const actorFiles = () => listInputFiles(path.join(CONTENT_DIR, 'actors'));
    const jsonl = async (name: string, list: unknown[]) => {
      const p = path.join(dir, name);
      await writeFile(p, list.map((r) => JSON.stringify(r)).join('\n') + '\n');
      return p;
    };

    before(async () => {
      catalog = await testCatalog();
      dir = await mkdtemp(path.join(tmpdir(), 'borderlens-bulk-'));
      bulk = await createTestDb(dialect);
      old = await createTestDb(dialect);
      for (const db of [bulk, old]) {
        await migrateToLatest(db.db);
        const s = await importFiles(db.db, catalog, await actorFiles(), { language: 'english' });
        assert.equal(s.problems.length, 0);
      }
      records = await manyRecords(3 * CHUNK + 100);
    });
    after(async () => {
      await bulk?.close();
      await old?.close();
      await rm(dir, { recursive: true, force: true });
    });

    test('large files checked in a worker thread and written two at a time give the same rows, links, vectors and search results as the old path', async () => {
      const files = [await jsonl('a.jsonl', records.slice(0, 2 * CHUNK + 50)), await jsonl('b.jsonl', records.slice(2 * CHUNK + 50))];
      const seen: [number, number][] = [];
      const summary = await importFiles(bulk.db, catalog, files, { language: 'english', checkWorkers: 1, writers: 2, chunk: CHUNK, onProgress: (d, t) => seen.push([d, t]) });
      assert.deepEqual(summary, { created: records.length, updated: 0, unchanged: 0, rejected: 0, problems: [] });
      assert.deepEqual(seen.at(-1), [records.length, records.length]);
      assert.ok(seen.every(([d, t], i) => d <= t && (i === 0 || d > seen[i - 1]![0])), 'progress only goes forward');
      await writeOldWay(old.db, catalog, records);
      assert.deepEqual(await rows(bulk.db), await rows(old.db));
      assert.deepEqual(await links(bulk.db), await links(old.db));
      for (const q of ['drones', 'phone extraction', 'Palantir', '"lie detector"', 'glacier -harbour']) {
        const found = await searchResults(bulk.db, q);
        assert.deepEqual(found, await searchResults(old.db, q), q);
      }
      assert.ok((await searchResults(bulk.db, 'glacier')).length > 0);
    });

    test('importing again changes nothing; changed records are updated, links and vectors included, as the old path does', async () => {
      const again = await importFiles(bulk.db, catalog, [await jsonl('all.jsonl', records)], { language: 'english', checkWorkers: 1, chunk: CHUNK });
      assert.deepEqual([again.created, again.updated, again.unchanged], [0, 0, records.length]);
      const changed = records.map((r, i) => (i % 7 === 0 ? { ...r, title: `${r.title.slice(0, 150)} renamed`, funders: [] } : r));
      const third = await importFiles(bulk.db, catalog, [await jsonl('all.jsonl', changed)], { language: 'english', chunk: CHUNK });
      const n = changed.filter((_, i) => i % 7 === 0).length;
      assert.deepEqual([third.created, third.updated, third.unchanged], [0, n, records.length - n]);
      await writeOldWay(old.db, catalog, changed);
      assert.deepEqual(await rows(bulk.db), await rows(old.db));
      assert.deepEqual(await links(bulk.db), await links(old.db));
      assert.deepEqual(await searchResults(bulk.db, 'renamed'), await searchResults(old.db, 'renamed'));
    });

    test('with a rule book, records are written with their assessment: none is left stale, and each equals what the refresh stores', async () => {
      const book = await loadRuleBook(path.join(ROOT, 'rules'), catalog.vocabs);
      const some = records.slice(0, 300);
      const assessed = async (db: Kysely<Database>) =>
        (await sql<{ assessment_rules: string[] }>`select slug, assessed_with, assessed_hash = content_hash as current, assessment_outcomes, assessment_rules, assessment_open from deployments order by slug`.execute(db)).rows;
      const [withBook, refreshed] = [await createTestDb(dialect), await createTestDb(dialect)];
      try {
        for (const db of [withBook, refreshed]) {
          await migrateToLatest(db.db);
          await importFiles(db.db, catalog, await actorFiles(), { language: 'english' });
        }
        // In a worker thread (which compiles its own copy of the book) and on the calling thread.
        await importFiles(withBook.db, catalog, [await jsonl('some-a.jsonl', some.slice(0, 150))], { language: 'english', checkWorkers: 1, rules: book });
        await importFiles(withBook.db, catalog, [await jsonl('some-b.jsonl', some.slice(150))], { language: 'english', checkWorkers: 0, rules: book });
        assert.deepEqual(await staleAssessments(withBook.db, book.versionKey, 0, 10), [], 'nothing for the refresh to do');
        await importFiles(refreshed.db, catalog, [await jsonl('some.jsonl', some)], { language: 'english' });
        assert.equal((await staleAssessments(refreshed.db, book.versionKey, 0, 1000)).length, some.length, 'without a book, every record waits for the refresh');
        assert.equal(await refreshAssessments(refreshed.db, book), some.length);
        const expected = await assessed(refreshed.db);
        assert.ok(expected.some((r) => r.assessment_rules.length > 0), 'some rules apply');
        assert.deepEqual(await assessed(withBook.db), expected);

        // A changed record is written with its new assessment; without a book its old one is kept, and stale.
        const changed = some.map((r, i) => (i % 5 === 0 ? { ...r, status: r.status === 'active' ? 'ended' : 'active' } : r));
        await importFiles(withBook.db, catalog, [await jsonl('changed.jsonl', changed)], { language: 'english', rules: book });
        assert.deepEqual(await staleAssessments(withBook.db, book.versionKey, 0, 10), []);
        await importFiles(refreshed.db, catalog, [await jsonl('changed.jsonl', changed)], { language: 'english' });
        assert.equal((await staleAssessments(refreshed.db, book.versionKey, 0, 1000)).length, changed.filter((_, i) => i % 5 === 0).length);
        await refreshAssessments(refreshed.db, book);
        assert.deepEqual(await assessed(withBook.db), await assessed(refreshed.db));
      } finally {
        await withBook.close();
        await refreshed.close();
      }
    });

    test('a deployments file given before the actors it names waits for them; a slug repeated in a later file rejects that file at its line', async () => {
      const deployments = await jsonl('first.jsonl', [buildDeployment({ slug: 'waits-for-actor', authorities: ['late-authority'] })]);
      const actors = path.join(dir, 'later-actors.yaml');
      await writeFile(actors, toYaml([buildActor({ slug: 'late-authority', name: 'Late Authority' })]));
      const repeat = await jsonl('repeat.jsonl', [buildDeployment({ slug: 'fresh-one', authorities: [] }), buildDeployment({ slug: 'waits-for-actor', authorities: [] })]);
      const s = await importFiles(bulk.db, catalog, [deployments, actors, repeat], { language: 'english', checkWorkers: 1 });
      assert.deepEqual([s.created, s.rejected], [2, 2]);
      assert.deepEqual(
        s.problems.map((p) => [path.basename(p.file ?? ''), p.line, p.path, p.message]),
        [['repeat.jsonl', 2, 'slug', `duplicate slug "waits-for-actor" (also in ${deployments})`]],
      );
      const r = await sql<{ actor_slug: string }>`select actor_slug from deployment_actors a join deployments d on d.id = a.deployment_id where d.slug = 'waits-for-actor'`.execute(bulk.db);
      assert.deepEqual(r.rows, [{ actor_slug: 'late-authority' }]);
    });
  });
}

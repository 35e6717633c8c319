/**
 * Reads and writes deployments. The full record is stored as JSONB; the columns beside it
 * (arrays for facets, a weighted tsvector for search) are derived here, in one place.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { actorLinks, type Deployment } from '../domain/deployment.ts';
import { yearOf } from '../domain/partial-date.ts';
import type { Database } from '../db/schema.ts';
import { contentHash } from './content-hash.ts';
import type { WriteOutcome } from './write-outcome.ts';

type Conn = Kysely<Database> | Transaction<Database>;

/**
 * The search document: title (weight A), summary (B), then description, concerns and the
 * names of the actors (C), so "Anduril" finds the towers Anduril built.
 */
function searchVector(record: Deployment, language: string) {
  const slugs = actorLinks(record).map((l) => l.slug);
  const rest = [record.description, record.concerns, record.legal_basis].filter(Boolean).join('\n');
  const cfg = sql`${language}::regconfig`;
  return sql<string>`
    setweight(to_tsvector(${cfg}, ${record.title}), 'A') ||
    setweight(to_tsvector(${cfg}, ${record.summary}), 'B') ||
    setweight(to_tsvector(${cfg}, ${rest} || ' ' ||
      coalesce((select string_agg(name, ' ') from actors where slug = any(${slugs}::text[])), '')), 'C')`;
}

function columns(record: Deployment) {
  return {
    title: record.title,
    summary: record.summary,
    status: record.status,
    countries: record.countries,
    categories: record.categories,
    capabilities: record.capabilities ?? [],
    rights: record.rights_at_risk ?? [],
    start_year: record.period?.start ? yearOf(record.period.start) : null,
    end_year: record.period?.end ? yearOf(record.period.end) : null,
    period_start: record.period?.start ?? null,
    record: JSON.stringify(record),
    content_hash: contentHash(record),
  };
}

/** Creates or replaces a deployment by slug; an identical record is left untouched. */
export async function upsertDeployment(trx: Transaction<Database>, record: Deployment, language: string): Promise<WriteOutcome> {
  const existing = await trx.selectFrom('deployments').select(['id', 'content_hash']).where('slug', '=', record.slug).executeTakeFirst();
  const values = columns(record);
  if (existing && existing.content_hash === values.content_hash) return 'unchanged';
  let id: number;
  if (existing) {
    await trx
      .updateTable('deployments')
      .set({ ...values, search: searchVector(record, language), updated_at: sql`now()` } as never)
      .where('id', '=', existing.id)
      .execute();
    await trx.deleteFrom('deployment_actors').where('deployment_id', '=', existing.id).execute();
    id = existing.id;
  } else {
    const row = await trx
      .insertInto('deployments')
      .values({ slug: record.slug, ...values, search: searchVector(record, language) } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    id = row.id;
  }
  const links = actorLinks(record);
  if (links.length) {
    await trx
      .insertInto('deployment_actors')
      .values(links.map((l) => ({ deployment_id: id, actor_slug: l.slug, role: l.role })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  return existing ? 'updated' : 'created';
}

/** A deployment's full record, or undefined. */
export async function findDeployment(db: Conn, slug: string): Promise<Deployment | undefined> {
  const row = await db.selectFrom('deployments').select('record').where('slug', '=', slug).executeTakeFirst();
  return row?.record as Deployment | undefined;
}

/** Records that share a category or a country with a deployment, most shared first. */
export async function findRelated(db: Conn, record: Deployment, limit = 6): Promise<RelatedDeployment[]> {
  return db
    .selectFrom('deployments')
    .select(['slug', 'title', 'summary', 'countries', 'status', 'period_start'])
    .where('slug', '!=', record.slug)
    .where((eb) =>
      eb.or([
        eb('categories', '&&', sql<string[]>`${record.categories}::text[]`),
        eb('countries', '&&', sql<string[]>`${record.countries}::text[]`),
      ]),
    )
    .orderBy(sql`cardinality(array(select unnest(categories) intersect select unnest(${record.categories}::text[])))`, 'desc')
    .orderBy('title')
    .limit(limit)
    .execute();
}
export interface RelatedDeployment {
  slug: string;
  title: string;
  summary: string;
  countries: string[];
  status: string;
  period_start: string | null;
}

/** Every record, in slug order, a batch at a time (exports of a large compendium stay small in memory). */
export async function* allDeployments(db: Conn, batchSize = 1000): AsyncGenerator<Deployment> {
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('deployments').select(['slug', 'record']).where('slug', '>', after).orderBy('slug').limit(batchSize).execute();
    for (const r of rows) yield r.record as Deployment;
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1]!.slug;
  }
}

export async function countDeployments(db: Conn): Promise<number> {
  const r = await db.selectFrom('deployments').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Bumps the data version; caches compare it to know their entries are stale. */
export async function bumpDataVersion(trx: Conn): Promise<void> {
  await trx.updateTable('meta').set({ data_version: sql`data_version + 1` } as never).where('id', '=', 1).execute();
}

export async function dataVersion(db: Conn): Promise<string> {
  const r = await db.selectFrom('meta').select('data_version').where('id', '=', 1).executeTakeFirstOrThrow();
  return String(r.data_version);
}

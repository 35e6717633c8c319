/**
 * Reads and writes deployments. The full record is stored as JSONB; the columns beside it
 * (arrays for facets, a weighted tsvector for search) are derived here, in one place.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { actorLinks, type Deployment, type DeploymentSummary } from '../domain/deployment.ts';
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
  const rest = searchRest(record);
  const cfg = sql`${language}::regconfig`;
  return sql<string>`
    setweight(to_tsvector(${cfg}, ${record.title}), 'A') ||
    setweight(to_tsvector(${cfg}, ${record.summary}), 'B') ||
    setweight(to_tsvector(${cfg}, ${rest} || ' ' ||
      coalesce((select string_agg(name, ' ') from actors where slug = any(${slugs}::text[])), '')), 'C')`;
}

/** The text of the search document's C part, before the actors' names. */
function searchRest(record: Deployment): string {
  return [record.description, record.concerns, record.legal_basis].filter(Boolean).join('\n');
}

/** The full search document and the title alone (which ranks broad searches cheaply). */
function vectors(record: Deployment, language: string) {
  return { search: searchVector(record, language), title_search: sql<string>`to_tsvector(${language}::regconfig, ${record.title})` };
}

/** A fixed pseudo-random bucket 0–99 per slug, for estimating counts over huge result sets. */
export function sampleBucket(slug: string): number {
  return createHash('sha1').update(slug).digest().readUInt16BE(0) % 100;
}

function columns(record: Deployment) {
  return { ...plainColumns(record), record: JSON.stringify(record) };
}

/** The columns derived from a record, but the record itself. */
function plainColumns(record: Deployment) {
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
    period_end: record.period?.end ?? null,
    sample_bucket: sampleBucket(record.slug),
    content_hash: contentHash(record),
  };
}

/**
 * Creates or replaces deployments by slug, a batch at a time (one query to read the existing
 * hashes, one multi-row insert for new records); identical records are left untouched.
 * Returns the outcome of each record, in order.
 */
export async function upsertDeployments(trx: Transaction<Database>, records: Deployment[], language: string): Promise<WriteOutcome[]> {
  if (!records.length) return [];
  const existing = new Map(
    (await trx.selectFrom('deployments').select(['id', 'slug', 'content_hash']).where('slug', 'in', records.map((r) => r.slug)).execute()).map((r) => [r.slug, r]),
  );
  const outcomes: WriteOutcome[] = [];
  const fresh: Deployment[] = [];
  const links: { deployment_id: number; actor_slug: string; role: string }[] = [];
  for (const record of records) {
    const values = columns(record);
    const old = existing.get(record.slug);
    if (old && old.content_hash === values.content_hash) {
      outcomes.push('unchanged');
    } else if (old) {
      await trx
        .updateTable('deployments')
        .set({ ...values, ...vectors(record, language), updated_at: sql`now()` } as never)
        .where('id', '=', old.id)
        .execute();
      await trx.deleteFrom('deployment_actors').where('deployment_id', '=', old.id).execute();
      links.push(...actorLinks(record).map((l) => ({ deployment_id: old.id, actor_slug: l.slug, role: l.role })));
      outcomes.push('updated');
    } else {
      fresh.push(record);
      outcomes.push('created');
    }
  }
  if (fresh.length) {
    const inserted = await trx
      .insertInto('deployments')
      .values(fresh.map((record) => ({ slug: record.slug, ...columns(record), ...vectors(record, language) }) as never))
      .returning(['id', 'slug'])
      .execute();
    const ids = new Map(inserted.map((r) => [r.slug, r.id]));
    for (const record of fresh) {
      links.push(...actorLinks(record).map((l) => ({ deployment_id: ids.get(record.slug)!, actor_slug: l.slug, role: l.role })));
    }
  }
  if (links.length) await trx.insertInto('deployment_actors').values(links).onConflict((oc) => oc.doNothing()).execute();
  return outcomes;
}

/** What a deployment row keeps of its assessment (see refresh-assessments.ts): which rule book, and the results. */
export interface StoredAssessment {
  assessed_with: string;
  outcomes: string[];
  rules: string[];
  open: string[];
}

/**
 * A deployment made ready for `writeDeploymentRows`, off the writer's thread: the columns and
 * the record as one JSON object (what `jsonb_to_recordset` reads), its content hash and its
 * actor links, and its assessment when the caller made one. Everything but the two tsvectors,
 * which the database computes.
 */
export interface PreparedDeployment {
  slug: string;
  content_hash: string;
  /** The row as JSON: the columns of `columns()`, the record itself, the search text and the actor slugs. */
  json: string;
  links: { slug: string; role: string }[];
}

export function prepareDeployment(record: Deployment, assessment?: StoredAssessment): PreparedDeployment {
  const values = plainColumns(record);
  const links = actorLinks(record);
  const row = {
    slug: record.slug,
    ...values,
    record,
    rest: searchRest(record),
    actors: links.map((l) => l.slug),
    // Written with the record, the assessment is current: the refresh after the import skips it
    // instead of writing every row a second time.
    ...(assessment && {
      assessed_with: assessment.assessed_with,
      assessed_hash: values.content_hash,
      assessment_outcomes: assessment.outcomes,
      assessment_rules: assessment.rules,
      assessment_open: assessment.open,
    }),
  };
  return { slug: record.slug, content_hash: values.content_hash, json: JSON.stringify(row), links };
}

/** The columns of a prepared row, as `jsonb_to_recordset` declares them. */
const ROW_TYPE = sql.raw(`x (slug text, title text, summary text, status text, countries text[], categories text[],
  capabilities text[], rights text[], start_year integer, end_year integer, period_start text, period_end text,
  sample_bucket smallint, record jsonb, content_hash text, rest text, actors text[],
  assessed_with text, assessed_hash text, assessment_outcomes text[], assessment_rules text[], assessment_open text[])`);

/**
 * The two tsvectors of a prepared row `x`, set-based: the same document as `searchVector`
 * (title A, summary B, the rest and the actors' names C) and the title alone, parsed once.
 */
function rowVectors(json: string, language: string) {
  const cfg = sql`${language}::regconfig`;
  return {
    from: sql`jsonb_to_recordset(${json}::jsonb) as ${ROW_TYPE} cross join lateral (select to_tsvector(${cfg}, x.title) as t offset 0) v`,
    search: sql`setweight(v.t, 'A') ||
      setweight(to_tsvector(${cfg}, x.summary), 'B') ||
      setweight(to_tsvector(${cfg}, x.rest || ' ' ||
        coalesce((select string_agg(name, ' ') from actors where slug = any(x.actors)), '')), 'C')`,
  };
}

const ROW_COLUMNS = ['title', 'summary', 'status', 'countries', 'categories', 'capabilities', 'rights', 'start_year', 'end_year', 'period_start', 'period_end', 'sample_bucket', 'record', 'content_hash'];
/**
 * The assessment columns of a prepared row: its own when it has one; otherwise, for a new row,
 * none (the columns' defaults), and for a changed row the old ones, which its new content hash
 * marks stale for the refresh.
 */
const ASSESSMENT_COLUMNS = ['assessed_with', 'assessed_hash', 'assessment_outcomes', 'assessment_rules', 'assessment_open'];
const ASSESSMENT_DEFAULTS: Record<string, string> = { assessed_with: 'null', assessed_hash: 'null', assessment_outcomes: `'{}'`, assessment_rules: `'{}'`, assessment_open: `'{}'` };

/**
 * Creates or replaces prepared deployments by slug, set-based: one query for the existing
 * hashes, then one `INSERT … SELECT` for the new records and one `UPDATE … FROM` for the changed
 * ones, each reading every row from one JSON parameter and computing the tsvectors in SQL;
 * identical records are left untouched. Returns how many records had each outcome.
 */
export async function writeDeploymentRows(
  trx: Transaction<Database>,
  rows: PreparedDeployment[],
  language: string,
  /** Each created or changed record becomes a revision in the history, with this reason. */
  revision?: { reason: string; authorId: number | null },
): Promise<Record<WriteOutcome, number>> {
  const counts: Record<WriteOutcome, number> = { created: 0, updated: 0, unchanged: 0 };
  if (!rows.length) return counts;
  const existing = new Map(
    (await sql<{ id: number; slug: string; content_hash: string }>`select id, slug, content_hash from deployments where slug = any(${rows.map((r) => r.slug)}::text[])`.execute(trx)).rows.map((r) => [r.slug, r]),
  );
  const fresh: PreparedDeployment[] = [];
  const changed: PreparedDeployment[] = [];
  for (const row of rows) {
    const old = existing.get(row.slug);
    if (!old) fresh.push(row);
    else if (old.content_hash !== row.content_hash) changed.push(row);
  }
  counts.created = fresh.length;
  counts.updated = changed.length;
  counts.unchanged = rows.length - fresh.length - changed.length;
  const json = (list: PreparedDeployment[]) => `[${list.map((r) => r.json).join(',')}]`;
  const cols = sql.join(ROW_COLUMNS.map((c) => sql.ref(c)));
  const xcols = sql.join(ROW_COLUMNS.map((c) => sql.ref(`x.${c}`)));
  if (changed.length) {
    const ids = changed.map((r) => existing.get(r.slug)!.id);
    const sets = sql.join([
      ...ROW_COLUMNS.map((c) => sql`${sql.ref(c)} = ${sql.ref(`x.${c}`)}`),
      ...ASSESSMENT_COLUMNS.map((c) => sql`${sql.ref(c)} = coalesce(${sql.ref(`x.${c}`)}, ${sql.ref(`d.${c}`)})`),
    ]);
    const v = rowVectors(json(changed), language);
    await sql`update deployments d set ${sets}, search = ${v.search}, title_search = v.t, updated_at = now() from ${v.from} where d.slug = x.slug`.execute(trx);
    await sql`delete from deployment_actors where deployment_id = any(${ids}::int[])`.execute(trx);
  }
  if (fresh.length) {
    const v = rowVectors(json(fresh), language);
    const assessed = sql.join(ASSESSMENT_COLUMNS.map((c) => sql`coalesce(${sql.ref(`x.${c}`)}, ${sql.raw(ASSESSMENT_DEFAULTS[c]!)})`));
    await sql`insert into deployments (slug, ${cols}, ${sql.join(ASSESSMENT_COLUMNS.map((c) => sql.ref(c)))}, search, title_search)
      select x.slug, ${xcols}, ${assessed}, ${v.search}, v.t from ${v.from}`.execute(trx);
  }
  const links = [...changed, ...fresh].flatMap((r) => r.links.map((l) => [r.slug, l.slug, l.role] as const));
  if (links.length) {
    await sql`
      insert into deployment_actors (deployment_id, actor_slug, role)
      select d.id, l.actor_slug, l.role
      from unnest(${links.map((l) => l[0])}::text[], ${links.map((l) => l[1])}::text[], ${links.map((l) => l[2])}::text[]) as l (slug, actor_slug, role)
      join deployments d on d.slug = l.slug
      on conflict do nothing`.execute(trx);
  }
  if (revision && (changed.length || fresh.length)) {
    // One statement: each record's next revision number, its snapshot as just written.
    const slugs = [...changed, ...fresh].map((r) => r.slug);
    await sql`
      insert into revisions (entity, key, number, snapshot, author_id, at, reason)
      select 'deployment', d.slug,
        coalesce((select max(r.number) from revisions r where r.entity = 'deployment' and r.key = d.slug), 0) + 1,
        d.record, ${revision.authorId}, ${new Date().toISOString()}, ${revision.reason}
      from deployments d where d.slug = any(${slugs}::text[])`.execute(trx);
  }
  return counts;
}

/** A deployment's full record, or undefined. */
export async function findDeployment(db: Conn, slug: string): Promise<Deployment | undefined> {
  const row = await db.selectFrom('deployments').select('record').where('slug', '=', slug).executeTakeFirst();
  return row?.record as Deployment | undefined;
}

/** The columns of a DeploymentSummary. */
export const SUMMARY_COLUMNS = ['slug', 'title', 'summary', 'countries', 'status', 'period_start', 'period_end'] as const;

/** How many related records a deployment's page lists. */
export const RELATED = 6;

/**
 * The newest records sharing a category and a country with the record `d` (a row of deployments
 * in the enclosing statement), as a JSON array of summaries: for each of its (category, country)
 * pairs, the first entries of that pair's index in deployment_pairs, so a few index entries a
 * pair whatever the planner thinks of the combination.
 */
const sameCategoryAndCountry = sql<DeploymentSummary[] | null>`(
  select json_agg(json_build_object(${sql.join(SUMMARY_COLUMNS.flatMap((c) => [sql.lit(c), sql.ref(`r.${c}`)]))}) order by r.id desc)
  from deployments r
  where r.id in (
    select p.id
    from unnest(d.categories) c, unnest(d.countries) k,
      lateral (select id from deployment_pairs p where p.category = c and p.country = k and p.id <> d.id order by p.id desc limit ${sql.lit(RELATED)}) p
    group by p.id order by p.id desc limit ${sql.lit(RELATED)}))`;

/**
 * What a deployment's page reads, in one statement: the record, when it was archived (null: it is
 * not), the names of the actors it names and the records related by category and country (see
 * `completeRelated` for the rest). Each statement is a round trip, and on a busy machine a round
 * trip can cost more than the statement.
 */
export async function findDeploymentPage(
  db: Conn,
  slug: string,
): Promise<{ record: Deployment; archivedAt: Date | null; actorNames: Map<string, string>; related: DeploymentSummary[] } | undefined> {
  const row = await db
    .selectFrom('deployments as d')
    .select(['d.record', 'd.archived_at'])
    // The actors of actorLinks(record): authorities, vendors and funders.
    .select(
      sql<[string, string][] | null>`(select json_agg(json_build_array(a.slug, a.name)) from actors a where a.slug in (select jsonb_array_elements_text(
        coalesce(d.record->'authorities', '[]'::jsonb) || coalesce(d.record->'vendors', '[]'::jsonb) || coalesce(d.record->'funders', '[]'::jsonb))))`.as('actor_names'),
    )
    .select(sameCategoryAndCountry.as('related'))
    .where('d.slug', '=', slug)
    .executeTakeFirst();
  if (!row) return undefined;
  return { record: row.record as Deployment, archivedAt: row.archived_at, actorNames: new Map(row.actor_names ?? []), related: row.related ?? [] };
}

/**
 * Related records: those in the same category and a country of the record (`found`, as
 * `findDeploymentPage` reads them), then, when they are fewer than RELATED, the newest of the same
 * category elsewhere. That second step runs only for records of small combinations, whose
 * category is dense among the newest records, so walking the primary key backwards stops soon.
 */
export async function completeRelated(db: Conn, record: Deployment, found: DeploymentSummary[], limit = RELATED): Promise<DeploymentSummary[]> {
  if (found.length >= limit) return found.slice(0, limit);
  const rest = await db
    .selectFrom('deployments')
    .select(SUMMARY_COLUMNS)
    .where('slug', '!=', record.slug)
    .where('categories', '&&', sql<string[]>`${record.categories}::text[]`)
    .where((eb) => eb.not(eb('countries', '&&', sql<string[]>`${record.countries}::text[]`)))
    .orderBy('id', 'desc')
    .limit(limit - found.length)
    .execute();
  return [...found, ...rest];
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

/** Reads and writes actors: authorities, vendors and funders. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Actor } from '../domain/actor.ts';
import type { Database } from '../db/schema.ts';
import { contentHash } from './content-hash.ts';
import type { WriteOutcome } from './write-outcome.ts';

type Conn = Kysely<Database> | Transaction<Database>;

export async function upsertActor(trx: Transaction<Database>, actor: Actor): Promise<WriteOutcome> {
  const hash = contentHash(actor);
  const existing = await trx.selectFrom('actors').select('content_hash').where('slug', '=', actor.slug).executeTakeFirst();
  if (existing?.content_hash === hash) return 'unchanged';
  const values = { name: actor.name, type: actor.type, record: JSON.stringify(actor), content_hash: hash };
  if (existing) {
    await trx.updateTable('actors').set({ ...values, updated_at: sql`now()` } as never).where('slug', '=', actor.slug).execute();
    return 'updated';
  }
  await trx.insertInto('actors').values({ slug: actor.slug, ...values }).execute();
  return 'created';
}

export async function findActor(db: Conn, slug: string): Promise<Actor | undefined> {
  const row = await db.selectFrom('actors').select('record').where('slug', '=', slug).executeTakeFirst();
  return row?.record as Actor | undefined;
}

export interface ActorSummary {
  slug: string;
  name: string;
  type: string;
  deployments: number;
}

/** Every actor with the number of deployments linked to it, by name. */
export async function listActors(db: Conn): Promise<ActorSummary[]> {
  const rows = await db
    .selectFrom('actors as a')
    .leftJoin('deployment_actors as da', 'da.actor_slug', 'a.slug')
    .select(['a.slug', 'a.name', 'a.type', (eb) => eb.fn.count<string>(sql`distinct da.deployment_id`).as('deployments')])
    .groupBy(['a.slug', 'a.name', 'a.type'])
    .orderBy('a.name')
    .execute();
  return rows.map((r) => ({ ...r, deployments: Number(r.deployments) }));
}

/** Slugs of all actors (import checks references against them). */
export async function actorSlugs(db: Conn): Promise<Set<string>> {
  const rows = await db.selectFrom('actors').select('slug').execute();
  return new Set(rows.map((r) => r.slug));
}

/** Names for a set of slugs, for pages that link to actors. */
export async function actorNames(db: Conn, slugs: string[]): Promise<Map<string, string>> {
  if (!slugs.length) return new Map();
  const rows = await db.selectFrom('actors').select(['slug', 'name']).where('slug', 'in', slugs).execute();
  return new Map(rows.map((r) => [r.slug, r.name]));
}

/** The deployments an actor is linked to, with its roles in each. */
export async function deploymentsOfActor(db: Conn, slug: string) {
  return db
    .selectFrom('deployment_actors as da')
    .innerJoin('deployments as d', 'd.id', 'da.deployment_id')
    .select([
      'd.slug',
      'd.title',
      'd.summary',
      'd.countries',
      'd.status',
      'd.period_start',
      'd.period_end',
      sql<string[]>`array_agg(da.role order by da.role)`.as('roles'),
    ])
    .where('da.actor_slug', '=', slug)
    .groupBy(['d.id', 'd.slug', 'd.title', 'd.summary', 'd.countries', 'd.status', 'd.period_start'])
    .orderBy('d.title')
    .execute();
}

/** Every actor record, by slug (exports). */
export async function allActors(db: Conn): Promise<Actor[]> {
  const rows = await db.selectFrom('actors').select('record').orderBy('slug').execute();
  return rows.map((r) => r.record as Actor);
}

// The compendium's tables: deployments (full record as JSONB plus the columns that search and
// facets read), actors, the links between them, and a data version for cache invalidation.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`
    create table actors (
      slug text primary key,
      name text not null,
      type text not null,
      record jsonb not null,
      content_hash text not null,
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table deployments (
      id integer generated always as identity primary key,
      slug text not null unique,
      title text not null,
      summary text not null,
      status text not null,
      countries text[] not null,
      categories text[] not null,
      capabilities text[] not null default '{}',
      rights text[] not null default '{}',
      start_year integer,
      end_year integer,
      period_start text,
      record jsonb not null,
      search tsvector not null,
      content_hash text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index deployments_search_idx on deployments using gin (search)`.execute(db);
  await sql`create index deployments_title_trgm_idx on deployments using gin (lower(title) gin_trgm_ops)`.execute(db);
  await sql`create index deployments_countries_idx on deployments using gin (countries)`.execute(db);
  await sql`create index deployments_categories_idx on deployments using gin (categories)`.execute(db);
  await sql`create index deployments_capabilities_idx on deployments using gin (capabilities)`.execute(db);
  await sql`create index deployments_rights_idx on deployments using gin (rights)`.execute(db);
  await sql`create index deployments_status_idx on deployments (status)`.execute(db);
  await sql`create index deployments_start_year_idx on deployments (start_year)`.execute(db);
  await sql`
    create table deployment_actors (
      deployment_id integer not null references deployments (id) on delete cascade,
      actor_slug text not null references actors (slug),
      role text not null check (role in ('authority', 'vendor', 'funder')),
      primary key (deployment_id, actor_slug, role)
    )`.execute(db);
  await sql`create index deployment_actors_actor_idx on deployment_actors (actor_slug)`.execute(db);
  await sql`create table meta (id integer primary key check (id = 1), data_version bigint not null default 0)`.execute(db);
  await sql`insert into meta (id) values (1)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['meta', 'deployment_actors', 'deployments', 'actors']) await sql`drop table ${sql.table(t)}`.execute(db);
}

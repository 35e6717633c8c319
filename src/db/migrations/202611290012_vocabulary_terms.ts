// Editors manage vocabulary terms through the site. The files in data/vocabularies stay the
// base; this table holds what editors changed or added on top of them, one row per term (its
// current state; every change is also a revision, entity 'term'). Terms are never deleted:
// a retired term stays valid in the records that use it. `vocabulary_version` tells every app
// instance that its copy of the vocabularies is out of date.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table vocabulary_terms (
      vocabulary text not null,
      term text not null,
      label text not null,
      definition text not null,
      retired boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (vocabulary, term)
    )`.execute(db);
  await sql`alter table meta add column vocabulary_version bigint not null default 0`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table meta drop column vocabulary_version`.execute(db);
  await sql`drop table vocabulary_terms`.execute(db);
}

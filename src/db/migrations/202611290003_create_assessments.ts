// Stored assessments: which rules apply to each deployment (and which are undetermined), so that
// the explore page can filter and count by outcome and rule, and a rule's page can list the
// deployments it applies to, without assessing the whole compendium per request. Each row says
// which rule-set versions and which version of the record it was computed from, so stale rows
// are found with one query and recomputed when a record or a rule set changes.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table assessments (
      deployment_id integer primary key references deployments (id) on delete cascade,
      rules_version text not null,
      content_hash text not null,
      applies text[] not null,
      undetermined text[] not null,
      outcomes text[] not null
    )`.execute(db);
  await sql`create index assessments_applies_idx on assessments using gin (applies)`.execute(db);
  await sql`create index assessments_outcomes_idx on assessments using gin (outcomes)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table assessments`.execute(db);
}

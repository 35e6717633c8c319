// Stored assessments, kept on the deployment's row: which rules apply (and which are
// undetermined), and the outcome kinds of those that apply. The explore page filters and counts
// by outcome and rule like any other facet, without a join, and a rule's page lists the
// deployments it applies to through an index. Each row also says which rule-set versions and
// which version of the record the assessment was computed from, so stale rows are found with
// one query and recomputed when a record or a rule set changes.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table deployments
      add column assessed_with text,
      add column assessed_hash text,
      add column assessment_outcomes text[] not null default '{}',
      add column assessment_rules text[] not null default '{}',
      add column assessment_open text[] not null default '{}'`.execute(db);
  // Outcomes are a few short words: in line, like the other facet columns. Rule ids are longer;
  // compressed in line they stay readable by facet counts without a trip to the toast table.
  await sql`alter table deployments alter column assessment_outcomes set storage plain`.execute(db);
  await sql`alter table deployments alter column assessment_rules set storage main`.execute(db);
  await sql`alter table deployments alter column assessment_open set storage external`.execute(db);
  await sql`create index deployments_assessment_outcomes_idx on deployments using gin (assessment_outcomes)`.execute(db);
  await sql`create index deployments_assessment_rules_idx on deployments using gin (assessment_rules)`.execute(db);
  await sql`create index deployments_assessment_open_idx on deployments using gin (assessment_open)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table deployments
      drop column assessed_with, drop column assessed_hash, drop column assessment_outcomes,
      drop column assessment_rules, drop column assessment_open`.execute(db);
}

// The editorial workflow and the record history. A revision is an immutable snapshot of a
// record as published (author, time, reason); a trigger refuses UPDATE and DELETE, as on the
// audit log. Drafts are working copies that move through review; when one is published it
// becomes a revision. Archived deployments stay readable, with a notice; nothing is deleted.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table revisions (
      id integer generated always as identity primary key,
      entity text not null check (entity in ('deployment', 'actor', 'term')),
      key text not null,
      number integer not null,
      snapshot jsonb not null,
      author_id integer references users (id),
      at text not null,
      reason text not null,
      unique (entity, key, number)
    )`.execute(db);
  await sql`
    create trigger revisions_append_only before update or delete on revisions
    for each row execute function audit_log_is_append_only()`.execute(db);
  await sql`
    create table drafts (
      id integer generated always as identity primary key,
      entity text not null check (entity in ('deployment', 'actor')),
      key text not null,
      base_number integer,
      snapshot jsonb not null,
      author_id integer not null references users (id),
      state text not null check (state in ('draft', 'in_review', 'changes_requested', 'rejected', 'published')),
      reason text,
      claimed_by integer references users (id),
      decision_note text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index drafts_state_idx on drafts (state, updated_at)`.execute(db);
  await sql`create index drafts_author_idx on drafts (author_id, updated_at)`.execute(db);
  await sql`
    create table draft_comments (
      id integer generated always as identity primary key,
      draft_id integer not null references drafts (id),
      author_id integer not null references users (id),
      body text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`alter table deployments add column archived_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table deployments drop column archived_at`.execute(db);
  await sql`drop table draft_comments`.execute(db);
  await sql`drop table drafts`.execute(db);
  await sql`drop table revisions`.execute(db);
}

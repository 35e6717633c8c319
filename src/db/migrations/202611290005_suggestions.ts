// Suggestions from the public: a new deployment or a correction to one, with the sources that
// back it. No personal data is asked for or recorded (no name, contact or address).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table suggestions (
      id integer generated always as identity primary key,
      kind text not null check (kind in ('new', 'correction')),
      deployment_slug text,
      what text not null,
      place text,
      sources text not null,
      status text not null default 'new' check (status in ('new', 'accepted', 'rejected')),
      reason text,
      handled_by integer references users (id),
      handled_at timestamptz,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index suggestions_status_idx on suggestions (status, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table suggestions`.execute(db);
}

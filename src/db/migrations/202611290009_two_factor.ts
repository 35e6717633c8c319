// Two-factor sign-in: a session can be pending until its one-time code is given, and the last
// accepted time step is kept so a code cannot be used twice.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table sessions add column pending_totp boolean not null default false`.execute(db);
  await sql`alter table users add column totp_last_step bigint`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table sessions drop column pending_totp`.execute(db);
  await sql`alter table users drop column totp_last_step`.execute(db);
}

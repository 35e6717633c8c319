// Accounts, sessions, invitations, API tokens and the audit log. Nothing here records where a
// request came from (no IP address, no user agent): the people who contribute may be at risk.
// The audit log is append-only: a trigger refuses UPDATE and DELETE for every role, and each
// entry holds the hash of the one before, so a rewritten entry breaks the chain (`borderlens
// verify`). On a PostgreSQL server the app's own role should not own the table: see
// docs/security.md.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table users (
      id integer generated always as identity primary key,
      login text not null unique,
      display_name text not null,
      email text,
      show_email boolean not null default false,
      role text not null check (role in ('contributor', 'editor', 'admin')),
      password_hash text not null,
      totp_secret text,
      failed_logins integer not null default 0,
      locked_until timestamptz,
      created_at timestamptz not null default now(),
      disabled_at timestamptz
    )`.execute(db);
  await sql`
    create table sessions (
      id_hash text primary key,
      user_id integer not null references users (id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`.execute(db);
  await sql`create index sessions_user_idx on sessions (user_id)`.execute(db);
  await sql`
    create table invitations (
      token_hash text primary key,
      role text not null check (role in ('contributor', 'editor', 'admin')),
      created_by integer references users (id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz,
      used_by integer references users (id)
    )`.execute(db);
  await sql`
    create table api_tokens (
      id integer generated always as identity primary key,
      user_id integer not null references users (id) on delete cascade,
      token_hash text not null unique,
      label text not null,
      scopes text[] not null,
      created_at timestamptz not null default now(),
      revoked_at timestamptz
    )`.execute(db);
  await sql`
    create table audit_log (
      seq bigint generated always as identity primary key,
      at text not null,
      actor_id integer,
      action text not null,
      subject text,
      details jsonb not null default '{}',
      prev_hash text not null,
      hash text not null unique
    )`.execute(db);
  await sql`
    create function audit_log_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'the audit log is append-only: % is not allowed', tg_op;
    end $$`.execute(db);
  await sql`
    create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_is_append_only()`.execute(db);
  await sql`
    create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_is_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table audit_log`.execute(db);
  await sql`drop function audit_log_is_append_only`.execute(db);
  await sql`drop table api_tokens`.execute(db);
  await sql`drop table invitations`.execute(db);
  await sql`drop table sessions`.execute(db);
  await sql`drop table users`.execute(db);
}

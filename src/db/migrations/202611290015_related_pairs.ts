// A deployment's page lists related records: the newest that share a category and a country with
// it. Over the deployments' array columns that needs the planner to guess how many records a
// combination holds, and at 1,000,000 records it guessed wrong: it walked the primary key
// backwards, testing both arrays on every row, 21,418 rows for one page. This table holds one row
// per (category, country) pair of each record, so the newest records of a pair are the first
// entries of one index, a few index entries per pair whatever the data.
//
// Triggers keep it in step with every write to deployments (import, publish, archive), so no write
// path has to know about it: inserts set-based, once per statement (an import writes thousands of
// rows a statement), updates only when a record's categories or countries change.
import { sql, type Kysely } from 'kysely';

const PAIRS = (rows: string) => `select c, k, r.id from ${rows} r, unnest(r.categories) c, unnest(r.countries) k`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // The primary key is the index the page reads: (category, country) then the newest id first.
  await sql`
    create table deployment_pairs (
      category text not null,
      country text not null,
      id integer not null,
      primary key (category, country, id)
    )`.execute(db);

  await sql.raw(`
    create function deployment_pairs_insert() returns trigger language plpgsql as $$
    begin
      insert into deployment_pairs (category, country, id) ${PAIRS('new_rows')} on conflict do nothing;
      return null;
    end $$`).execute(db);
  await sql.raw(`
    create function deployment_pairs_change() returns trigger language plpgsql as $$
    begin
      delete from deployment_pairs where category = any(old.categories) and country = any(old.countries) and id = old.id;
      if tg_op = 'UPDATE' then
        insert into deployment_pairs (category, country, id) select c, k, new.id from unnest(new.categories) c, unnest(new.countries) k on conflict do nothing;
      end if;
      return null;
    end $$`).execute(db);
  await sql`create trigger deployment_pairs_insert after insert on deployments referencing new table as new_rows for each statement execute function deployment_pairs_insert()`.execute(db);
  await sql`
    create trigger deployment_pairs_update after update of categories, countries on deployments for each row
    when (old.categories is distinct from new.categories or old.countries is distinct from new.countries)
    execute function deployment_pairs_change()`.execute(db);
  await sql`create trigger deployment_pairs_delete after delete on deployments for each row execute function deployment_pairs_change()`.execute(db);

  await sql.raw(`insert into deployment_pairs (category, country, id) ${PAIRS('deployments')} on conflict do nothing`).execute(db);
  await sql`analyze deployment_pairs`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['deployment_pairs_insert', 'deployment_pairs_update', 'deployment_pairs_delete']) await sql`drop trigger ${sql.id(t)} on deployments`.execute(db);
  await sql`drop function deployment_pairs_insert()`.execute(db);
  await sql`drop function deployment_pairs_change()`.execute(db);
  await sql`drop table deployment_pairs`.execute(db);
}

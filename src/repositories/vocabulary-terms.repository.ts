/** Vocabulary terms as editors changed or added them, over the terms of the files. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { VOCABULARY_IDS, type TermChange, type VocabularyId } from '../domain/vocabulary.ts';

type Conn = Kysely<Database> | Transaction<Database>;

const isVocabulary = (id: string): id is VocabularyId => (VOCABULARY_IDS as readonly string[]).includes(id);

/** Every changed or added term, added terms in the order they were added. Rows of a vocabulary the program no longer has are skipped. */
export async function listTermChanges(db: Conn): Promise<TermChange[]> {
  const rows = await db.selectFrom('vocabulary_terms').select(['vocabulary', 'term', 'label', 'definition', 'retired']).orderBy('vocabulary').orderBy('created_at').orderBy('term').execute();
  return rows.flatMap((r) => (isVocabulary(r.vocabulary) ? [{ ...r, vocabulary: r.vocabulary }] : []));
}

export async function saveTermChange(trx: Transaction<Database>, change: TermChange): Promise<void> {
  await trx
    .insertInto('vocabulary_terms')
    .values({ ...change, updated_at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(['vocabulary', 'term']).doUpdateSet({ label: change.label, definition: change.definition, retired: change.retired, updated_at: new Date().toISOString() }))
    .execute();
  await trx.updateTable('meta').set({ vocabulary_version: sql`vocabulary_version + 1` } as never).where('id', '=', 1).execute();
}

/** Changes with every term change; app instances compare it with the one they loaded. */
export async function vocabularyVersion(db: Conn): Promise<string> {
  const r = await db.selectFrom('meta').select('vocabulary_version').where('id', '=', 1).executeTakeFirstOrThrow();
  return String(r.vocabulary_version);
}

/** Whether the database has the table of editors' terms (it may predate that migration). */
export async function termChangesStored(db: Conn): Promise<boolean> {
  const r = await sql<{ found: boolean }>`select to_regclass('vocabulary_terms') is not null as found`.execute(db);
  return Boolean(r.rows[0]?.found);
}

/**
 * Runs the migrations. They are listed here explicitly (not discovered on disk) so that the
 * order is reviewed in one place and nothing depends on the working directory.
 */
import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import * as createCompendium from './migrations/202611290001_create_compendium.ts';
import * as narrowSearchRows from './migrations/202611290002_narrow_search_rows.ts';
import * as storeAssessments from './migrations/202611290003_store_assessments.ts';
import * as accounts from './migrations/202611290004_accounts.ts';
import * as suggestions from './migrations/202611290005_suggestions.ts';
import * as recentChanges from './migrations/202611290006_recent_changes.ts';
import * as editorial from './migrations/202611290008_editorial.ts';
import * as twoFactor from './migrations/202611290009_two_factor.ts';
import * as vocabularyTerms from './migrations/202611290012_vocabulary_terms.ts';
import * as recentRevisions from './migrations/202611290013_recent_revisions.ts';
import * as searchSample from './migrations/202611290014_search_sample.ts';
import * as relatedPairs from './migrations/202611290015_related_pairs.ts';
import * as sampleMatchIndex from './migrations/202611290016_sample_match_index.ts';
import * as sampleTitles from './migrations/202611290017_sample_titles.ts';

const MIGRATIONS: Record<string, Migration> = {
  '202611290001_create_compendium': createCompendium,
  '202611290002_narrow_search_rows': narrowSearchRows,
  '202611290003_store_assessments': storeAssessments,
  '202611290004_accounts': accounts,
  '202611290005_suggestions': suggestions,
  '202611290006_recent_changes': recentChanges,
  '202611290008_editorial': editorial,
  '202611290009_two_factor': twoFactor,
  '202611290012_vocabulary_terms': vocabularyTerms,
  '202611290013_recent_revisions': recentRevisions,
  '202611290014_search_sample': searchSample,
  '202611290015_related_pairs': relatedPairs,
  '202611290016_sample_match_index': sampleMatchIndex,
  '202611290017_sample_titles': sampleTitles,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Applies every pending migration; returns the names applied. Throws on failure. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

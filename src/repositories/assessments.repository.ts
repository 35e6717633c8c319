/**
 * Stored assessments, on the deployment's row: which rules apply to it. A row is stale when the
 * record (its content hash) or the rule sets (their versions) changed since it was assessed.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Deployment, DeploymentSummary } from '../domain/deployment.ts';
import { SUMMARY_COLUMNS } from './deployments.repository.ts';

type Conn = Kysely<Database> | Transaction<Database>;

export interface StaleDeployment {
  id: number;
  content_hash: string;
  record: Deployment;
}

/** A batch of deployments whose stored assessment is missing or stale, in id order after `afterId`. */
export async function staleAssessments(db: Conn, rulesVersion: string, afterId: number, limit: number, onlySlugs?: readonly string[]): Promise<StaleDeployment[]> {
  let query = db.selectFrom('deployments').select(['id', 'content_hash', 'record']).where('id', '>', afterId);
  // A publish refreshes just its own record, through the slug index, not the whole table.
  if (onlySlugs) query = query.where('slug', 'in', onlySlugs.length ? [...onlySlugs] : ['']);
  const rows = await query
    .where((eb) => eb.or([eb('assessed_with', 'is distinct from', rulesVersion), eb('assessed_hash', 'is distinct from', eb.ref('content_hash'))]))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows as StaleDeployment[];
}

export interface AssessmentRow {
  id: number;
  assessed_with: string;
  assessed_hash: string;
  outcomes: string[];
  rules: string[];
  open: string[];
}

/** Saves a batch of assessments in one statement. */
export async function saveAssessments(trx: Conn, rows: AssessmentRow[]): Promise<void> {
  if (!rows.length) return;
  const values = sql.join(
    rows.map((r) => sql`(${r.id}::int, ${r.assessed_with}, ${r.assessed_hash}, ${r.outcomes}::text[], ${r.rules}::text[], ${r.open}::text[])`),
  );
  await sql`
    update deployments d set
      assessed_with = v.w, assessed_hash = v.h,
      assessment_outcomes = v.o, assessment_rules = v.r, assessment_open = v.u
    from (values ${values}) as v (id, w, h, o, r, u)
    where d.id = v.id`.execute(trx);
}

/** Deployments a rule applies to (or is undetermined for), newest additions first. */
export async function deploymentsForRule(db: Conn, ruleId: string, which: 'applies' | 'undetermined', limit: number): Promise<{ items: DeploymentSummary[]; total: number }> {
  const column = which === 'applies' ? 'assessment_rules' : 'assessment_open';
  const base = db.selectFrom('deployments').where(column, '@>', sql<string[]>`array[${ruleId}]::text[]`);
  const [items, count] = await Promise.all([
    base.select(SUMMARY_COLUMNS).orderBy('id', 'desc').limit(limit).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: items as DeploymentSummary[], total: Number(count.n) };
}

/** How many deployments each rule applies to. */
export async function ruleCounts(db: Conn): Promise<Map<string, number>> {
  const rows = await sql<{ rule: string; n: string }>`select rule, count(*) as n from deployments, unnest(assessment_rules) as rule group by rule`.execute(db);
  return new Map(rows.rows.map((r) => [r.rule, Number(r.n)]));
}

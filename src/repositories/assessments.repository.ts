/**
 * Stored assessments: which rules apply to each deployment. Rows are recomputed when the record
 * (its content hash) or the rule sets (their versions) change; a stale row is one whose hash or
 * version differs, or a deployment without a row.
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
export async function staleAssessments(db: Conn, rulesVersion: string, afterId: number, limit: number): Promise<StaleDeployment[]> {
  const rows = await db
    .selectFrom('deployments as d')
    .leftJoin('assessments as a', 'a.deployment_id', 'd.id')
    .select(['d.id', 'd.content_hash', 'd.record'])
    .where('d.id', '>', afterId)
    .where((eb) =>
      eb.or([eb('a.deployment_id', 'is', null), eb('a.rules_version', '!=', rulesVersion), eb('a.content_hash', '!=', eb.ref('d.content_hash'))]),
    )
    .orderBy('d.id')
    .limit(limit)
    .execute();
  return rows as StaleDeployment[];
}

export interface AssessmentRow {
  deployment_id: number;
  rules_version: string;
  content_hash: string;
  applies: string[];
  undetermined: string[];
  outcomes: string[];
}

export async function saveAssessments(trx: Conn, rows: AssessmentRow[]): Promise<void> {
  if (!rows.length) return;
  await trx
    .insertInto('assessments')
    .values(rows)
    .onConflict((oc) =>
      oc.column('deployment_id').doUpdateSet((eb) => ({
        rules_version: eb.ref('excluded.rules_version'),
        content_hash: eb.ref('excluded.content_hash'),
        applies: eb.ref('excluded.applies'),
        undetermined: eb.ref('excluded.undetermined'),
        outcomes: eb.ref('excluded.outcomes'),
      })),
    )
    .execute();
}

/** Deployments a rule applies to (or is undetermined for), newest additions first. */
export async function deploymentsForRule(db: Conn, ruleId: string, which: 'applies' | 'undetermined', limit: number): Promise<{ items: DeploymentSummary[]; total: number }> {
  const base = db.selectFrom('assessments as a').innerJoin('deployments as d', 'd.id', 'a.deployment_id').where(`a.${which}`, '@>', sql<string[]>`array[${ruleId}]::text[]`);
  const [items, count] = await Promise.all([
    base.select(SUMMARY_COLUMNS.map((c) => `d.${c}` as const)).orderBy('d.id', 'desc').limit(limit).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: items as DeploymentSummary[], total: Number(count.n) };
}

/** How many deployments each rule applies to. */
export async function ruleCounts(db: Conn): Promise<Map<string, number>> {
  const rows = await sql<{ rule: string; n: string }>`select rule, count(*) as n from assessments, unnest(applies) as rule group by rule`.execute(db);
  return new Map(rows.rows.map((r) => [r.rule, Number(r.n)]));
}

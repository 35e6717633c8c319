/**
 * Table types for Kysely. The full record is kept as JSONB (the contract is the source of
 * truth); the columns beside it are what search, facets and joins need.
 */
import type { ColumnType, Generated, Selectable } from 'kysely';

export interface ActorsTable {
  slug: string;
  name: string;
  type: string;
  record: ColumnType<unknown, string, string>;
  content_hash: string;
  updated_at: ColumnType<Date, never, string>;
}

export interface DeploymentsTable {
  id: Generated<number>;
  slug: string;
  title: string;
  summary: string;
  status: string;
  countries: string[];
  categories: string[];
  capabilities: string[];
  rights: string[];
  start_year: number | null;
  end_year: number | null;
  period_start: string | null;
  period_end: string | null;
  record: ColumnType<unknown, string, string>;
  search: ColumnType<string, never, never>;
  title_search: ColumnType<string, never, never>;
  sample_bucket: number;
  content_hash: string;
  /** The rule-set versions and the record's content hash the stored assessment was made from. */
  assessed_with: string | null;
  assessed_hash: string | null;
  /** Outcome kinds of the rules that apply; the rules that apply; those undetermined. */
  assessment_outcomes: ColumnType<string[], string[] | undefined, string[]>;
  assessment_rules: ColumnType<string[], string[] | undefined, string[]>;
  assessment_open: ColumnType<string[], string[] | undefined, string[]>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, string>;
}

export interface DeploymentActorsTable {
  deployment_id: number;
  actor_slug: string;
  role: string;
}

/** One row: a counter bumped by every write, so caches know when to let go. */
export interface MetaTable {
  id: number;
  data_version: ColumnType<string, never, never>;
}

export interface Database {
  actors: ActorsTable;
  deployments: DeploymentsTable;
  deployment_actors: DeploymentActorsTable;
  meta: MetaTable;
}

export type DeploymentRow = Selectable<DeploymentsTable>;
export type ActorRow = Selectable<ActorsTable>;

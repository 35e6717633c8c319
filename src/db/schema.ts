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
  archived_at: Date | null;
}

/** A fixed sample of deployments (see migrations 202611290014 and 202611290017), kept by a trigger: what estimates count. */
export type DeploymentSampleTable = { id: number } & Pick<
  DeploymentsTable,
  'sample_bucket' | 'status' | 'countries' | 'categories' | 'capabilities' | 'rights' | 'start_year' | 'assessment_outcomes' | 'assessment_rules' | 'search' | 'title_search'
>;

/** One row per (category, country) pair of each deployment (see migration 202611290015), kept by triggers: what related records read. */
export interface DeploymentPairsTable {
  category: string;
  country: string;
  id: number;
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
  /** Bumped when an editor changes a vocabulary term: app instances then reload their terms. */
  vocabulary_version: ColumnType<string, never, never>;
}

/** A vocabulary term as editors left it, over the term of the same id in the files (if any). */
export interface VocabularyTermsTable {
  vocabulary: string;
  term: string;
  label: string;
  definition: string;
  retired: boolean;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, string | undefined, string>;
}

export interface UsersTable {
  id: Generated<number>;
  login: string;
  display_name: string;
  email: string | null;
  show_email: ColumnType<boolean, boolean | undefined, boolean>;
  role: string;
  password_hash: string;
  totp_secret: string | null;
  totp_last_step: ColumnType<string | null, never, number | null>;
  failed_logins: ColumnType<number, number | undefined, number>;
  locked_until: Date | null;
  created_at: ColumnType<Date, never, never>;
  disabled_at: Date | null;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value: a database leak gives no usable session. */
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: ColumnType<Date, never, never>;
  expires_at: Date;
  /** Signed in with the password, waiting for the one-time code: not yet a session. */
  pending_totp: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface InvitationsTable {
  token_hash: string;
  role: string;
  created_by: number | null;
  created_at: ColumnType<Date, never, never>;
  expires_at: Date;
  used_at: Date | null;
  used_by: number | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  label: string;
  scopes: string[];
  created_at: ColumnType<Date, never, never>;
  revoked_at: Date | null;
}

export interface AuditLogTable {
  seq: Generated<string>;
  /** ISO timestamp, written by the app so that it is part of the hashed entry. */
  at: string;
  actor_id: number | null;
  action: string;
  subject: string | null;
  details: ColumnType<unknown, string, never>;
  prev_hash: string;
  hash: string;
}

export interface SuggestionsTable {
  id: Generated<number>;
  kind: 'new' | 'correction';
  deployment_slug: string | null;
  what: string;
  place: string | null;
  sources: string;
  status: ColumnType<'new' | 'accepted' | 'rejected', undefined, 'new' | 'accepted' | 'rejected'>;
  reason: string | null;
  handled_by: number | null;
  handled_at: Date | null;
  created_at: ColumnType<Date, never, never>;
}

export interface RevisionsTable {
  id: Generated<number>;
  entity: 'deployment' | 'actor' | 'term';
  key: string;
  number: number;
  snapshot: ColumnType<unknown, string, never>;
  author_id: number | null;
  at: string;
  reason: string;
}

export type DraftState = 'draft' | 'in_review' | 'changes_requested' | 'rejected' | 'published';

export interface DraftsTable {
  id: Generated<number>;
  entity: 'deployment' | 'actor';
  key: string;
  base_number: number | null;
  snapshot: ColumnType<unknown, string, string>;
  author_id: number;
  state: DraftState;
  reason: string | null;
  claimed_by: number | null;
  decision_note: string | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}

export interface DraftCommentsTable {
  id: Generated<number>;
  draft_id: number;
  author_id: number;
  body: string;
  created_at: ColumnType<Date, never, never>;
}

export interface Database {
  actors: ActorsTable;
  deployments: DeploymentsTable;
  deployment_sample: DeploymentSampleTable;
  deployment_pairs: DeploymentPairsTable;
  deployment_actors: DeploymentActorsTable;
  meta: MetaTable;
  users: UsersTable;
  sessions: SessionsTable;
  invitations: InvitationsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  suggestions: SuggestionsTable;
  revisions: RevisionsTable;
  drafts: DraftsTable;
  draft_comments: DraftCommentsTable;
  vocabulary_terms: VocabularyTermsTable;
}

export type DeploymentRow = Selectable<DeploymentsTable>;
export type ActorRow = Selectable<ActorsTable>;

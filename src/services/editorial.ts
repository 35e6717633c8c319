/**
 * Drafts, review and publication. A contributor's draft is checked against the record schema
 * with every field optional while it is written, and against the full schema (one source at
 * least) when it is published. Publishing writes the record, appends an immutable revision and
 * an audit entry in one transaction, then refreshes the record's stored assessment.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Catalog } from '../domain/catalog.ts';
import type { Deployment } from '../domain/deployment.ts';
import { zodProblems, type Problem } from '../domain/problems.ts';
import { rebaseDraft } from '../domain/record-diff.ts';
import { nextState, type Action, type Actor } from '../domain/workflow.ts';
import { appendAudit } from '../repositories/audit.repository.ts';
import { bumpDataVersion, findDeployment, upsertDeployments } from '../repositories/deployments.repository.ts';
import { addComment, findDraft, insertDraft, updateDraft, type DraftRow } from '../repositories/drafts.repository.ts';
import { findRevision, insertRevision, latestRevisionNumber } from '../repositories/revisions.repository.ts';
import { setArchived } from '../repositories/archive.repository.ts';
import { upsertActor } from '../repositories/actors.repository.ts';
import { roleRank } from '../domain/roles.ts';
import { today, type RuleBook } from './assessment.ts';
import { refreshAssessments } from './refresh-assessments.ts';
import { publishActorDraft } from './actor-drafts.ts';

export type Outcome<T> = { ok: T } | { problems: Problem[]; status?: 400 | 403 | 404 | 409 };

export interface EditorialDeps {
  db: Kysely<Database>;
  catalog: Catalog;
  rules: RuleBook;
  language: string;
}

/** Starts a draft: a new record, or a change to a published one (`slug` names it). */
export async function createDraft(
  deps: EditorialDeps,
  actor: Actor,
  input: { record: unknown; slug?: string; reason?: string; submit?: boolean },
): Promise<Outcome<{ id: number; state: string }>> {
  const { db, catalog } = deps;
  let base: Deployment | undefined;
  let record = input.record;
  if (input.slug) {
    base = await findDeployment(db, input.slug);
    if (!base) return { problems: [{ path: 'slug', message: `no deployment "${input.slug}"` }], status: 404 };
    // A change names only the fields it changes: merged onto the published record.
    record = { ...base, ...(record as object), slug: input.slug };
  }
  const parsed = catalog.partialDeploymentSchema.safeParse(record);
  if (!parsed.success) return { problems: zodProblems(parsed.error.issues) };
  const slug = input.slug ?? parsed.data.slug;
  if (!slug) return { problems: [{ path: 'slug', message: 'required: the record\'s address, such as uk-home-office-gps-tagging' }] };
  if (!input.slug && (await findDeployment(db, slug))) return { problems: [{ path: 'slug', message: `"${slug}" is taken; to change that record, propose a change to it` }], status: 409 };
  const id = await insertDraft(db, {
    entity: 'deployment',
    key: slug,
    // The revision the change starts from (0: a record imported before revisions were kept).
    base_number: base ? ((await latestRevisionNumber(db, 'deployment', slug)) ?? 0) : null,
    snapshot: parsed.data,
    author_id: actor.id,
    reason: input.reason?.trim() || null,
    state: 'draft',
  });
  if (input.submit) {
    const submitted = await act(deps, actor, id, 'submit');
    if ('problems' in submitted) return submitted;
    return { ok: { id, state: 'in_review' } };
  }
  return { ok: { id, state: 'draft' } };
}

/** Takes a workflow step on a draft. `note` is the reason, the changes asked for, or a comment. */
export async function act(deps: EditorialDeps, actor: Actor, draftId: number, action: Action, note?: string): Promise<Outcome<{ state: string; slug: string; revision?: number }>> {
  const { db } = deps;
  const draft = await findDraft(db, draftId);
  if (!draft) return { problems: [{ path: 'id', message: `no draft ${draftId}` }], status: 404 };
  const next = nextState(action, draft, actor, note);
  if ('refused' in next) return { problems: [{ path: action === 'publish' || action === 'reject' || action === 'request_changes' ? 'note' : 'state', message: next.refused }], status: next.refused === 'give a reason' ? 400 : 403 };
  if (action === 'submit' && !draft.reason) return { problems: [{ path: 'reason', message: 'say in a few words what this change is and why' }] };
  if (action === 'publish') return draft.entity === 'actor' ? publishActorDraft(deps, actor, draft, note!) : publish(deps, actor, draft, note!);
  await db.transaction().execute(async (trx) => {
    await updateDraft(trx, draft.id, {
      state: next.to,
      ...(action === 'claim' ? { claimed_by: actor.id } : {}),
      ...(action === 'reject' || action === 'request_changes' ? { decision_note: note! } : {}),
    });
    if (note && action !== 'claim') await addComment(trx, draft.id, actor.id, note);
    if (action === 'reject') await appendAudit(trx, { actorId: actor.id, action: 'draft.reject', subject: `draft:${draft.id}`, details: { reason: note } });
  });
  return { ok: { state: next.to, slug: draft.key } };
}

export type DraftOutcome = { record: Record<string, unknown>; since?: number } | { conflicts: string[]; base: number; since: number };

/**
 * What publishing a deployment draft would write. A change started from an older revision than
 * the one now published is rebased: its own changes go onto the current record, so publishing
 * it does not undo what was published in between; a field both changed is a conflict.
 */
export async function draftAsPublished(db: Kysely<Database>, draft: DraftRow): Promise<DraftOutcome> {
  if (draft.entity !== 'deployment' || !draft.base_number) return { record: draft.snapshot };
  const latest = await latestRevisionNumber(db, 'deployment', draft.key);
  const current = await findDeployment(db, draft.key);
  if (latest === undefined || latest <= draft.base_number || !current) return { record: draft.snapshot };
  const base = await findRevision(db, 'deployment', draft.key, draft.base_number);
  if (!base) return { record: draft.snapshot };
  const rebased = rebaseDraft(base.snapshot as Record<string, unknown>, draft.snapshot, current as Record<string, unknown>, ['reviewed']);
  return 'conflicts' in rebased ? { conflicts: rebased.conflicts, base: draft.base_number, since: latest } : { record: rebased.record, since: latest };
}

function conflictMessage(field: string, o: { base: number; since: number }): string {
  return `${field} was changed by a publication since this draft was started from revision ${o.base} (now revision ${o.since}), and the draft changes it too: send the draft back to be redone on the current record`;
}

/** Publishing: the full schema (a source at least), the record written, a revision appended. */
async function publish(deps: EditorialDeps, actor: Actor, draft: DraftRow, reason: string): Promise<Outcome<{ state: string; slug: string; revision?: number }>> {
  const { db, catalog } = deps;
  const rebased = await draftAsPublished(db, draft);
  if ('conflicts' in rebased) return { problems: rebased.conflicts.map((field) => ({ path: field, message: conflictMessage(field, rebased) })), status: 409 };
  const parsed = catalog.deploymentSchema.safeParse(rebased.record);
  if (!parsed.success) return { problems: zodProblems(parsed.error.issues) };
  // Actor references must exist, as for an import.
  const known = await db.selectFrom('actors').select('slug').execute();
  const refs = [parsed.data.authorities, parsed.data.vendors, parsed.data.funders].flat().filter((s): s is string => !!s);
  const missing = refs.filter((r) => !known.some((k) => k.slug === r));
  if (missing.length) return { problems: missing.map((m) => ({ path: 'actors', message: `no actor "${m}"; add the actor first` })) };
  // Publishing is an editor's check of the whole record: the record says when it was last checked.
  const record: Deployment = { ...parsed.data, reviewed: today() };
  const number = await db.transaction().execute(async (trx) => {
    await upsertDeployments(trx, [record], deps.language);
    const n = await insertRevision(trx, { entity: 'deployment', key: record.slug, snapshot: record, authorId: draft.author_id, reason: draft.reason ? `${draft.reason} (published: ${reason})` : reason });
    await updateDraft(trx, draft.id, { state: 'published', decision_note: reason });
    await appendAudit(trx, { actorId: actor.id, action: 'deployment.publish', subject: `deployment:${record.slug}`, details: { draft: draft.id, revision: n, reason } });
    await bumpDataVersion(trx);
    return n;
  });
  await refreshAssessments(db, deps.rules, undefined, [record.slug]);
  return { ok: { state: 'published', slug: record.slug, revision: number } };
}

/** Restores an old revision as a new one (history is never rewritten), with a reason. */
export async function restoreRevision(deps: EditorialDeps, actor: Actor, slug: string, number: number, reason: string): Promise<Outcome<{ revision: number }>> {
  const { db, catalog } = deps;
  if (roleRank(actor.role) < roleRank('editor')) return { problems: [{ path: 'role', message: 'only an editor may restore a revision' }], status: 403 };
  if (reason.trim().length < 3) return { problems: [{ path: 'reason', message: 'give a reason' }] };
  const old = await findRevision(db, 'deployment', slug, number);
  if (!old) return { problems: [{ path: 'number', message: `no revision ${number} of "${slug}"` }], status: 404 };
  const parsed = catalog.deploymentSchema.safeParse(old.snapshot);
  if (!parsed.success) return { problems: zodProblems(parsed.error.issues) };
  const revision = await db.transaction().execute(async (trx) => {
    await upsertDeployments(trx, [parsed.data], deps.language);
    const n = await insertRevision(trx, { entity: 'deployment', key: slug, snapshot: parsed.data, authorId: actor.id, reason: `Restored revision ${number}: ${reason.trim()}` });
    await appendAudit(trx, { actorId: actor.id, action: 'deployment.restore', subject: `deployment:${slug}`, details: { from: number, revision: n, reason: reason.trim() } });
    await bumpDataVersion(trx);
    return n;
  });
  await refreshAssessments(db, deps.rules, undefined, [slug]);
  return { ok: { revision } };
}

/** Archives a deployment (or brings it back): it stays readable, with a notice; audited. */
export async function archiveDeployment(deps: EditorialDeps, actor: Actor, slug: string, archive: boolean, reason: string): Promise<Outcome<{ archived: boolean }>> {
  const { db } = deps;
  if (roleRank(actor.role) < roleRank('editor')) return { problems: [{ path: 'role', message: 'only an editor may archive' }], status: 403 };
  if (reason.trim().length < 3) return { problems: [{ path: 'reason', message: 'give a reason' }] };
  const done = await db.transaction().execute(async (trx) => {
    if (!(await setArchived(trx, slug, archive))) return false;
    await appendAudit(trx, { actorId: actor.id, action: archive ? 'deployment.archive' : 'deployment.unarchive', subject: `deployment:${slug}`, details: { reason: reason.trim() } });
    await bumpDataVersion(trx);
    return true;
  });
  if (!done) return { problems: [{ path: 'slug', message: `"${slug}" is not there, or is already ${archive ? 'archived' : 'current'}` }], status: 404 };
  return { ok: { archived: archive } };
}

/** Saves new contents into a draft its author (or an editor) may still edit. */
export async function updateDraftRecord(deps: EditorialDeps, actor: Actor, id: number, record: unknown, reason?: string): Promise<Outcome<{ id: number }>> {
  const { db, catalog } = deps;
  const draft = await findDraft(db, id);
  if (!draft) return { problems: [{ path: 'id', message: `no draft ${id}` }], status: 404 };
  if (draft.entity !== 'deployment') return { problems: [{ path: 'id', message: `draft ${id} is not a deployment's` }], status: 404 };
  const next = nextState('edit', draft, actor);
  if ('refused' in next) return { problems: [{ path: 'state', message: next.refused }], status: 403 };
  const parsed = catalog.partialDeploymentSchema.safeParse(record);
  if (!parsed.success) return { problems: zodProblems(parsed.error.issues) };
  if (parsed.data.slug && parsed.data.slug !== draft.key) return { problems: [{ path: 'slug', message: `this draft is for "${draft.key}"; the address cannot change` }] };
  await updateDraft(db, id, { snapshot: { ...parsed.data, slug: draft.key }, ...(reason?.trim() ? { reason: reason.trim() } : {}) });
  return { ok: { id } };
}

/**
 * Editors add and change actors directly (no review: they are the reviewers), each change a
 * revision with its reason, audited. A renamed actor's name reaches deployments' search text
 * when those deployments are next written.
 */
export async function saveActor(deps: EditorialDeps, editor: Actor, input: { record: unknown; slug?: string; reason: string }): Promise<Outcome<{ slug: string }>> {
  const { db, catalog } = deps;
  if (roleRank(editor.role) < roleRank('editor')) return { problems: [{ path: 'role', message: 'only an editor may change actors' }], status: 403 };
  if (input.reason.trim().length < 3) return { problems: [{ path: 'reason', message: 'give a reason' }] };
  const record = input.slug ? { ...(input.record as object), slug: input.slug } : input.record;
  const parsed = catalog.actorSchema.safeParse(record);
  if (!parsed.success) return { problems: zodProblems(parsed.error.issues) };
  const actor = parsed.data;
  const existing = await db.selectFrom('actors').select('slug').where('slug', '=', actor.slug).executeTakeFirst();
  if (!input.slug && existing) return { problems: [{ path: 'slug', message: `"${actor.slug}" is taken` }], status: 409 };
  if (input.slug && !existing) return { problems: [{ path: 'slug', message: `no actor "${actor.slug}"` }], status: 404 };
  if (actor.parent) {
    const parent = await db.selectFrom('actors').select('slug').where('slug', '=', actor.parent).executeTakeFirst();
    if (!parent || actor.parent === actor.slug) return { problems: [{ path: 'parent', message: `no other actor "${actor.parent}"` }] };
  }
  await db.transaction().execute(async (trx) => {
    const outcome = await upsertActor(trx, actor);
    if (outcome === 'unchanged') return;
    const n = await insertRevision(trx, { entity: 'actor', key: actor.slug, snapshot: actor, authorId: editor.id, reason: input.reason.trim() });
    await appendAudit(trx, { actorId: editor.id, action: 'actor.save', subject: `actor:${actor.slug}`, details: { revision: n, reason: input.reason.trim() } });
    await bumpDataVersion(trx);
  });
  return { ok: { slug: actor.slug } };
}

/** Restores an actor's earlier revision as a new one, with a reason (an editor's direct change). */
export async function restoreActorRevision(deps: EditorialDeps, editor: Actor, slug: string, number: number, reason: string): Promise<Outcome<{ slug: string }>> {
  if (reason.trim().length < 3) return { problems: [{ path: 'reason', message: 'give a reason' }] };
  const old = await findRevision(deps.db, 'actor', slug, number);
  if (!old) return { problems: [{ path: 'number', message: `no revision ${number} of actor "${slug}"` }], status: 404 };
  return saveActor(deps, editor, { record: old.snapshot, slug, reason: `Restored revision ${number}: ${reason.trim()}` });
}

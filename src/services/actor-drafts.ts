/**
 * Actors proposed by contributors (through the write API): a new actor, or a change to a
 * published one, becomes a draft of kind actor that goes through the same review as a
 * deployment's. Unlike a deployment's draft it is checked against the full actor schema (the
 * one imports use) when it is made, since an actor is small. Publishing it writes the actor,
 * appends a revision with the draft's reason and an audit entry in one transaction, as an
 * editor's direct change does.
 */
import type { Actor as ActorRecord } from '../domain/actor.ts';
import { zodProblems, type Problem } from '../domain/problems.ts';
import { diffRecords } from '../domain/record-diff.ts';
import { nextState, type Actor } from '../domain/workflow.ts';
import { upsertActor, findActor } from '../repositories/actors.repository.ts';
import { appendAudit } from '../repositories/audit.repository.ts';
import { bumpDataVersion } from '../repositories/deployments.repository.ts';
import { findDraft, insertDraft, updateDraft, type DraftRow } from '../repositories/drafts.repository.ts';
import { insertRevision, latestRevisionNumber } from '../repositories/revisions.repository.ts';
import type { EditorialDeps, Outcome } from './editorial.ts';

/** The parent an actor names must be another actor that exists. */
async function parentProblems(deps: EditorialDeps, actor: ActorRecord): Promise<Problem[]> {
  if (!actor.parent) return [];
  if (actor.parent === actor.slug || !(await findActor(deps.db, actor.parent))) return [{ path: 'record.parent', message: `no other actor "${actor.parent}"` }];
  return [];
}

/** Problems from the actor schema, named as fields of the request body (`record.name`). */
const recordProblems = (problems: Problem[]): Problem[] => problems.map((p) => ({ ...p, path: p.path ? `record.${p.path}` : 'record' }));

/**
 * Starts a draft of an actor: a new one, or a change to a published one (`slug` names it; the
 * fields given replace the published ones). A reason is required; `submit` sends it to review.
 */
export async function createActorDraft(
  deps: EditorialDeps,
  author: Actor,
  input: { record: Record<string, unknown>; slug?: string; reason: string; submit?: boolean },
): Promise<Outcome<{ id: number; state: string }>> {
  const { db, catalog } = deps;
  const reason = input.reason.trim();
  if (reason.length < 3) return { problems: [{ path: 'reason', message: 'say in a few words what this change is and why' }] };
  let base: ActorRecord | undefined;
  let record: unknown = input.record;
  if (input.slug) {
    base = await findActor(db, input.slug);
    if (!base) return { problems: [{ path: 'slug', message: `no actor "${input.slug}"` }], status: 404 };
    record = { ...base, ...input.record, slug: input.slug };
  }
  const parsed = catalog.actorSchema.safeParse(record);
  if (!parsed.success) return { problems: recordProblems(zodProblems(parsed.error.issues)) };
  const actor = parsed.data;
  if (!input.slug && (await findActor(db, actor.slug))) return { problems: [{ path: 'record.slug', message: `"${actor.slug}" is taken; to change that actor, propose a change to it` }], status: 409 };
  const parent = await parentProblems(deps, actor);
  if (parent.length) return { problems: parent };
  if (base && diffRecords(base as Record<string, unknown>, actor as Record<string, unknown>).length === 0) return { problems: [{ path: 'record', message: 'this changes nothing in the published actor' }] };
  // Submitting at once is the author's first step, taken as the draft is made.
  const state = input.submit && 'to' in nextState('submit', { state: 'draft', author_id: author.id }, author) ? 'in_review' : 'draft';
  const id = await insertDraft(db, {
    entity: 'actor',
    key: actor.slug,
    base_number: base ? ((await latestRevisionNumber(db, 'actor', actor.slug)) ?? 0) : null,
    snapshot: actor,
    author_id: author.id,
    reason,
    state,
  });
  return { ok: { id, state } };
}

/** Publishing an actor's draft (the workflow step has been checked): the actor, a revision, an audit entry. */
export async function publishActorDraft(deps: EditorialDeps, editor: Actor, draft: DraftRow, reason: string): Promise<Outcome<{ state: string; slug: string; revision?: number }>> {
  const { db, catalog } = deps;
  const parsed = catalog.actorSchema.safeParse(draft.snapshot);
  if (!parsed.success) return { problems: zodProblems(parsed.error.issues) };
  const actor = parsed.data;
  const exists = !!(await findActor(db, actor.slug));
  if (draft.base_number === null && exists) return { problems: [{ path: 'slug', message: `"${actor.slug}" was added since this draft was made; propose a change to it instead` }], status: 409 };
  if (draft.base_number !== null && !exists) return { problems: [{ path: 'slug', message: `no actor "${actor.slug}"` }], status: 404 };
  const parent = await parentProblems(deps, actor);
  if (parent.length) return { problems: parent.map((p) => ({ ...p, path: 'parent' })) };
  const revision = await db.transaction().execute(async (trx) => {
    const outcome = await upsertActor(trx, actor);
    let n: number | undefined;
    if (outcome !== 'unchanged') {
      n = await insertRevision(trx, { entity: 'actor', key: actor.slug, snapshot: actor, authorId: draft.author_id, reason: draft.reason ? `${draft.reason} (published: ${reason})` : reason });
      await bumpDataVersion(trx);
    }
    await updateDraft(trx, draft.id, { state: 'published', decision_note: reason });
    await appendAudit(trx, { actorId: editor.id, action: 'actor.publish', subject: `actor:${actor.slug}`, details: { draft: draft.id, revision: n ?? null, reason } });
    return n;
  });
  return { ok: { state: 'published', slug: actor.slug, ...(revision !== undefined ? { revision } : {}) } };
}

/**
 * Its author (or an editor) reworks an actor's draft, typically after an editor asked for
 * changes: the whole actor again, checked as when it was made; the slug cannot change.
 */
export async function updateActorDraft(deps: EditorialDeps, author: Actor, id: number, record: Record<string, unknown>, reason?: string): Promise<Outcome<{ id: number }>> {
  const { db, catalog } = deps;
  const draft = await findDraft(db, id);
  if (!draft || draft.entity !== 'actor') return { problems: [{ path: 'id', message: `no actor draft ${id}` }], status: 404 };
  const next = nextState('edit', draft, author);
  if ('refused' in next) return { problems: [{ path: 'state', message: next.refused }], status: 403 };
  const parsed = catalog.actorSchema.safeParse({ ...record, slug: draft.key });
  if (!parsed.success) return { problems: zodProblems(parsed.error.issues) };
  const parent = await parentProblems(deps, parsed.data);
  if (parent.length) return { problems: parent.map((p) => ({ ...p, path: 'parent' })) };
  await updateDraft(db, id, { snapshot: parsed.data, ...(reason?.trim() ? { reason: reason.trim() } : {}) });
  return { ok: { id } };
}

/**
 * The editorial workflow: draft → in_review → published, or back to the author with changes
 * requested, or rejected with a reason. Who may take each step is part of the rule: authors
 * edit and submit their own drafts; editors claim, send back, reject and publish.
 */
import type { Role } from './roles.ts';
import { roleRank } from './roles.ts';

export const DRAFT_STATES = ['draft', 'in_review', 'changes_requested', 'rejected', 'published'] as const;
export type DraftState = (typeof DRAFT_STATES)[number];

export const ACTIONS = ['edit', 'submit', 'claim', 'request_changes', 'reject', 'publish'] as const;
export type Action = (typeof ACTIONS)[number];

interface Step {
  from: readonly DraftState[];
  to: DraftState;
  /** Who: the draft's author, or anyone with at least this role. */
  by: 'author' | Role;
  /** A note is required (the reason to reject, the changes asked for, the reason for publishing). */
  note: boolean;
}

const STEPS: Record<Action, Step> = {
  edit: { from: ['draft', 'changes_requested'], to: 'draft', by: 'author', note: false },
  submit: { from: ['draft', 'changes_requested'], to: 'in_review', by: 'author', note: false },
  claim: { from: ['in_review'], to: 'in_review', by: 'editor', note: false },
  request_changes: { from: ['in_review'], to: 'changes_requested', by: 'editor', note: true },
  reject: { from: ['in_review'], to: 'rejected', by: 'editor', note: true },
  publish: { from: ['in_review'], to: 'published', by: 'editor', note: true },
};

export interface Actor {
  id: number;
  role: Role;
}

/** The state an action leads to, or why it may not be taken. */
export function nextState(action: Action, draft: { state: DraftState; author_id: number }, actor: Actor, note?: string): { to: DraftState } | { refused: string } {
  const step = STEPS[action];
  if (!step.from.includes(draft.state)) return { refused: `a draft that is ${draft.state.replace('_', ' ')} cannot be ${action.replace('_', ' ')}${action.endsWith('t') ? 'ted' : 'ed'}` };
  const allowed = step.by === 'author' ? draft.author_id === actor.id || roleRank(actor.role) >= roleRank('editor') : roleRank(actor.role) >= roleRank(step.by);
  if (!allowed) return { refused: step.by === 'author' ? 'only its author or an editor may do this' : `only an ${step.by} may do this` };
  if (step.note && !(note && note.trim().length >= 3)) return { refused: 'give a reason' };
  return { to: step.to };
}

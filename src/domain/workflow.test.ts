import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextState } from './workflow.ts';
import { diffRecords } from './record-diff.ts';

const author = { id: 1, role: 'contributor' as const };
const other = { id: 2, role: 'contributor' as const };
const editor = { id: 3, role: 'editor' as const };

test('authors submit their drafts; editors publish, send back or reject them, with a reason', () => {
  assert.deepEqual(nextState('submit', { state: 'draft', author_id: 1 }, author), { to: 'in_review' });
  assert.ok('refused' in nextState('submit', { state: 'draft', author_id: 1 }, other), 'not someone else\'s draft');
  assert.ok('refused' in nextState('publish', { state: 'in_review', author_id: 1 }, author), 'a contributor cannot publish');
  assert.deepEqual(nextState('publish', { state: 'in_review', author_id: 1 }, editor), { refused: 'give a reason' });
  assert.deepEqual(nextState('publish', { state: 'in_review', author_id: 1 }, editor, 'Checked against sources 1 and 2'), { to: 'published' });
  assert.deepEqual(nextState('request_changes', { state: 'in_review', author_id: 1 }, editor, 'Source 2 does not say this'), { to: 'changes_requested' });
  assert.deepEqual(nextState('submit', { state: 'changes_requested', author_id: 1 }, author), { to: 'in_review' });
  assert.ok('refused' in nextState('publish', { state: 'draft', author_id: 1 }, editor, 'reason'), 'only what is in review');
  assert.ok('refused' in nextState('edit', { state: 'published', author_id: 1 }, author), 'a published draft is history');
});

test('the diff names each changed field, in the record\'s order', () => {
  const diff = diffRecords({ title: 'A', status: 'pilot', sources: [{ id: 1, title: 'S' }] }, { title: 'A', status: 'active', sources: [{ title: 'S', id: 1 }], summary: 'New' }, ['title', 'summary', 'status']);
  assert.deepEqual(diff, [
    { field: 'summary', before: undefined, after: 'New' },
    { field: 'status', before: 'pilot', after: 'active' },
  ]);
});

test('terms in another order are no change', () => {
  assert.deepEqual(diffRecords({ categories: ['b', 'a'] }, { categories: ['a', 'b'] }), []);
});

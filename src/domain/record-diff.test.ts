import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rebaseDraft } from './record-diff.ts';

const base = { slug: 'x', title: 'Towers', status: 'active', countries: ['US'], summary: 'Old.', reviewed: '2026-01-01' };

test('a draft\'s own changes go onto what was published since it started', () => {
  const draft = { ...base, status: 'suspended' };
  const current = { ...base, summary: 'Newer.', countries: ['MX', 'US'], reviewed: '2026-02-01' };
  assert.deepEqual(rebaseDraft(base, draft, current, ['reviewed']), { record: { ...current, status: 'suspended' } });
});

test('a field the draft removed is removed', () => {
  const { summary: _s, ...draft } = base;
  assert.deepEqual(rebaseDraft(base, draft, { ...base, status: 'ended' }), { record: { slug: 'x', title: 'Towers', status: 'ended', countries: ['US'], reviewed: '2026-01-01' } });
});

test('a field changed by both is a conflict, unless both made the same change', () => {
  assert.deepEqual(rebaseDraft(base, { ...base, status: 'suspended' }, { ...base, status: 'ended' }), { conflicts: ['status'] });
  assert.deepEqual(rebaseDraft(base, { ...base, status: 'ended' }, { ...base, status: 'ended' }), { record: { ...base, status: 'ended' } });
  // Term lists are sets: the same terms in another order are the same change.
  assert.deepEqual(rebaseDraft(base, { ...base, countries: ['US', 'MX'] }, { ...base, countries: ['MX', 'US'] }), { record: { ...base, countries: ['MX', 'US'] } });
});

test('the review date, which every publication sets, never conflicts', () => {
  const result = rebaseDraft(base, { ...base, reviewed: '2026-03-01', title: 'AI towers' }, { ...base, reviewed: '2026-02-01' }, ['reviewed']);
  assert.deepEqual(result, { record: { ...base, reviewed: '2026-02-01', title: 'AI towers' } });
});

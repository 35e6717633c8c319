import assert from 'node:assert/strict';
import { test } from 'node:test';
import { partialDateSchema } from './partial-date.ts';

test('dates may be a year, a month or a day, and must exist', () => {
  for (const ok of ['2018', '2018-09', '2018-09-30', '2024-02-29']) assert.ok(partialDateSchema.safeParse(ok).success, ok);
  for (const bad of ['18', '2018-9', '2018-13', '2018-02-30', '2023-02-29', '2018/09', 'soon']) assert.ok(!partialDateSchema.safeParse(bad).success, bad);
  assert.equal(partialDateSchema.parse(2004), '2004');
});

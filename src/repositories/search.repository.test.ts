import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prefixQuery, roughly } from './search.repository.ts';

test('plain words become an AND of prefixes; punctuation cannot inject tsquery syntax', () => {
  assert.equal(prefixQuery('iBorder'), 'iborder:*');
  assert.equal(prefixQuery('ankle  tag'), 'ankle:* & tag:*');
  assert.equal(prefixQuery("a' | b:* & !c"), 'a:* & b:* & c:*');
  assert.equal(prefixQuery('Überwachung'), 'überwachung:*');
  assert.equal(prefixQuery('!!! ---'), undefined);
});

test('an estimated total is given to two significant digits, as precise as the sample', () => {
  assert.equal(roughly(75_498), 75_000);
  assert.equal(roughly(98_767), 99_000);
  assert.equal(roughly(5_150), 5_200);
  assert.equal(roughly(1_234_567), 1_200_000);
  assert.equal(roughly(62.5), 63);
});

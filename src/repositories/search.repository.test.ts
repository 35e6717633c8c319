import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prefixQuery } from './search.repository.ts';

test('plain words become an AND of prefixes; punctuation cannot inject tsquery syntax', () => {
  assert.equal(prefixQuery('iBorder'), 'iborder:*');
  assert.equal(prefixQuery('ankle  tag'), 'ankle:* & tag:*');
  assert.equal(prefixQuery("a' | b:* & !c"), 'a:* & b:* & c:*');
  assert.equal(prefixQuery('Überwachung'), 'überwachung:*');
  assert.equal(prefixQuery('!!! ---'), undefined);
});

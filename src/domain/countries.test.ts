import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countryName, isCountryCode } from './countries.ts';

test('country codes are ISO 3166-1 alpha-2 or EU', () => {
  for (const code of ['GR', 'US', 'GB', 'EU', 'LY', 'XK']) assert.ok(isCountryCode(code), code);
  for (const code of ['XX', 'ZZ', 'AA', 'gr', 'GRC', 'UK', '']) assert.ok(!isCountryCode(code), code);
});

test('country names come from ICU in the reader\'s language', () => {
  assert.equal(countryName('GR'), 'Greece');
  assert.equal(countryName('EU'), 'European Union');
  assert.equal(countryName('DE', 'fr'), 'Allemagne');
});

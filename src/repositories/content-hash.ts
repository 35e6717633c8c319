/** A stable hash of a record, so that re-importing the same files is recognised as "unchanged". */
import { createHash } from 'node:crypto';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

export function contentHash(record: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical(record))).digest('hex');
}

/**
 * A field-by-field comparison of two versions of a record, for editors reviewing a draft and
 * readers comparing revisions. Fields are compared as JSON; a field missing on one side is
 * shown as absent.
 */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

function stable(value: unknown): string {
  // Lists of terms are sets: the same terms in another order are no change.
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return JSON.stringify([...value].sort());
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The fields that differ, in the order of `order` first, then alphabetically. */
export function diffRecords(before: Record<string, unknown> | undefined, after: Record<string, unknown>, order: readonly string[] = []): FieldChange[] {
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  const rank = (f: string) => (order.includes(f) ? order.indexOf(f) : order.length);
  return [...fields]
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .filter((f) => stable(before?.[f]) !== stable(after[f]))
    .map((f) => ({ field: f, before: before?.[f], after: after[f] }));
}

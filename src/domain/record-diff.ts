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

export type Rebased = { record: Record<string, unknown> } | { conflicts: string[] };

/**
 * A draft made from one version of a record (`base`) while another was published since
 * (`current`): the draft's own changes, the fields where it differs from its base, applied to
 * the current record, so that publishing it does not undo what was published in between. A
 * field changed both by the draft and since its base is a conflict. Fields in `ignore` (the
 * review date, which each publication sets) are taken from the current record.
 */
export function rebaseDraft(base: Record<string, unknown>, draft: Record<string, unknown>, current: Record<string, unknown>, ignore: readonly string[] = []): Rebased {
  const mine = diffRecords(base, draft).filter((c) => !ignore.includes(c.field));
  const theirs = new Set(diffRecords(base, current).map((c) => c.field));
  const conflicts = mine.filter((c) => theirs.has(c.field) && stable(current[c.field]) !== stable(c.after)).map((c) => c.field);
  if (conflicts.length) return { conflicts };
  const record = { ...current };
  for (const c of mine) {
    if (stable(current[c.field]) === stable(c.after)) continue;
    if (c.after === undefined) delete record[c.field];
    else record[c.field] = c.after;
  }
  return { record };
}

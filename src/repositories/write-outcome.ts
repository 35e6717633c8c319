/** What a write did to one record; import summaries count these. */
export type WriteOutcome = 'created' | 'updated' | 'unchanged';

/**
 * A problem found in input: where (file, line, field path) and what. Used by import, validate
 * and the API's problem documents, so that every channel names bad input the same way.
 */
import type { z } from 'zod';

export interface Problem {
  file?: string;
  line?: number;
  /** Dotted field path, e.g. `sources.1.url`; empty for the record as a whole. */
  path: string;
  message: string;
}

export function issuePath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** zod issues as problems; enum errors name the allowed terms. */
export function zodProblems(issues: readonly z.core.$ZodIssue[]): Problem[] {
  return issues.map((issue) => ({ path: issuePath(issue.path), message: issueMessage(issue) }));
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value' && issue.values.length > 0) {
    return `unknown term; allowed: ${issue.values.map(String).join(', ')}`;
  }
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) return 'required';
  if (issue.code === 'invalid_union') {
    const inner = issue.errors.flat()[0];
    if (inner) return issueMessage(inner);
  }
  return issue.message;
}

/** One line per issue, for start-up errors. */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return zodProblems(issues).map((p) => `  ${p.path || '(root)'}: ${p.message}`);
}

/** "file:line path: message" — the form editors and terminals understand. */
export function formatProblem(p: Problem): string {
  const where = [p.file, p.line].filter((x) => x !== undefined).join(':');
  return `${where ? `${where} ` : ''}${p.path ? `${p.path}: ` : ''}${p.message}`;
}

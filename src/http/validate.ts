/**
 * Parses request input with a zod schema; failure becomes a 400 whose problems name each bad
 * field. Handlers call this first, so nothing downstream sees unchecked input.
 */
import type { z } from 'zod';
import { zodProblems } from '../domain/problems.ts';
import { invalid } from '../errors.ts';

export function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid(zodProblems(parsed.error.issues));
  return parsed.data;
}

/**
 * Dates in records are ISO 8601 at year, month or day precision ("2018", "2018-09",
 * "2018-09-01"): sources often give no more than a year, and we never invent precision.
 */
import { z } from 'zod';

const PATTERN = /^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$/;

function isCalendarDate(s: string): boolean {
  if (s.length < 10) return true;
  // zod runs this check even when the pattern failed, so `s` may be anything.
  const date = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(s);
}

const partialDateString = z
  .string()
  .regex(PATTERN, 'use an ISO date: YYYY, YYYY-MM or YYYY-MM-DD')
  .refine(isCalendarDate, 'not a calendar date');

/** YAML and CSV read a bare year as a number; accept it and store the string. */
export const partialDateSchema = z.preprocess(
  (v) => (typeof v === 'number' && Number.isInteger(v) ? String(v) : v),
  partialDateString,
);

/** The year of a partial date. */
export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** A full calendar date, YYYY-MM-DD (an as-of date, say). */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use a date as YYYY-MM-DD')
  .refine(isCalendarDate, 'not a calendar date');

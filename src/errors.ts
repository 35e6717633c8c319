/**
 * The error catalogue. Every error a user can meet has a stable code, an HTTP status and a
 * message key in the message catalogue; one handler (http/plugins/errors.ts) turns them into
 * RFC 9457 problem documents for the API and into HTML pages for the site.
 */
import type { Problem } from './domain/problems.ts';

export const ERRORS = {
  BL_ERR_VALIDATION: { status: 400, title: 'Invalid request' },
  BL_ERR_UNAUTHENTICATED: { status: 401, title: 'Sign in required' },
  BL_ERR_FORBIDDEN: { status: 403, title: 'Not allowed' },
  BL_ERR_NOT_FOUND: { status: 404, title: 'Not found' },
  BL_ERR_METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  BL_ERR_CONFLICT: { status: 409, title: 'Conflict' },
  BL_ERR_PAYLOAD_TOO_LARGE: { status: 413, title: 'Request body too large' },
  BL_ERR_RATE_LIMITED: { status: 429, title: 'Too many requests' },
  BL_ERR_UNAVAILABLE: { status: 503, title: 'Service unavailable' },
  BL_ERR_INTERNAL: { status: 500, title: 'Internal error' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Field-level problems, for validation errors. */
  readonly problems: Problem[];

  constructor(code: ErrorCode, detail?: string, problems: Problem[] = []) {
    super(detail ?? ERRORS[code].title);
    this.code = code;
    this.status = ERRORS[code].status;
    this.problems = problems;
  }
}

export const notFound = (detail?: string) => new AppError('BL_ERR_NOT_FOUND', detail);
export const invalid = (problems: Problem[], detail = 'Some parameters are not valid.') => new AppError('BL_ERR_VALIDATION', detail, problems);

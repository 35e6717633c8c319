/**
 * Accounts: what a login, a display name and a password must be. Contributors choose a public
 * display name (a pseudonym is fine); an e-mail address is optional and shown to nobody unless
 * its owner says so. Passwords are long rather than complicated, and not on the list of common
 * passwords shipped in the repository.
 */
import { z } from 'zod';
import { ROLE_IDS } from './roles.ts';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export const loginSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, 'at least 3 characters')
  .max(64)
  .regex(/^[a-z0-9._-]+$/, 'letters, digits, dots, hyphens and underscores only');

export const displayNameSchema = z.string().trim().min(2, 'at least 2 characters').max(80);
export const roleSchema = z.enum(ROLE_IDS);

/**
 * Why a password is refused, or undefined when it is acceptable. `common` holds the common
 * passwords, lower-cased; a password that is one of them with digits or symbols added at the
 * end ("password2024!") is refused too.
 */
export function passwordProblem(password: string, common: ReadonlySet<string>, login?: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `use at least ${MIN_PASSWORD_LENGTH} characters; a few unrelated words make a good one`;
  if (password.length > MAX_PASSWORD_LENGTH) return `use at most ${MAX_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  const stem = lower.replace(/[\d\W_]+$/u, '');
  if (common.has(lower) || (stem.length >= 4 && common.has(stem))) return 'this password is on a list of common passwords; choose another';
  if (login && lower.includes(login.toLowerCase())) return 'the password must not contain the login';
  if (new Set(password).size < 5) return 'use more different characters';
  return undefined;
}

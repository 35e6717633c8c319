/**
 * Validation of one record with every problem listed: the schema's issues and the citation
 * checks, which zod would skip while the shape is still wrong.
 */
import type { Actor } from './actor.ts';
import type { Catalog } from './catalog.ts';
import { citationProblems, type Deployment } from './deployment.ts';
import { issuePath, zodProblems, type Problem } from './problems.ts';

export type Validated<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export function validateDeployment(catalog: Catalog, value: unknown): Validated<Deployment> {
  const parsed = catalog.deploymentSchema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems = zodProblems(parsed.error.issues);
  for (const c of citationProblems(value)) {
    const path = issuePath(c.path);
    if (!problems.some((p) => p.path === path && p.message === c.message)) problems.push({ path, message: c.message });
  }
  return { ok: false, problems };
}

export function validateActor(catalog: Catalog, value: unknown): Validated<Actor> {
  const parsed = catalog.actorSchema.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problems: zodProblems(parsed.error.issues) };
}

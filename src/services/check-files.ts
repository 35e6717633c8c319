/**
 * Reads import files and checks every record in them, without writing anything: the shared
 * first half of `validate` and `import`. A file is accepted or rejected as a whole, so that an
 * import never leaves half of a file behind.
 */
import type { Actor } from '../domain/actor.ts';
import type { Catalog } from '../domain/catalog.ts';
import { actorLinks, type Deployment } from '../domain/deployment.ts';
import type { Problem } from '../domain/problems.ts';
import { validateActor, validateDeployment } from '../domain/validate-record.ts';
import { readRecordsFile, type RawRecord } from '../files/read-records.ts';

export type RecordKind = 'deployment' | 'actor';

export interface CheckedFile {
  file: string;
  kind: RecordKind;
  deployments: Deployment[];
  actors: Actor[];
  problems: Problem[];
  /** Records read, valid or not. */
  count: number;
}

/** A record with `title` is a deployment; one with `name` and no `title` is an actor. */
function kindOf(value: unknown): RecordKind {
  return value && typeof value === 'object' && 'name' in value && !('title' in value) ? 'actor' : 'deployment';
}

/**
 * Checks files in order; actors named by deployments must exist in `knownActors` or among the
 * actors of the files checked. Slugs must be unique across all the files.
 */
export async function checkFiles(catalog: Catalog, files: string[], knownActors: ReadonlySet<string>): Promise<CheckedFile[]> {
  const results: CheckedFile[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const read = await readRecordsFile(file);
    const kind = kindOf(read.records[0]?.value);
    const checked: CheckedFile = { file, kind, deployments: [], actors: [], problems: [...read.problems], count: read.records.length };
    for (const raw of read.records) checkRecord(catalog, raw, checked, seen);
    results.push(checked);
  }
  const actorSlugs = new Set([...knownActors, ...results.flatMap((r) => r.actors.map((a) => a.slug))]);
  for (const r of results) {
    for (const a of r.actors) {
      if (a.parent && !actorSlugs.has(a.parent)) r.problems.push({ file: r.file, path: 'parent', message: `unknown actor "${a.parent}" (actor ${a.slug})` });
    }
    r.deployments.forEach((d) => {
      for (const link of actorLinks(d)) {
        if (!actorSlugs.has(link.slug)) {
          r.problems.push({ file: r.file, path: `${link.role === 'authority' ? 'authorities' : `${link.role}s`}`, message: `unknown actor "${link.slug}" (record ${d.slug}); add it to the actors first` });
        }
      }
    });
  }
  return results;
}

function checkRecord(catalog: Catalog, raw: RawRecord, into: CheckedFile, seen: Map<string, string>): void {
  const kind = kindOf(raw.value);
  // Exports add each record's page address; it is derived, so re-importing an export ignores it.
  if (raw.value && typeof raw.value === 'object' && 'page_url' in raw.value) {
    const { page_url: _derived, ...rest } = raw.value as Record<string, unknown>;
    raw = { ...raw, value: rest };
  }
  const parsed = kind === 'actor' ? validateActor(catalog, raw.value) : validateDeployment(catalog, raw.value);
  if (!parsed.ok) {
    for (const p of parsed.problems) {
      const line = raw.lineOf?.(p.path ? p.path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)) : []) ?? raw.line;
      into.problems.push({ ...p, file: into.file, line, path: p.path });
    }
    return;
  }
  const key = `${kind}:${parsed.value.slug}`;
  const earlier = seen.get(key);
  if (earlier) {
    into.problems.push({ file: into.file, line: raw.lineOf?.(['slug']) ?? raw.line, path: 'slug', message: `duplicate slug "${parsed.value.slug}" (also in ${earlier})` });
    return;
  }
  seen.set(key, into.file);
  if (kind === 'actor') into.actors.push(parsed.value as Actor);
  else into.deployments.push(parsed.value as Deployment);
}

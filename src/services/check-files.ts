/**
 * Reads import files and checks every record in them, without writing anything: the shared
 * first half of `validate` and `import`. A file is accepted or rejected as a whole, so that an
 * import never leaves half of a file behind.
 *
 * Checking has two halves. `checkFileRecords` reads and checks one file on its own (parsing, the
 * record schema, citations) and prepares its valid records for the database; it needs nothing
 * but the catalogue, so imports run it in worker threads (check-pool.ts). `FileChecks` then
 * applies, in file order, what needs every file: unique slugs across files, and actors that
 * exist in the database or in the files checked.
 */
import type { Actor } from '../domain/actor.ts';
import type { Catalog } from '../domain/catalog.ts';
import type { Deployment } from '../domain/deployment.ts';
import type { Problem } from '../domain/problems.ts';
import { validateActor, validateDeployment } from '../domain/validate-record.ts';
import { readRecordsFile, type RawRecord } from '../files/read-records.ts';
import { prepareDeployment, type PreparedDeployment } from '../repositories/deployments.repository.ts';
import { storedAssessment, type RuleBook } from './assessment.ts';

export type RecordKind = 'deployment' | 'actor';

export interface CheckedFile {
  file: string;
  kind: RecordKind;
  /** Valid deployments, ready to write. */
  deployments: PreparedDeployment[];
  actors: Actor[];
  problems: Problem[];
  /** Records read, valid or not. */
  count: number;
}

/** One file checked on its own: what `FileChecks` needs to finish the check. */
export interface FileRecords extends CheckedFile {
  /** The valid records in file order: kind and slug, the line of the slug, and how many problems came before the record. */
  valid: { key: string; slug: string; line?: number; at: number }[];
}

/** A record with `title` is a deployment; one with `name` and no `title` is an actor. */
function kindOf(value: unknown): RecordKind {
  return value && typeof value === 'object' && 'name' in value && !('title' in value) ? 'actor' : 'deployment';
}

/**
 * Reads one file and checks each of its records on its own (no cross-file rule). With a rule
 * book, each valid deployment is also assessed, so that it is written with its assessment.
 */
export async function checkFileRecords(catalog: Catalog, file: string, book?: RuleBook): Promise<FileRecords> {
  const read = await readRecordsFile(file);
  const kind = kindOf(read.records[0]?.value);
  const checked: FileRecords = { file, kind, deployments: [], actors: [], problems: [...read.problems], count: read.records.length, valid: [] };
  for (const raw of read.records) checkRecord(catalog, raw, checked, book);
  return checked;
}

function checkRecord(catalog: Catalog, raw: RawRecord, into: FileRecords, book: RuleBook | undefined): void {
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
  const slug = parsed.value.slug;
  into.valid.push({ key: `${kind}:${slug}`, slug, line: raw.lineOf?.(['slug']) ?? raw.line, at: into.problems.length });
  if (kind === 'actor') into.actors.push(parsed.value as Actor);
  else {
    const record = parsed.value as Deployment;
    into.deployments.push(prepareDeployment(record, book && storedAssessment(book, record)));
  }
}

/**
 * The rules that need every file, applied one file at a time in file order: a slug already seen
 * in an earlier file (or earlier in the same file) is a problem of the later record, and
 * deployments may name only actors in the database or in the files checked.
 */
export class FileChecks {
  private readonly seen = new Map<string, string>();
  readonly actors: Set<string>;

  constructor(knownActors: ReadonlySet<string>) {
    this.actors = new Set(knownActors);
  }

  /** Adds the duplicate-slug problems of a file (each where its record is) and learns its actors. */
  admit(checked: FileRecords): CheckedFile {
    const duplicates: { at: number; problem: Problem }[] = [];
    const skip = new Set<number>();
    checked.valid.forEach((v, i) => {
      const earlier = this.seen.get(v.key);
      if (earlier) {
        duplicates.push({ at: v.at, problem: { file: checked.file, line: v.line, path: 'slug', message: `duplicate slug "${v.slug}" (also in ${earlier})` } });
        skip.add(i);
      } else this.seen.set(v.key, checked.file);
    });
    if (duplicates.length) {
      const merged: Problem[] = [];
      let next = 0;
      checked.problems.forEach((p, i) => {
        while (next < duplicates.length && duplicates[next]!.at <= i) merged.push(duplicates[next++]!.problem);
        merged.push(p);
      });
      while (next < duplicates.length) merged.push(duplicates[next++]!.problem);
      checked.problems = merged;
      // A duplicate is not a record of the file (the file is rejected anyway).
      let d = 0;
      let a = 0;
      const keepD: PreparedDeployment[] = [];
      const keepA: Actor[] = [];
      checked.valid.forEach((v, i) => {
        const isActor = v.key.startsWith('actor:');
        if (!skip.has(i)) (isActor ? keepA.push(checked.actors[a]!) : keepD.push(checked.deployments[d]!));
        if (isActor) a++;
        else d++;
      });
      checked.deployments = keepD;
      checked.actors = keepA;
    }
    for (const a of checked.actors) this.actors.add(a.slug);
    const { valid: _valid, ...rest } = checked;
    return rest;
  }

  /** Adds a problem for each actor the file names that is not known. */
  actorProblems(r: CheckedFile): void {
    for (const a of r.actors) {
      if (a.parent && !this.actors.has(a.parent)) r.problems.push({ file: r.file, path: 'parent', message: `unknown actor "${a.parent}" (actor ${a.slug})` });
    }
    for (const d of r.deployments) {
      for (const link of d.links) {
        if (!this.actors.has(link.slug)) {
          r.problems.push({ file: r.file, path: `${link.role === 'authority' ? 'authorities' : `${link.role}s`}`, message: `unknown actor "${link.slug}" (record ${d.slug}); add it to the actors first` });
        }
      }
    }
  }
}

/**
 * Checks files in order; actors named by deployments must exist in `knownActors` or among the
 * actors of the files checked. Slugs must be unique across all the files.
 */
export async function checkFiles(catalog: Catalog, files: string[], knownActors: ReadonlySet<string>): Promise<CheckedFile[]> {
  const checks = new FileChecks(knownActors);
  const results: CheckedFile[] = [];
  for (const file of files) results.push(checks.admit(await checkFileRecords(catalog, file)));
  for (const r of results) checks.actorProblems(r);
  return results;
}

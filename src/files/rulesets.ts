/**
 * Reads rules/: definitions.yaml (named sets), every <ruleset>/ruleset.yaml and its worked
 * examples (<ruleset>/examples/*.yaml). Everything is validated on load; a problem names the
 * file, the rule and what is wrong, and stops the program: findings from a broken rule set would
 * be wrong in ways a reader cannot see.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { attributeNames } from '../domain/assessment/attributes.ts';
import { checkRulesets } from '../domain/assessment/check-rulesets.ts';
import { definitionsSchema, rulesetSchema, OUTCOMES, type Definitions, type Ruleset } from '../domain/assessment/ruleset.ts';
import { zodProblems } from '../domain/problems.ts';
import type { Vocabularies } from '../domain/vocabulary.ts';

export class RulesetError extends Error {
  constructor(readonly problems: string[]) {
    super(`The rule sets have problems:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

export interface LoadedRules {
  rulesets: Ruleset[];
  definitions: Definitions;
  /** Rule set id → file it came from, for messages. */
  files: Map<string, string>;
}

async function readYaml(file: string): Promise<unknown> {
  try {
    return parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new RulesetError([`${file}: ${(err as Error).message.split('\n')[0]}`]);
  }
}

async function rulesetDirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/** Order in which rule sets are listed: binding law first, as the reference composes reports. */
const ORDER = ['eu_ai_act', 'gdpr', 'eudpr', 'led', 'uk', 'coe_fcai', 'un', 'amnesty'];

export async function loadRules(dir: string, vocabs: Vocabularies, options: { allowDangling?: boolean } = {}): Promise<LoadedRules> {
  const problems: string[] = [];
  const defsFile = path.join(dir, 'definitions.yaml');
  const defs = definitionsSchema.safeParse(await readYaml(defsFile));
  if (!defs.success) problems.push(...zodProblems(defs.error.issues).map((p) => `${defsFile} ${p.path}: ${p.message}`));

  const rulesets: Ruleset[] = [];
  const files = new Map<string, string>();
  for (const name of await rulesetDirs(dir)) {
    const file = path.join(dir, name, 'ruleset.yaml');
    const raw = await readYaml(file);
    const parsed = rulesetSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(...zodProblems(parsed.error.issues).map((p) => `${file} ${namedPath(raw, p.path)}: ${p.message}`));
      continue;
    }
    if (parsed.data.id !== name) problems.push(`${file}: id is "${parsed.data.id}" but the folder is "${name}"`);
    rulesets.push(parsed.data);
    files.set(parsed.data.id, file);
  }
  if (problems.length > 0 || !defs.success) throw new RulesetError(problems);

  rulesets.sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
  const checked = checkRulesets(rulesets, defs.data, attributeNames(vocabs.facts.attributes)).filter(
    (p) => !(options.allowDangling && p.dangling),
  );
  if (checked.length > 0) {
    throw new RulesetError(checked.map((p) => `${files.get(p.ruleset) ?? p.ruleset}${p.rule ? ` ${p.rule}` : ''}: ${p.message}`));
  }
  return { rulesets, definitions: defs.data, files };
}

function rank(id: string): number {
  const i = ORDER.indexOf(id);
  return i === -1 ? ORDER.length : i;
}

/** "rules.3.trigger" → "rules.3 (EUAIA-ART5-1-F).trigger": the id is what an editor searches for. */
function namedPath(raw: unknown, p: string): string {
  const m = /^rules\.(\d+)(.*)$/.exec(p);
  const id = m ? (raw as { rules?: { id?: unknown }[] } | null)?.rules?.[Number(m[1])]?.id : undefined;
  if (m && typeof id === 'string') return `rules.${m[1]} (${id})${m[2]}`;
  return p || '(file)';
}

/** A worked example: a (partial) record, a date, and what the engine must find. */
export const exampleSchema = z
  .object({
    title: z.string().min(1),
    description: z.string().optional(),
    as_of: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    record: z.record(z.string(), z.unknown()),
    expect: z
      .object({
        findings: z
          .array(
            z
              .object({
                rule_id: z.string(),
                outcome: z.enum(OUTCOMES).optional(),
                result: z.enum(['applies', 'undetermined']).optional(),
                duty_status: z.enum(['met', 'unmet', 'unknown']).optional(),
                at_period: z.boolean().nullable().optional(),
                at_as_of: z.boolean().optional(),
                from: z.string().optional(),
                missing: z.array(z.string()).optional().describe('Facts that must be listed as missing'),
              })
              .strict(),
          )
          .default([]),
        absent: z.array(z.string()).default([]).describe('Rules that must not appear in the findings'),
        gaps: z.array(z.string()).optional().describe('Recommendations that must produce a gap statement'),
      })
      .strict(),
  })
  .strict();
export type RuleExample = z.infer<typeof exampleSchema>;

export interface LoadedExample {
  file: string;
  ruleset: string;
  example: RuleExample;
}

export async function loadExamples(dir: string): Promise<LoadedExample[]> {
  const out: LoadedExample[] = [];
  const problems: string[] = [];
  for (const ruleset of await rulesetDirs(dir)) {
    const exDir = path.join(dir, ruleset, 'examples');
    let names: string[] = [];
    try {
      names = (await readdir(exDir)).filter((n) => /\.ya?ml$/.test(n)).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const file = path.join(exDir, name);
      const parsed = exampleSchema.safeParse(await readYaml(file));
      if (!parsed.success) problems.push(...zodProblems(parsed.error.issues).map((p) => `${file} ${p.path || '(file)'}: ${p.message}`));
      else out.push({ file, ruleset, example: parsed.data });
    }
  }
  if (problems.length > 0) throw new RulesetError(problems);
  return out;
}

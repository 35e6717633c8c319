/**
 * Runs the rule sets' worked examples: each example's record is validated like an API request to
 * /api/v1/assess, assessed, and compared with what the example expects. Used by
 * `borderlens rules check` and by the test suite, so a rule change that breaks an example fails CI.
 */
import { buildPartialDeploymentSchema } from '../domain/deployment.ts';
import { assess, compileRules, type CompiledRules, type Finding } from '../domain/assessment/engine.ts';
import type { AssessableRecord } from '../domain/assessment/attributes.ts';
import { zodProblems } from '../domain/problems.ts';
import type { Vocabularies } from '../domain/vocabulary.ts';
import { loadExamples, loadRules, type LoadedExample, type LoadedRules } from '../files/rulesets.ts';

export interface ExampleResult {
  file: string;
  title: string;
  failures: string[];
}

export function checkExample(loaded: LoadedExample, compiled: CompiledRules, vocabs: Vocabularies): ExampleResult {
  const { example, file } = loaded;
  const failures: string[] = [];
  const parsed = buildPartialDeploymentSchema(vocabs).safeParse(example.record);
  if (!parsed.success) {
    return { file, title: example.title, failures: zodProblems(parsed.error.issues).map((p) => `record.${p.path}: ${p.message}`) };
  }
  const report = assess(parsed.data as AssessableRecord, compiled, example.as_of);
  const byId = new Map(report.findings.map((f) => [f.rule_id, f]));
  for (const want of example.expect.findings) {
    const got = byId.get(want.rule_id);
    if (!got) {
      failures.push(`expected a finding for ${want.rule_id}, got none`);
      continue;
    }
    const actual: Record<string, unknown> = {
      outcome: got.outcome,
      result: got.result,
      duty_status: got.duty_status,
      at_period: got.in_force.at_period,
      at_as_of: got.in_force.at_as_of,
      from: got.in_force.from,
    };
    for (const [key, value] of Object.entries(want)) {
      if (key === 'rule_id' || value === undefined) continue;
      if (key === 'missing') {
        const absent = (value as string[]).filter((m) => !got.missing.includes(m));
        if (absent.length) failures.push(`${want.rule_id}: expected missing facts ${absent.join(', ')}; missing is [${got.missing.join(', ')}]`);
      } else if (actual[key] !== value) {
        failures.push(`${want.rule_id}: expected ${key} ${JSON.stringify(value)}, got ${JSON.stringify(actual[key])}`);
      }
    }
  }
  for (const id of example.expect.absent) {
    const got: Finding | undefined = byId.get(id);
    if (got) failures.push(`expected no finding for ${id}, got ${got.outcome} (${got.result})`);
  }
  for (const id of example.expect.gaps ?? []) {
    if (!report.gaps.some((g) => g.ban_rule === id)) failures.push(`expected a gap statement for ${id}`);
  }
  return { file, title: example.title, failures };
}

export interface RulesCheck {
  rules: LoadedRules;
  compiled: CompiledRules;
  examples: ExampleResult[];
}

/** Loads and checks every rule set (throws RulesetError), then runs every example. */
export async function checkRules(dir: string, vocabs: Vocabularies, options: { allowDangling?: boolean } = {}): Promise<RulesCheck> {
  const rules = await loadRules(dir, vocabs, options);
  const compiled = compileRules(rules.rulesets, rules.definitions);
  const examples = (await loadExamples(dir)).map((e) => checkExample(e, compiled, vocabs));
  return { rules, compiled, examples };
}

/**
 * `borderlens rules check`: validates every rule set against its schema and the attribute
 * vocabulary, then runs every worked example. `borderlens rules schema` prints the JSON Schema
 * that rule set files follow (rules/ruleset.schema.json is this output).
 */
import { z } from 'zod';
import { rulesetSchema } from '../domain/assessment/ruleset.ts';
import { RulesetError } from '../files/rulesets.ts';
import { checkRules } from '../services/check-rules.ts';
import { loadCatalog } from './context.ts';
import { UsageError } from './main.ts';

export async function rulesCommand(args: string[]): Promise<number> {
  const [sub, ...flags] = args;
  if (sub === 'schema') {
    console.log(JSON.stringify(rulesetJsonSchema(), null, 2));
    return 0;
  }
  if (sub !== 'check') throw new UsageError('Usage: borderlens rules check | borderlens rules schema');
  const { config, catalog } = await loadCatalog();
  let result;
  try {
    // --allow-dangling: while rule sets are being written, tolerate names of rules not yet defined.
    result = await checkRules(config.rulesDir, catalog.vocabs, { allowDangling: flags.includes('--allow-dangling') });
  } catch (err) {
    if (err instanceof RulesetError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
  const { rules, examples } = result;
  const ruleCount = rules.rulesets.reduce((n, s) => n + s.rules.length, 0);
  console.log(`${rules.rulesets.length} rule set(s), ${ruleCount} rule(s): valid`);
  let failed = 0;
  for (const e of examples) {
    if (e.failures.length === 0) {
      console.log(`  ok    ${e.file}: ${e.title}`);
      continue;
    }
    failed++;
    console.error(`  FAIL  ${e.file}: ${e.title}`);
    for (const f of e.failures) console.error(`        ${f}`);
  }
  console.log(`${examples.length} example(s), ${failed} failed`);
  return failed ? 1 : 0;
}

/** The published JSON Schema of a rule set file, generated from the schema the loader uses. */
export function rulesetJsonSchema(): unknown {
  return {
    ...(z.toJSONSchema(rulesetSchema, { io: 'input', unrepresentable: 'any' }) as object),
    $id: 'https://borderlens.org/schemas/ruleset.schema.json',
    title: 'Borderlens rule set',
  };
}

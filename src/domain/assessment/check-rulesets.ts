/**
 * Checks that go beyond the shape of one file: rule ids unique across rule sets, every
 * attribute, named set and rule a condition mentions exists, binding outcomes are gated, and
 * rules that depend on each other do not go round in a circle. Problems name the rule set and
 * the rule so that an editor of the YAML knows where to look.
 */
import { conditionReferences, type Condition, type ConditionReferences } from './condition.ts';
import { BINDING_OUTCOMES, OUTCOMES, isBinding, matchesRuleRef, ruleOutcomes, type Definitions, type Rule, type Ruleset } from './ruleset.ts';

export interface RuleProblem {
  ruleset: string;
  rule?: string;
  message: string;
  /** A reference to a rule no rule set defines (tolerated only while rule sets are being written). */
  dangling?: boolean;
}

function conditionsOf(rule: Rule): Condition[] {
  return [rule.gate, rule.trigger, ...(rule.cases ?? []).map((c) => c.when)].filter((c): c is Condition => c !== undefined);
}

/** The rule ids a rule's conditions depend on (through `fired` and `fired_outcome`). */
export function ruleDependencies(rule: Rule, all: readonly Rule[]): string[] {
  const refs = conditionsOf(rule).reduce<ConditionReferences | undefined>((acc, c) => conditionReferences(c, acc), undefined);
  if (!refs) return [];
  const out = new Set<string>();
  for (const other of all) {
    if (other.id === rule.id) continue;
    if ([...refs.rules].some((r) => matchesRuleRef(other.id, r))) out.add(other.id);
    if (ruleOutcomes(other).some((o) => refs.outcomes.has(o))) out.add(other.id);
  }
  return [...out];
}

/** Orders rules so that each comes after the rules it depends on; throws on a cycle. */
export function dependencyOrder(rules: readonly Rule[]): Rule[] {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const state = new Map<string, 'visiting' | 'done'>();
  const out: Rule[] = [];
  const visit = (rule: Rule, trail: string[]) => {
    const s = state.get(rule.id);
    if (s === 'done') return;
    if (s === 'visiting') throw new Error(`rules depend on each other in a circle: ${[...trail, rule.id].join(' → ')}`);
    state.set(rule.id, 'visiting');
    for (const dep of ruleDependencies(rule, rules)) visit(byId.get(dep)!, [...trail, rule.id]);
    state.set(rule.id, 'done');
    out.push(rule);
  };
  for (const r of rules) visit(r, []);
  return out;
}

export function checkRulesets(rulesets: readonly Ruleset[], definitions: Definitions, attributes: ReadonlySet<string>): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const all = rulesets.flatMap((s) => s.rules);
  const owner = new Map<string, string>();
  for (const set of rulesets) {
    if (rulesets.filter((s) => s.id === set.id).length > 1) problems.push({ ruleset: set.id, message: 'two rule sets share this id' });
    for (const rule of set.rules) {
      const at = { ruleset: set.id, rule: rule.id };
      const first = owner.get(rule.id);
      if (first) problems.push({ ...at, message: `rule id already used in rule set ${first}` });
      else owner.set(rule.id, set.id);

      const refs = [set.jurisdiction.gate, ...conditionsOf(rule)]
        .filter((c): c is Condition => c !== undefined)
        .reduce<ConditionReferences | undefined>((acc, c) => conditionReferences(c, acc), undefined);
      for (const a of refs?.attributes ?? []) {
        if (!attributes.has(a)) problems.push({ ...at, message: `unknown attribute "${a}"; see data/vocabularies/facts.yaml and rules-reference section 2` });
      }
      for (const s of refs?.sets ?? []) {
        if (!definitions.sets[s]) problems.push({ ...at, message: `unknown set "${s}"; known: ${Object.keys(definitions.sets).join(', ')}` });
      }
      for (const r of refs?.rules ?? []) {
        if (!all.some((x) => matchesRuleRef(x.id, r))) problems.push({ ...at, message: `refers to rule "${r}", which no rule set defines`, dangling: true });
      }
      for (const o of refs?.outcomes ?? []) {
        if (!(OUTCOMES as readonly string[]).includes(o)) problems.push({ ...at, message: `unknown outcome "${o}"; allowed: ${OUTCOMES.join(', ')}` });
      }
      for (const r of [...(rule.related ?? []), ...(rule.modifies?.rules ?? [])]) {
        if (!all.some((x) => matchesRuleRef(x.id, r))) problems.push({ ...at, message: `names rule "${r}", which no rule set defines`, dangling: true });
      }
      for (const s of rule.duty?.requires ?? []) {
        if (!attributes.has(s)) problems.push({ ...at, message: `unknown safeguard "${s}"` });
      }
      const binding = ruleOutcomes(rule).filter((o) => BINDING_OUTCOMES.includes(o));
      if (isBinding(rule, set) && binding.length > 0 && !set.jurisdiction.gate && !rule.gate) {
        problems.push({ ...at, message: `gives a binding outcome (${binding.join(', ')}) but neither the rule nor its rule set has a jurisdiction gate` });
      }
    }
  }
  try {
    dependencyOrder(all);
  } catch (err) {
    problems.push({ ruleset: '(all)', message: (err as Error).message });
  }
  return problems;
}

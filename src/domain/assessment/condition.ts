/**
 * Rule triggers are JSON Logic (https://jsonlogic.com): plain data in the rule files, never code.
 * We use a small subset of its operators plus four operations of our own (`intersects`, `before`,
 * `fired`, `fired_outcome`), which JSON Logic allows by design.
 *
 * The evaluation is our own because JSON Logic is two-valued and the rules are not: a fact the
 * record leaves unknown makes a condition *unknown*, never false (rules-reference 1.4). Kleene's
 * three-valued logic decides `and`, `or` and `!`; each result carries the facts it read (for the
 * finding's `because`) and, when unknown, the facts that would decide it (`missing`).
 *
 * Conditions are compiled once into closures, so assessing a million records does not re-walk
 * the rule files.
 */
import { z } from 'zod';

export type Truth = true | false | 'unknown';

/** A value of an attribute of a record; `undefined` means unknown. */
export type AttributeValue = string | boolean | readonly string[] | undefined;

export interface Evaluation {
  value: Truth;
  /** Attributes whose values made the condition true or false. */
  used: readonly string[];
  /** Attributes that are unknown and would decide the condition. */
  missing: readonly string[];
}

/** What a condition can look at while it runs. */
export interface ConditionScope {
  attribute(name: string): AttributeValue;
  /**
   * Has another rule (an id, or a prefix ending in `*`) fired? Unknown while that rule is
   * undetermined; the evaluation carries that rule's facts, so they explain this one too.
   */
  fired(pattern: string): Evaluation;
  firedOutcome(outcome: string): Evaluation;
}

const literal = z.union([z.string(), z.boolean()]);
const varRef = z.object({ var: z.string().min(1) }).strict();
/** A literal list, or the name of a set from rules/definitions.yaml. */
const valueSet = z.union([z.array(z.string()).min(1), z.string().regex(/^[A-Z][A-Z0-9_]*$/)]);

export type Condition =
  | boolean
  | { and: Condition[] }
  | { or: Condition[] }
  | { '!': Condition }
  | { '==': [{ var: string }, string | boolean] }
  | { '!=': [{ var: string }, string | boolean] }
  | { in: [{ var: string }, string[] | string] | [string, { var: string }] }
  | { intersects: [{ var: string }, string[] | string] }
  | { before: [{ var: string }, string] }
  | { fired: string | string[] }
  | { fired_outcome: string };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.boolean(),
    z.object({ and: z.array(conditionSchema).min(1) }).strict(),
    z.object({ or: z.array(conditionSchema).min(1) }).strict(),
    z.object({ '!': conditionSchema }).strict(),
    z.object({ '==': z.tuple([varRef, literal]) }).strict(),
    z.object({ '!=': z.tuple([varRef, literal]) }).strict(),
    z.object({ in: z.union([z.tuple([varRef, valueSet]), z.tuple([z.string(), varRef])]) }).strict(),
    z.object({ intersects: z.tuple([varRef, valueSet]) }).strict(),
    z.object({ before: z.tuple([varRef, z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')]) }).strict().describe('A date attribute lies wholly before a date'),
    z.object({ fired: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]) }).strict(),
    z.object({ fired_outcome: z.string().min(1) }).strict(),
  ]),
) as z.ZodType<Condition>;

export type CompiledCondition = (scope: ConditionScope) => Evaluation;

/** Names a condition refers to, so that a rule file can be checked before anything runs. */
export interface ConditionReferences {
  attributes: Set<string>;
  sets: Set<string>;
  rules: Set<string>;
  outcomes: Set<string>;
}

export function conditionReferences(condition: Condition, into?: ConditionReferences): ConditionReferences {
  const refs = into ?? { attributes: new Set(), sets: new Set(), rules: new Set(), outcomes: new Set() };
  if (typeof condition === 'boolean') return refs;
  if ('and' in condition) condition.and.forEach((c) => conditionReferences(c, refs));
  else if ('or' in condition) condition.or.forEach((c) => conditionReferences(c, refs));
  else if ('!' in condition) conditionReferences(condition['!'], refs);
  else if ('==' in condition) refs.attributes.add(condition['=='][0].var);
  else if ('!=' in condition) refs.attributes.add(condition['!='][0].var);
  else if ('in' in condition) {
    const [a, b] = condition.in;
    if (typeof a === 'string') refs.attributes.add((b as { var: string }).var);
    else {
      refs.attributes.add(a.var);
      if (typeof b === 'string') refs.sets.add(b);
    }
  } else if ('before' in condition) refs.attributes.add(condition.before[0].var);
  else if ('intersects' in condition) {
    refs.attributes.add(condition.intersects[0].var);
    if (typeof condition.intersects[1] === 'string') refs.sets.add(condition.intersects[1]);
  } else if ('fired' in condition) [condition.fired].flat().forEach((r) => refs.rules.add(r));
  else if ('fired_outcome' in condition) refs.outcomes.add(condition.fired_outcome);
  return refs;
}

const NONE: readonly string[] = [];
const TRUE: Evaluation = { value: true, used: NONE, missing: NONE };
const FALSE: Evaluation = { value: false, used: NONE, missing: NONE };

function known(value: boolean, attribute: string): Evaluation {
  return { value, used: [attribute], missing: NONE };
}
function unknown(attribute: string): Evaluation {
  return { value: 'unknown', used: NONE, missing: [attribute] };
}
function merge(parts: readonly Evaluation[], key: 'used' | 'missing'): readonly string[] {
  if (parts.length === 1) return parts[0]![key];
  return [...new Set(parts.flatMap((p) => p[key]))];
}

/** Compiles a condition; `sets` resolves named sets such as MIGRATION_DOMAINS. */
export function compileCondition(condition: Condition, sets: Readonly<Record<string, readonly string[]>>): CompiledCondition {
  const resolve = (s: string[] | string): ReadonlySet<string> => {
    const list = typeof s === 'string' ? sets[s] : s;
    if (!list) throw new Error(`unknown set ${String(s)}`);
    return new Set(list);
  };
  if (typeof condition === 'boolean') return () => (condition ? TRUE : FALSE);

  if ('and' in condition || 'or' in condition) {
    const isAnd = 'and' in condition;
    const parts = (isAnd ? (condition as { and: Condition[] }).and : (condition as { or: Condition[] }).or).map((c) =>
      compileCondition(c, sets),
    );
    // `and` is decided by its first false part, `or` by its first true one.
    const decisive = !isAnd;
    return (scope) => {
      const results = parts.map((p) => p(scope));
      const deciding = results.find((r) => r.value === decisive);
      if (deciding) return { value: decisive, used: deciding.used, missing: NONE };
      const open = results.filter((r) => r.value === 'unknown');
      if (open.length > 0) return { value: 'unknown', used: merge(results, 'used'), missing: merge(open, 'missing') };
      return { value: !decisive, used: merge(results, 'used'), missing: NONE };
    };
  }
  if ('!' in condition) {
    const inner = compileCondition(condition['!'], sets);
    return (scope) => {
      const r = inner(scope);
      return r.value === 'unknown' ? r : { ...r, value: !r.value };
    };
  }
  if ('==' in condition || '!=' in condition) {
    const negate = '!=' in condition;
    const [ref, expected] = negate ? (condition as { '!=': [{ var: string }, string | boolean] })['!='] : (condition as { '==': [{ var: string }, string | boolean] })['=='];
    const name = ref.var;
    return (scope) => {
      const v = scope.attribute(name);
      if (v === undefined || Array.isArray(v)) return unknown(name);
      return known((v === expected) !== negate, name);
    };
  }
  if ('in' in condition) {
    const [a, b] = condition.in;
    if (typeof a === 'string') {
      // set attribute ∋ literal
      const name = (b as { var: string }).var;
      return (scope) => {
        const v = scope.attribute(name);
        if (!Array.isArray(v)) return unknown(name);
        return known(v.includes(a), name);
      };
    }
    const name = a.var;
    const allowed = resolve(b as string[] | string);
    return (scope) => {
      const v = scope.attribute(name);
      if (typeof v !== 'string') return unknown(name);
      return known(allowed.has(v), name);
    };
  }
  if ('intersects' in condition) {
    const name = condition.intersects[0].var;
    const wanted = resolve(condition.intersects[1]);
    return (scope) => {
      const v = scope.attribute(name);
      if (!Array.isArray(v)) return unknown(name);
      return known(v.some((x) => wanted.has(x)), name);
    };
  }
  if ('before' in condition) {
    const [{ var: name }, limit] = condition.before;
    return (scope) => {
      const v = scope.attribute(name);
      if (typeof v !== 'string') return unknown(name);
      // A partial date ("2027", "2027-12") is before the limit only if all of it is.
      const last = v.length === 4 ? `${v}-12-31` : v.length === 7 ? `${v}-${lastDay(v)}` : v;
      return known(last < limit, name);
    };
  }
  if ('fired' in condition) {
    const patterns = [condition.fired].flat();
    if (patterns.length === 1) return (scope) => scope.fired(patterns[0]!);
    return (scope) => anyOf(patterns.map((p) => scope.fired(p)));
  }
  const outcome = condition.fired_outcome;
  return (scope) => scope.firedOutcome(outcome);
}

function lastDay(yearMonth: string): string {
  const [y, m] = yearMonth.split('-').map(Number) as [number, number];
  return String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0');
}

/** Kleene `or` over evaluations already made. */
export function anyOf(results: readonly Evaluation[]): Evaluation {
  const yes = results.find((r) => r.value === true);
  if (yes) return yes;
  const open = results.filter((r) => r.value === 'unknown');
  if (open.length > 0) return { value: 'unknown', used: NONE, missing: merge(open, 'missing') };
  return FALSE;
}

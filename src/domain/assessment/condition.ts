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
   * The same, by the number `slots` gave the attribute when the condition was compiled (a scope
   * for conditions compiled with `slots` must have it): an array read instead of a lookup by name.
   */
  attributeAt?(slot: number, name: string): AttributeValue;
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
const TRUE: Evaluation = Object.freeze({ value: true, used: NONE, missing: NONE });
const FALSE: Evaluation = Object.freeze({ value: false, used: NONE, missing: NONE });

// Performance (a million records are assessed at a time, 59 rules each): the closures below
// allocate as little as they can. The evaluations of a comparison are made once, when it is
// compiled, so that every record shares them; nothing may change an evaluation or its lists (the
// engine copies them into its findings). The objects are frozen to catch a change; the lists are
// not, because V8 has no fast path for frozen arrays (includes and slice on one are ~15 times
// slower). Every `used` and `missing` list is free of duplicates, so a union of two lists is the
// first plus what the second adds, in order: what [...new Set([...a, ...b])] gives, without the Set.

/** The three answers a comparison over one attribute can give. */
interface Answers {
  yes: Evaluation;
  no: Evaluation;
  unknown: Evaluation;
}

function answers(attribute: string): Answers {
  const used = [attribute];
  return {
    yes: Object.freeze({ value: true, used, missing: NONE }),
    no: Object.freeze({ value: false, used, missing: NONE }),
    unknown: Object.freeze({ value: 'unknown', used: NONE, missing: used }),
  };
}

/** Two duplicate-free lists joined without duplicates, first appearance first; no copy when one is empty. */
export function union(a: readonly string[], b: readonly string[]): readonly string[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  let out: string[] | undefined;
  for (let i = 0; i < b.length; i++) {
    const x = b[i]!;
    if (!a.includes(x)) (out ??= a.slice()).push(x);
  }
  return out ?? a;
}

/**
 * Kleene `and` (or `or`) over compiled parts. It is decided by the first false (true) part, so
 * the parts after it are not run: conditions have no side effects, and the result is the one
 * running them all would give.
 */
function combine(parts: readonly CompiledCondition[], isAnd: boolean): CompiledCondition {
  const decisive = !isAnd;
  const n = parts.length;
  return (scope) => {
    let used = NONE;
    let missing = NONE;
    let open = false;
    for (let i = 0; i < n; i++) {
      const r = parts[i]!(scope);
      if (r.value === decisive) return r.missing.length === 0 ? r : { value: decisive, used: r.used, missing: NONE };
      used = union(used, r.used);
      if (r.value === 'unknown') {
        open = true;
        missing = union(missing, r.missing);
      }
    }
    return open ? { value: 'unknown', used, missing } : { value: !decisive, used, missing: NONE };
  };
}

/**
 * Compiles a condition; `sets` resolves named sets such as MIGRATION_DOMAINS. With `slots`, each
 * attribute is given a number (added to `slots` if new) and read through `scope.attributeAt`.
 */
export function compileCondition(condition: Condition, sets: Readonly<Record<string, readonly string[]>>, slots?: Map<string, number>): CompiledCondition {
  /** The slot of an attribute, or -1 to read it by name. */
  const slotOf = (name: string): number => {
    if (!slots) return -1;
    let slot = slots.get(name);
    if (slot === undefined) slots.set(name, (slot = slots.size));
    return slot;
  };
  const resolve = (s: string[] | string): ReadonlySet<string> => {
    const list = typeof s === 'string' ? sets[s] : s;
    if (!list) throw new Error(`unknown set ${String(s)}`);
    return new Set(list);
  };
  if (typeof condition === 'boolean') return () => (condition ? TRUE : FALSE);

  if ('and' in condition || 'or' in condition) {
    const isAnd = 'and' in condition;
    const parts = (isAnd ? (condition as { and: Condition[] }).and : (condition as { or: Condition[] }).or).map((c) =>
      compileCondition(c, sets, slots),
    );
    return combine(parts, isAnd);
  }
  if ('!' in condition) {
    const inner = compileCondition(condition['!'], sets, slots);
    return (scope) => {
      const r = inner(scope);
      return r.value === 'unknown' ? r : { value: !r.value, used: r.used, missing: r.missing };
    };
  }
  if ('==' in condition || '!=' in condition) {
    const negate = '!=' in condition;
    const [ref, expected] = negate ? (condition as { '!=': [{ var: string }, string | boolean] })['!='] : (condition as { '==': [{ var: string }, string | boolean] })['=='];
    const name = ref.var;
    const { yes, no, unknown } = answers(name);
    const at = slotOf(name);
    return (scope) => {
      const v = at < 0 ? scope.attribute(name) : scope.attributeAt!(at, name);
      if (v === undefined || Array.isArray(v)) return unknown;
      return (v === expected) !== negate ? yes : no;
    };
  }
  if ('in' in condition) {
    const [a, b] = condition.in;
    if (typeof a === 'string') {
      // set attribute ∋ literal
      const name = (b as { var: string }).var;
      const { yes, no, unknown } = answers(name);
      const at = slotOf(name);
      return (scope) => {
        const v = at < 0 ? scope.attribute(name) : scope.attributeAt!(at, name);
        if (!Array.isArray(v)) return unknown;
        return v.includes(a) ? yes : no;
      };
    }
    const name = a.var;
    const allowed = resolve(b as string[] | string);
    const { yes, no, unknown } = answers(name);
    const at = slotOf(name);
    return (scope) => {
      const v = at < 0 ? scope.attribute(name) : scope.attributeAt!(at, name);
      if (typeof v !== 'string') return unknown;
      return allowed.has(v) ? yes : no;
    };
  }
  if ('intersects' in condition) {
    const name = condition.intersects[0].var;
    const wanted = resolve(condition.intersects[1]);
    const { yes, no, unknown } = answers(name);
    const at = slotOf(name);
    return (scope) => {
      const v = at < 0 ? scope.attribute(name) : scope.attributeAt!(at, name);
      if (!Array.isArray(v)) return unknown;
      for (let i = 0; i < v.length; i++) if (wanted.has(v[i]!)) return yes;
      return no;
    };
  }
  if ('before' in condition) {
    const [{ var: name }, limit] = condition.before;
    const { yes, no, unknown } = answers(name);
    const at = slotOf(name);
    return (scope) => {
      const v = at < 0 ? scope.attribute(name) : scope.attributeAt!(at, name);
      if (typeof v !== 'string') return unknown;
      // A partial date ("2027", "2027-12") is before the limit only if all of it is.
      const last = v.length === 4 ? `${v}-12-31` : v.length === 7 ? `${v}-${lastDay(v)}` : v;
      return last < limit ? yes : no;
    };
  }
  if ('fired' in condition) {
    const patterns = [condition.fired].flat();
    if (patterns.length === 1) {
      const pattern = patterns[0]!;
      return (scope) => scope.fired(pattern);
    }
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
  let missing: readonly string[] | undefined;
  for (const r of results) {
    if (r.value === true) return r;
    if (r.value === 'unknown') missing = union(missing ?? NONE, r.missing);
  }
  return missing ? { value: 'unknown', used: NONE, missing } : FALSE;
}

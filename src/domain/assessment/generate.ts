/**
 * The rules' conditions as straight-line JavaScript, made once per rule-set version: what
 * `classify` runs for every record of the compendium when stored assessments are refreshed.
 *
 * It gives each rule's *result* only (applies, undetermined or not at all, and which case), not
 * the facts behind it: three-valued logic as small integers (0 false, 1 true, 2 unknown), each
 * attribute read from an array of the record's values, each rule's result in a typed array that
 * the rules after it read for `fired` and `fired_outcome`. The full report (`assess`) needs the
 * facts a finding cites (`used`, `missing`), and gets them from the closures of condition.ts:
 * those lists are ordered (first appearance, in evaluation order), which a set of bits could not
 * give back, and running the generated code first as well made `assess` slower, not faster (the
 * rules that give a finding are most of the closures' work).
 *
 * The source is made here from the rule files and turned into functions with `new Function`. Its
 * inputs are our own rule files, validated against the rule-set schema and checked
 * (checkRulesets) before they are compiled, never user input; even so, every value from the files
 * enters the source as a JSON literal (`JSON.stringify`), and names only as numbers (slots,
 * positions), so that nothing in a rule file can become code.
 *
 * The results are those the closures give (Kleene's logic, `and`/`or` decided by their first
 * deciding part, a rule that comes later in dependency order counting as not fired):
 * classify.test.ts checks classify against assess on the worked examples and thousands of records
 * made from them, and the benchmark's --digest on every record it generates.
 */
import type { Condition } from './condition.ts';
import type { Outcome } from './ruleset.ts';

/** Result codes in `results`; a rule's fired value is its result code read as a truth value. */
export const NO = 0;
export const APPLIES = 1;
export const UNDETERMINED = 2;

/** What the generator needs of a compiled rule. */
export interface GeneratedRuleInput {
  /** Position of the rule set's gate in `gates`, when it has one that asks nothing of other rules. */
  sharedGate: number | undefined;
  /** The rule set's gate when it asks whether other rules fired (evaluated at the rule's position). */
  ownRulesetGate: Condition | undefined;
  ruleGate: Condition | undefined;
  cases: readonly { when: Condition; outcome: Outcome | null }[];
}

export interface GeneratedInput {
  rules: readonly GeneratedRuleInput[];
  /** Each rule set's gate, where one is shared by its rules (undefined otherwise). */
  gates: readonly (Condition | undefined)[];
  sets: Readonly<Record<string, readonly string[]>>;
  slots: ReadonlyMap<string, number>;
  /** Positions of the rules a reference (an id, or a prefix ending in `*`) names, in order. */
  refs: (ref: string) => readonly number[];
}

/**
 * Evaluates every rule for one record: `values` holds the record's attributes by slot (undefined:
 * unknown); on return `results[i]` is rule i's result code and `cases[i]` the case that gave it
 * (the first that holds, or while undetermined the first still open).
 */
export type GeneratedEvaluator = (values: readonly unknown[], results: Int8Array, cases: Int8Array) => void;

/** Up to this many values, a set is tested by comparisons in the source; beyond, with a Set. */
const INLINE_SET = 8;

/** Up to this many values a set attribute is tested for, its value is also kept as bits (one per value). */
const MASK_BITS = 31;

export function generateEvaluator(input: GeneratedInput): { evaluate: GeneratedEvaluator; source: string } {
  const constants: ReadonlySet<string>[] = [];
  let labels = 0;
  const slotOf = (name: string): number => {
    const slot = input.slots.get(name);
    if (slot === undefined) throw new Error(`attribute ${name} has no slot`);
    return slot;
  };
  const setValues = (s: readonly string[] | string): readonly string[] => {
    const list = typeof s === 'string' ? input.sets[s] : s;
    if (!list) throw new Error(`unknown set ${String(s)}`);
    return list;
  };

  // Set attributes (a list of values: capabilities, purpose…) are tested dozens of times per
  // record, each test a scan of the list. The values the rules test each one for are numbered
  // here; the evaluator turns the record's list into bits once (`M[slot]`, -1 when the list is
  // unknown) and each test is then a bit test. An attribute tested for more values than a 32-bit
  // integer holds keeps the scans.
  const tested = new Map<number, Set<string>>();
  const noteTested = (name: string, values: readonly string[]) => {
    const slot = slotOf(name);
    const set = tested.get(slot) ?? new Set<string>();
    for (const v of values) set.add(v);
    tested.set(slot, set);
  };
  const collect = (c: Condition | undefined): void => {
    if (c === undefined || typeof c === 'boolean') return;
    if ('and' in c) c.and.forEach(collect);
    else if ('or' in c) c.or.forEach(collect);
    else if ('!' in c) collect(c['!']);
    else if ('in' in c && typeof c.in[0] === 'string') noteTested((c.in[1] as { var: string }).var, [c.in[0]]);
    else if ('intersects' in c) noteTested(c.intersects[0].var, setValues(c.intersects[1]));
  };
  input.gates.forEach(collect);
  for (const rule of input.rules) {
    collect(rule.ownRulesetGate);
    collect(rule.ruleGate);
    for (const k of rule.cases) collect(k.when);
  }
  /** Slot → (value → its bit), for the set attributes kept as bits. */
  const bits = new Map<number, Map<string, number>>();
  for (const [slot, values] of tested) if (values.size <= MASK_BITS) bits.set(slot, new Map([...values].map((v, i) => [v, 1 << i])));
  const bitsOf = (slot: number, values: readonly string[]): number => {
    const of = bits.get(slot)!;
    let m = 0;
    for (const v of values) m |= of.get(v)!;
    return m;
  };
  /** An expression that is true when `x` (a string) is one of `list`. */
  const member = (x: string, list: readonly string[]): string => {
    const unique = [...new Set(list)];
    if (unique.length <= INLINE_SET) return unique.length ? unique.map((s) => `${x} === ${JSON.stringify(s)}`).join(' || ') : 'false';
    constants.push(new Set(unique));
    return `S[${constants.length - 1}].has(${x})`;
  };

  /** Statements that set `out` to the condition's value; `position` is the rule being evaluated (for `fired`). */
  function gen(condition: Condition, out: string, position: number, temp: () => string): string {
    if (typeof condition === 'boolean') return `${out} = ${condition ? 1 : 0};`;
    if ('and' in condition || 'or' in condition) {
      const isAnd = 'and' in condition;
      const parts = isAnd ? (condition as { and: Condition[] }).and : (condition as { or: Condition[] }).or;
      const decisive = isAnd ? 0 : 1;
      const label = `L${labels++}`;
      const x = temp();
      let s = `${out} = ${1 - decisive};\n${label}: {\n`;
      for (const part of parts) {
        s += gen(part, x, position, temp) + `\nif (${x} === ${decisive}) { ${out} = ${decisive}; break ${label}; }\nif (${x} === 2) ${out} = 2;\n`;
      }
      return s + '}';
    }
    if ('!' in condition) {
      const x = temp();
      return `${gen(condition['!'], x, position, temp)}\n${out} = ${x} === 2 ? 2 : 1 - ${x};`;
    }
    if ('==' in condition || '!=' in condition) {
      const negate = '!=' in condition;
      const [ref, expected] = negate ? (condition as { '!=': [{ var: string }, string | boolean] })['!='] : (condition as { '==': [{ var: string }, string | boolean] })['=='];
      const a = temp();
      return `${a} = values[${slotOf(ref.var)}];\n${out} = ${a} === undefined || Array.isArray(${a}) ? 2 : ${a} === ${JSON.stringify(expected)} ? ${negate ? 0 : 1} : ${negate ? 1 : 0};`;
    }
    if ('in' in condition) {
      const [left, right] = condition.in;
      const a = temp();
      if (typeof left === 'string') {
        // set attribute ∋ literal
        const slot = slotOf((right as { var: string }).var);
        if (bits.has(slot)) return `${a} = M[${slot}];\n${out} = ${a} < 0 ? 2 : (${a} & ${bitsOf(slot, [left])}) !== 0 ? 1 : 0;`;
        return `${a} = values[${slotOf((right as { var: string }).var)}];\n${out} = Array.isArray(${a}) ? (${a}.includes(${JSON.stringify(left)}) ? 1 : 0) : 2;`;
      }
      return `${a} = values[${slotOf(left.var)}];\n${out} = typeof ${a} !== 'string' ? 2 : (${member(a, setValues(right as string[] | string))}) ? 1 : 0;`;
    }
    if ('intersects' in condition) {
      const [ref, wanted] = condition.intersects;
      const a = temp();
      const slot = slotOf(ref.var);
      if (bits.has(slot)) return `${a} = M[${slot}];\n${out} = ${a} < 0 ? 2 : (${a} & ${bitsOf(slot, setValues(wanted))}) !== 0 ? 1 : 0;`;
      const k = temp();
      const e = temp();
      return (
        `${a} = values[${slotOf(ref.var)}];\n` +
        `if (!Array.isArray(${a})) ${out} = 2;\n` +
        `else { ${out} = 0; for (let ${k} = 0; ${k} < ${a}.length; ${k}++) { const ${e} = ${a}[${k}]; if (${member(e, setValues(wanted))}) { ${out} = 1; break; } } }`
      );
    }
    if ('before' in condition) {
      const [ref, limit] = condition.before;
      const a = temp();
      return `${a} = values[${slotOf(ref.var)}];\n${out} = typeof ${a} !== 'string' ? 2 : lastDayOf(${a}) < ${JSON.stringify(limit)} ? 1 : 0;`;
    }
    if ('fired' in condition) {
      // Kleene `or` over the rules named: a rule not yet evaluated (not before this one) has not fired.
      const named: number[] = [];
      for (const pattern of [condition.fired].flat()) {
        const refs = input.refs(pattern);
        const considered = pattern.endsWith('*') ? refs : refs.slice(0, 1);
        for (const j of considered) if (j < position && !named.includes(j)) named.push(j);
      }
      return firedAny(out, named.map((j) => `results[${j}]`));
    }
    // fired_outcome: the rules before this one whose result (applying or open) has that outcome.
    const outcome = condition.fired_outcome;
    const tests: string[] = [];
    for (let j = 0; j < position; j++) {
      const cases = input.rules[j]!.cases;
      const giving = cases.flatMap((c, k) => (c.outcome === outcome ? [k] : []));
      if (giving.length === 0) continue;
      const which = giving.length === cases.length ? '' : ` && (${giving.map((k) => `cases[${j}] === ${k}`).join(' || ')})`;
      tests.push(`(results[${j}] !== 0${which} ? results[${j}] : 0)`);
    }
    return firedAny(out, tests);
  }

  /** `out` = Kleene `or` of fired values (0 no, 1 applies, 2 open). */
  function firedAny(out: string, values: readonly string[]): string {
    if (values.length === 0) return `${out} = 0;`;
    let s = `${out} = 0;`;
    for (const v of values) s += `\nif (${out} !== 1) { const f = ${v}; if (f === 1) ${out} = 1; else if (f === 2) ${out} = 2; }`;
    return `{ ${s} }`;
  }

  // One function: the rule sets' shared gates, then every rule in dependency order, each in a
  // labelled block (a rule is decided: break). Temporaries are shared between the rules.
  let maxTemps = 0;
  const blocks: string[] = [];
  input.gates.forEach((gate, s) => {
    if (gate === undefined) return;
    let n = 0;
    const temp = () => `t${n++}`;
    blocks.push(`let g${s};\n${gen(gate, `g${s}`, 0, temp)}`);
    maxTemps = Math.max(maxTemps, n);
  });
  input.rules.forEach((rule, i) => {
    let n = 0;
    const temp = () => `t${n++}`;
    const exit = `break R${i};`;
    let body = '';
    // The gate: the rule set's (shared, or asked here), and the rule's own added (`and`).
    if (rule.ownRulesetGate !== undefined) body += gen(rule.ownRulesetGate, 'g', i, temp) + '\n';
    else body += `g = ${rule.sharedGate === undefined ? 1 : `g${rule.sharedGate}`};\n`;
    if (rule.ruleGate !== undefined) {
      const x = temp();
      body += `if (g !== 0) {\n${gen(rule.ruleGate, x, i, temp)}\ng = ${x} === 0 ? 0 : g === 1 && ${x} === 1 ? 1 : 2;\n}\n`;
    }
    body += `results[${i}] = 0; cases[${i}] = -1;\nif (g === 0) ${exit}\nopen = -1;\n`;
    rule.cases.forEach((c, k) => {
      const x = temp();
      body += `${gen(c.when, x, i, temp)}\nif (${x} !== 0) { if (${x} === 1 && g === 1) { results[${i}] = 1; cases[${i}] = ${k}; ${exit} } if (open < 0) open = ${k}; }\n`;
    });
    body += `if (open >= 0) { results[${i}] = 2; cases[${i}] = open; }`;
    blocks.push(`R${i}: {\n${body}\n}`);
    maxTemps = Math.max(maxTemps, n);
  });
  // The set attributes as bits, before any rule reads them.
  const masks = [...bits.keys()].map(
    (slot, n) => `v = values[${slot}];\nif (Array.isArray(v)) { m = 0; for (let k = 0; k < v.length; k++) m |= B[${n}].get(v[k]) ?? 0; M[${slot}] = m; } else M[${slot}] = -1;`,
  );
  const temps = Array.from({ length: maxTemps }, (_, k) => `, t${k}`).join('');
  const source =
    `'use strict';\nconst M = new Int32Array(${input.slots.size});\n` +
    `return function evaluate(values, results, cases) {\nlet v, m, g, open${temps};\n${masks.join('\n')}\n${blocks.join('\n')}\n};`;
  // Made from our own validated rule files, never from user input (see the comment at the top).
  const factory = new Function('S', 'B', 'lastDayOf', source) as (
    sets: readonly ReadonlySet<string>[],
    bits: readonly ReadonlyMap<string, number>[],
    lastDayOf: (date: string) => string,
  ) => GeneratedEvaluator;
  return { evaluate: factory(constants, [...bits.values()], lastDayOf), source };
}

/** The last day a partial date covers: "2027" → "2027-12-31", "2027-02" → "2027-02-28". */
export function lastDayOf(v: string): string {
  if (v.length === 4) return `${v}-12-31`;
  if (v.length !== 7) return v;
  const [y, m] = v.split('-').map(Number) as [number, number];
  return `${v}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

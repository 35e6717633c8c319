/**
 * The assessment engine: a pure function of (record, compiled rule sets, as-of date). It runs
 * every rule in dependency order, keeps "unknown" apart from "no" (a rule over an unknown fact is
 * undetermined, with the facts that would decide it), applies jurisdiction gates and dates, and
 * composes the report of rules-reference section 5: findings by kind, and the gaps where rights
 * bodies call for a ban on what binding law only regulates.
 *
 * It runs for every deployment of the compendium whenever a record or a rule set changes (a
 * million records in the benchmark), so the work that does not depend on the record is done once
 * when compiling, and the per-record work avoids scans and allocations: see docs/performance.md,
 * "Assessing the compendium". The report is the same as a plainer engine would give; the
 * benchmark's --digest checks that.
 */
import type { Source } from '../deployment.ts';
import { compileCondition, conditionReferences, union, type AttributeValue, type CompiledCondition, type Condition, type ConditionScope, type Evaluation } from './condition.ts';
import { attributeField, attributeSources, readAttribute, StatedAttributes, type AssessableRecord } from './attributes.ts';
import { dependencyOrder } from './check-rulesets.ts';
import { APPLIES, generateEvaluator, NO as NOT_AT_ALL, type GeneratedEvaluator } from './generate.ts';
import { BINDING_OUTCOMES, OUTCOMES, isBinding, matchesRuleRef, type Citation, type Definitions, type Outcome, type Rule, type Ruleset, type TextStatus } from './ruleset.ts';

interface CompiledRule {
  rule: Rule;
  ruleset: Ruleset;
  /** The rule set's jurisdiction gate, shared by its rules (evaluated once per record), or none. */
  rulesetGate: CompiledCondition | undefined;
  /** Position of the rule set in `rulesets`. */
  rulesetIndex: number;
  /** The gate asks nothing of other rules, so one evaluation per record serves all the set's rules. */
  rulesetGateShared: boolean;
  /** The rule's own gate, added to the rule set's. */
  ruleGate: CompiledCondition | undefined;
  /** Each case, with the note its finding gets when it applies. */
  cases: { when: CompiledCondition; outcome: Outcome | null; findingNote?: string }[];
  // Worked out once, when compiling, rather than for every record.
  binding: boolean;
  /** Positions (in `rules`) of the rules a transitional rule moves. */
  moves: readonly number[];
  fromStart: string;
  untilEnd: string | undefined;
  /** The finding's note while the rule is undetermined (a case's note holds only when it applies). */
  openNote: string | undefined;
}

/** An attribute not read yet, in a record's attribute values. */
const UNREAD = Symbol('unread');

export interface CompiledRules {
  rulesets: readonly Ruleset[];
  rules: readonly CompiledRule[];
  byId: ReadonlyMap<string, CompiledRule>;
  /** Rule reference (an id, or a prefix ending in `*`) → positions of the rules it names, in order. */
  refs: Map<string, readonly number[]>;
  /** Attribute name → its number, for every attribute a condition or a duty reads. */
  slots: ReadonlyMap<string, number>;
  /** Those of them read from `facts` and `safeguards`, in one pass per record. */
  stated: StatedAttributes;
  /**
   * A record's attribute values, by slot, for `evaluate`: filled anew for each record (reused from
   * one record to the next, like `results`: a classification is synchronous).
   */
  values: AttributeValue[];
  /** The same for the closures: those not read with `stated` are read when first asked for. */
  unread: readonly (AttributeValue | typeof UNREAD)[];
  /** Every rule's result for a record, from straight-line code made when compiling (generate.ts). */
  evaluate: GeneratedEvaluator;
  /** Where `evaluate` writes (reused from one record to the next: an assessment is synchronous). */
  results: Int8Array;
  cases: Int8Array;
  /**
   * Every (rule, case) that can give a finding, in report order but for applying before
   * undetermined: by outcome kind, then rule set, then rule order. Rule positions and case
   * indexes, side by side.
   */
  reportOrder: { rules: Int32Array; cases: Int32Array; ids: readonly string[]; outcomes: readonly Outcome[] };
}

/** Compiles rule sets that have passed checkRulesets. Do it once per rule-set version. */
export function compileRules(rulesets: readonly Ruleset[], definitions: Definitions): CompiledRules {
  const sets = definitions.sets;
  const owner = new Map<string, Ruleset>();
  for (const s of rulesets) for (const r of s.rules) owner.set(r.id, s);
  // Attributes are numbered as the conditions are compiled: a record's values are kept in an array.
  const slots = new Map<string, number>();
  const rulesetGates = new Map(rulesets.map((s) => [s, s.jurisdiction.gate === undefined ? undefined : compileCondition(s.jurisdiction.gate, sets, slots)]));
  const ordered = dependencyOrder(rulesets.flatMap((s) => s.rules));
  const rules = ordered.map((rule): CompiledRule => {
    const ruleset = owner.get(rule.id)!;
    const cases = rule.cases
      ? rule.cases.map((c) => ({ when: compileCondition(c.when, sets, slots), outcome: c.outcome, findingNote: findingNote(c.note, rule.note) }))
      : [{ when: compileCondition(rule.trigger!, sets, slots), outcome: rule.outcome ?? null, findingNote: findingNote(undefined, rule.note) }];
    for (const name of rule.duty?.requires ?? []) if (!slots.has(name)) slots.set(name, slots.size);
    const modifies = rule.modifies?.rules ?? [];
    return {
      rule,
      ruleset,
      rulesetGate: rulesetGates.get(ruleset),
      rulesetGateShared: ruleset.jurisdiction.gate === undefined || !refersToRules(ruleset.jurisdiction.gate),
      rulesetIndex: rulesets.indexOf(ruleset),
      ruleGate: rule.gate === undefined ? undefined : compileCondition(rule.gate, sets, slots),
      cases,
      binding: isBinding(rule, ruleset),
      moves: modifies.length ? ordered.flatMap((target, i) => (modifies.some((r) => matchesRuleRef(target.id, r)) ? [i] : [])) : [],
      fromStart: startOf(rule.applies_from),
      untilEnd: rule.applies_until === undefined ? undefined : endOf(rule.applies_until),
      openNote: findingNote(undefined, rule.note),
    };
  });
  const stated = new StatedAttributes(slots);
  const compiled: CompiledRules = {
    rulesets,
    rules,
    byId: new Map(rules.map((r) => [r.rule.id, r])),
    refs: new Map(),
    slots,
    stated,
    values: new Array<AttributeValue>(slots.size).fill(undefined),
    unread: [...slots.keys()].map((name) => (stated.has(name) ? undefined : UNREAD)),
    evaluate: () => undefined,
    results: new Int8Array(rules.length),
    cases: new Int8Array(rules.length),
    reportOrder: reportOrder(rules, rulesets.length),
  };
  // The rules each `fired` reference names, so that a record's assessment does not scan them all.
  for (const r of ordered) {
    for (const c of [r.gate, r.trigger, ...(r.cases ?? []).map((k) => k.when)]) {
      if (c !== undefined) for (const ref of conditionReferences(c).rules) ruleRefs(compiled, ref);
    }
  }
  compiled.evaluate = generateEvaluator({
    rules: rules.map((c) => {
      const gate = c.ruleset.jurisdiction.gate;
      return {
        sharedGate: gate !== undefined && c.rulesetGateShared ? c.rulesetIndex : undefined,
        ownRulesetGate: gate !== undefined && !c.rulesetGateShared ? gate : undefined,
        ruleGate: c.rule.gate,
        cases: c.rule.cases ? c.rule.cases.map((k) => ({ when: k.when, outcome: k.outcome })) : [{ when: c.rule.trigger!, outcome: c.rule.outcome ?? null }],
      };
    }),
    gates: rulesets.map((s) => (s.jurisdiction.gate !== undefined && !refersToRules(s.jurisdiction.gate) ? s.jurisdiction.gate : undefined)),
    sets,
    slots,
    refs: (ref) => ruleRefs(compiled, ref),
  }).evaluate;
  return compiled;
}

function reportOrder(rules: readonly CompiledRule[], setCount: number): CompiledRules['reportOrder'] {
  const entries = rules.flatMap((c, i) => c.cases.flatMap((k, n) => (k.outcome === null ? [] : [{ i, n, key: OUTCOME_RANK.get(k.outcome)! * setCount + c.rulesetIndex }])));
  entries.sort((a, b) => a.key - b.key || a.i - b.i || a.n - b.n);
  return {
    rules: Int32Array.from(entries, (e) => e.i),
    cases: Int32Array.from(entries, (e) => e.n),
    // The rule's id and the case's outcome, beside them, for classify.
    ids: entries.map((e) => rules[e.i]!.rule.id),
    outcomes: entries.map((e) => rules[e.i]!.cases[e.n]!.outcome!),
  };
}

/** A finding's note: the case's (when it applies), then the rule's. */
function findingNote(caseNote: string | undefined, ruleNote: string | undefined): string | undefined {
  const parts = [caseNote, ruleNote].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

function refersToRules(c: Condition): boolean {
  const refs = conditionReferences(c);
  return refs.rules.size > 0 || refs.outcomes.size > 0;
}

/** Positions of the rules a reference names (memoised on the compiled rules). */
function ruleRefs(compiled: CompiledRules, ref: string): readonly number[] {
  let found = compiled.refs.get(ref);
  if (!found) {
    found = compiled.rules.flatMap((c, i) => (matchesRuleRef(c.rule.id, ref) ? [i] : []));
    compiled.refs.set(ref, found);
  }
  return found;
}

export type DutyStatus = 'met' | 'unmet' | 'unknown';

export interface FactEvidence {
  fact: string;
  value: Exclude<AttributeValue, undefined>;
  sources: Pick<Source, 'id' | 'title' | 'url'>[];
}

export interface Finding {
  rule_id: string;
  ruleset: string;
  title: string;
  binding: boolean;
  outcome: Outcome;
  result: 'applies' | 'undetermined';
  duty_status?: DutyStatus;
  in_force: {
    /** Was the rule in force at some time during the deployment's period? null: period unknown. */
    at_period: boolean | null;
    at_as_of: boolean;
    from: string;
    from_original?: string;
    /** A transitional rule that moved `from`. */
    moved_by?: string;
    until?: string;
  };
  because: FactEvidence[];
  missing: string[];
  citation: Citation;
  text: string;
  text_status: TextStatus;
  note?: string;
  date_note?: string;
  related: string[];
}

export interface Gap {
  /** The recommendation that calls for a ban. */
  ban_rule: string;
  ban_ruleset: string;
  /** The binding rules that apply instead, and the strongest of their outcomes. */
  binding_rules: string[];
  binding_outcome: Outcome;
}

export interface Assessment {
  as_of: string;
  rulesets: { id: string; version: string }[];
  findings: Finding[];
  gaps: Gap[];
}

interface RuleState {
  result: 'applies' | 'undetermined' | 'no';
  outcome: Outcome | null;
  evaluation: Evaluation;
  /** What `fired` says of this rule to the rules that depend on it. */
  fired: Evaluation;
  /** The finding's note. */
  note?: string;
}

const NONE: readonly string[] = [];
const NOT_FIRED: Evaluation = Object.freeze({ value: false, used: NONE, missing: NONE });
/** The gate of a rule that has none. */
const ALWAYS: Evaluation = Object.freeze({ value: true, used: NONE, missing: NONE });
const NO: RuleState = Object.freeze({ result: 'no', outcome: null, evaluation: NOT_FIRED, fired: NOT_FIRED });

/** Kleene `and` of two evaluations. */
function and2(a: Evaluation, b: Evaluation): Evaluation {
  if (a.value === false) return a;
  if (b.value === false) return b;
  const used = union(a.used, b.used);
  if (a.value === true && b.value === true) return { value: true, used, missing: NONE };
  return { value: 'unknown', used, missing: union(a.missing, b.missing) };
}

function evaluateRule(c: CompiledRule, scope: ConditionScope, gate: Evaluation): RuleState {
  if (gate.value === false) return NO;
  let firstOpen: { outcome: Outcome | null } | undefined;
  let openUsed = NONE;
  let openMissing = NONE;
  for (const k of c.cases) {
    const e = and2(gate, k.when(scope));
    if (e.value === true) {
      // Facts that could still raise the outcome (an earlier, more severe case) stay listed as missing.
      return { result: 'applies', outcome: k.outcome, note: k.findingNote, evaluation: { value: true, used: e.used, missing: openMissing }, fired: { value: true, used: e.used, missing: NONE } };
    }
    if (e.value === 'unknown') {
      firstOpen ??= k;
      openUsed = union(openUsed, e.used);
      openMissing = union(openMissing, e.missing);
    }
  }
  if (!firstOpen) return NO;
  return {
    result: 'undetermined',
    outcome: firstOpen.outcome,
    note: c.openNote,
    evaluation: { value: 'unknown', used: openUsed, missing: openMissing },
    fired: { value: 'unknown', used: NONE, missing: openMissing },
  };
}

function dutyStatus(rule: Rule, attribute: (name: string) => AttributeValue): DutyStatus {
  const values = (rule.duty?.requires ?? []).map(attribute);
  if (values.length === 0) return 'unknown';
  if (values.some((v) => v === false)) return 'unmet';
  return values.every((v) => v === true) ? 'met' : 'unknown';
}

/** Partial dates compared as ranges: "2019-08" starts on 2019-08-01 and ends after 2019-08-31. */
const startOf = (d: string) => (d + '-01-01').slice(0, 10);
const endOf = (d: string) => (d + '-99-99').slice(0, 10);

/** What the in-force check needs of a record's period, worked out once per record. */
interface Period {
  /** null: the period is unknown, or open and the record does not say it is still in use. */
  end: string | null;
  start: string | undefined;
}

function periodOf(record: AssessableRecord, asOf: string): Period {
  const period = record.period;
  if (!period || (!period.start && !period.end)) return { end: null, start: undefined };
  // An open end means "still going" for a record that says it is in use; otherwise unknown.
  const ongoing = record.status === undefined || ['active', 'pilot', 'proposed', 'suspended'].includes(record.status);
  return { end: period.end ? endOf(period.end) : ongoing ? asOf : null, start: period.start ? startOf(period.start) : undefined };
}

/** Was the rule in force at some time during the period? null when the period is unknown. */
function appliedDuringPeriod(period: Period, fromStart: string, untilEnd: string | undefined): boolean | null {
  if (period.end === null) return null;
  if (fromStart > period.end) return false;
  if (untilEnd !== undefined && period.start !== undefined && untilEnd < period.start) return false;
  return true;
}

type EvidenceSource = FactEvidence['sources'][number];

/** A record's attribute values, by slot (undefined: unknown), in the compiled rules' reused array. */
function readValues(record: AssessableRecord, compiled: CompiledRules): AttributeValue[] {
  const values = compiled.values;
  compiled.stated.readAll(record, values);
  return values;
}

/**
 * Every rule's state for a record, in rule order, with the facts behind it (`used`, `missing`),
 * and the record's attributes as the rules read them: the compiled closures of condition.ts, run
 * for every rule. The report needs the lists, which the generated code does not keep; the
 * closures give the same results (classify.test.ts, and the benchmark's --digest, check that).
 */
function evaluateRules(record: AssessableRecord, compiled: CompiledRules): { states: RuleState[]; attribute: (name: string) => AttributeValue } {
  const rules = compiled.rules;
  const n = rules.length;
  // Indexed like `rules`; a rule not yet evaluated has no state.
  const states: (RuleState | undefined)[] = new Array(n);
  // Each attribute is read from the record once, into its slot.
  const slots = compiled.slots;
  const values = compiled.unread.slice();
  compiled.stated.read(record, values as AttributeValue[]);
  const attributeAt = (slot: number, name: string): AttributeValue => {
    let v = values[slot];
    if (v === UNREAD) values[slot] = v = readAttribute(record, name);
    return v;
  };
  const attribute = (name: string): AttributeValue => {
    const slot = slots.get(name);
    return slot === undefined ? readAttribute(record, name) : attributeAt(slot, name);
  };
  const scope: ConditionScope = {
    attribute,
    attributeAt,
    fired(pattern) {
      // The positions a reference names were found when compiling; a rule not yet evaluated (one
      // that comes later in dependency order) counts as not fired, as before.
      const refs = ruleRefs(compiled, pattern);
      if (!pattern.endsWith('*')) return refs.length ? (states[refs[0]!]?.fired ?? NOT_FIRED) : NOT_FIRED;
      let missing: readonly string[] | undefined;
      for (let i = 0; i < refs.length; i++) {
        const f = states[refs[i]!]?.fired;
        if (f === undefined) continue;
        if (f.value === true) return f;
        if (f.value === 'unknown') missing = union(missing ?? NONE, f.missing);
      }
      return missing ? { value: 'unknown', used: NONE, missing } : NOT_FIRED;
    },
    firedOutcome(outcome) {
      let missing: readonly string[] | undefined;
      for (let i = 0; i < n; i++) {
        const s = states[i];
        if (s === undefined || s.outcome !== outcome) continue;
        if (s.fired.value === true) return s.fired;
        if (s.fired.value === 'unknown') missing = union(missing ?? NONE, s.fired.missing);
      }
      return missing ? { value: 'unknown', used: NONE, missing } : NOT_FIRED;
    },
  };

  // A rule set's gate is the same for all its rules: evaluated once per record, unless it asks
  // whether other rules fired (then its answer depends on where it is asked).
  const gates: (Evaluation | undefined)[] = new Array(compiled.rulesets.length);
  for (let i = 0; i < n; i++) {
    const c = rules[i]!;
    let gate: Evaluation = ALWAYS;
    if (c.rulesetGate) gate = c.rulesetGateShared ? (gates[c.rulesetIndex] ??= c.rulesetGate(scope)) : c.rulesetGate(scope);
    // The rule's own gate is added to the rule set's (`and`; not needed once that one is false).
    if (c.ruleGate && gate.value !== false) gate = c.rulesetGate ? and2(gate, c.ruleGate(scope)) : c.ruleGate(scope);
    states[i] = evaluateRule(c, scope, gate);
  }
  return { states: states as RuleState[], attribute };
}

/**
 * Assesses one record against compiled rule sets as at a date (YYYY-MM-DD). No I/O.
 *
 * The report is plain data to be read: parts of it (rule texts and citations, the lists of facts,
 * the sources behind a field) are shared with the compiled rules or between its findings.
 */
export function assess(record: AssessableRecord, compiled: CompiledRules, asOf: string): Assessment {
  const rules = compiled.rules;
  const n = rules.length;
  const { states, attribute } = evaluateRules(record, compiled);
  let modifying = false;
  for (let i = 0; i < n; i++) if (rules[i]!.moves.length && states[i]!.result === 'applies') modifying = true;

  // Transitional rules move the dates of the rules they name (AI Act Art. 111).
  let moved: ({ from: string; fromStart: string; by: string } | undefined)[] | undefined;
  if (modifying) {
    moved = new Array(n);
    for (let i = 0; i < n; i++) {
      const c = rules[i]!;
      const m = c.rule.modifies;
      if (!m || states[i]!.result !== 'applies') continue;
      const fromStart = startOf(m.applies_from);
      for (const t of c.moves) {
        const prev = moved[t];
        if (!prev || fromStart > prev.fromStart) moved[t] = { from: m.applies_from, fromStart, by: c.rule.id };
      }
    }
  }

  const period = periodOf(record, asOf);
  // A fact's evidence is the same in every finding of the report: made once, and shared. So are
  // the sources behind each record field.
  const sourcesOf = new Map<string, EvidenceSource[]>();
  const evidenceOf = new Map<string, FactEvidence>();
  const evidence = (fact: string): FactEvidence => {
    let e = evidenceOf.get(fact);
    if (e) return e;
    const field = attributeField(fact);
    let sources = sourcesOf.get(field);
    if (!sources) {
      sources = attributeSources(record, fact).map((s) => (s.url ? { id: s.id, title: s.title, url: s.url } : { id: s.id, title: s.title }));
      sourcesOf.set(field, sources);
    }
    // "unknown" rather than undefined, so JSON readers see the fact was looked at.
    e = { fact, value: attribute(fact) ?? 'unknown', sources };
    evidenceOf.set(fact, e);
    return e;
  };

  // Findings in report order: by outcome kind, applying before undetermined, then by rule set,
  // and otherwise in rule order (an insertion sort on a number: a report has about a dozen).
  const findings: Finding[] = [];
  const keys: number[] = [];
  const setCount = compiled.rulesets.length;
  for (let i = 0; i < n; i++) {
    const s = states[i]!;
    if (s.result === 'no' || s.outcome === null) continue;
    const c = rules[i]!;
    const rule = c.rule;
    const move = moved?.[i];
    const fromStart = move ? move.fromStart : c.fromStart;
    const used = s.evaluation.used;
    const because: FactEvidence[] = [];
    for (let k = 0; k < used.length; k++) because.push(evidence(used[k]!));
    let duty: DutyStatus | undefined;
    if (s.outcome === 'duty') {
      duty = dutyStatus(rule, attribute);
      for (const req of rule.duty?.requires ?? []) if (!because.some((b) => b.fact === req)) because.push(evidence(req));
    }
    const f = finding(c, s, duty, inForce(c, move, appliedDuringPeriod(period, fromStart, c.untilEnd), fromStart <= asOf && (c.untilEnd === undefined || asOf <= c.untilEnd)), because);
    const key = (OUTCOME_RANK.get(s.outcome)! * 2 + Number(s.result === 'undetermined')) * setCount + c.rulesetIndex;
    let at = findings.length;
    findings.push(f);
    keys.push(key);
    while (at > 0 && keys[at - 1]! > key) {
      findings[at] = findings[at - 1]!;
      keys[at] = keys[at - 1]!;
      at--;
    }
    findings[at] = f;
    keys[at] = key;
  }
  return {
    as_of: asOf,
    rulesets: compiled.rulesets.map((r) => ({ id: r.id, version: r.version })),
    findings,
    gaps: findGaps(findings),
  };
}

/** What a stored assessment keeps of a record's report (see refreshAssessments). */
export interface Classification {
  /** The rules that apply, in report order. */
  rules: string[];
  /** The rules that are undetermined, in report order. */
  open: string[];
  /** The outcome kinds of the rules that apply, most severe first, each once. */
  outcomes: Outcome[];
}

/**
 * What `assess` would say of a record, reduced to what a stored assessment keeps: the ids of the
 * rules that apply and of those that are undetermined, in the order of the report's findings,
 * and the outcome kinds that apply. It evaluates the rules and stops there (no evidence, dates,
 * notes or gaps), which is what refreshing the stored assessments of the compendium needs. The
 * as-of date does not change which rules apply, so it takes none.
 */
export function classify(record: AssessableRecord, compiled: CompiledRules): Classification {
  compiled.evaluate(readValues(record, compiled), compiled.results, compiled.cases);
  const results = compiled.results;
  const cases = compiled.cases;
  // Report order was worked out when compiling: a rule is listed where its result's case stands.
  const { rules: orderRules, cases: orderCases, ids, outcomes: orderOutcomes } = compiled.reportOrder;
  const ruleIds: string[] = [];
  const openIds: string[] = [];
  const outcomes: Outcome[] = [];
  let last: Outcome | undefined;
  for (let k = 0; k < orderRules.length; k++) {
    const i = orderRules[k]!;
    const result = results[i];
    if (result === NOT_AT_ALL || cases[i] !== orderCases[k]) continue;
    if (result === APPLIES) {
      ruleIds.push(ids[k]!);
      const outcome = orderOutcomes[k]!;
      if (last !== outcome) outcomes.push((last = outcome));
    } else openIds.push(ids[k]!);
  }
  return { rules: ruleIds, open: openIds, outcomes };
}

/**
 * A finding, and its `in_force`, made as one object literal each with the optional properties
 * that are present, in the order the report has always had them: adding properties one by one
 * makes V8 grow the object several times, and a report has a dozen findings.
 */
function inForce(c: CompiledRule, move: { from: string; by: string } | undefined, atPeriod: boolean | null, atAsOf: boolean): Finding['in_force'] {
  const rule = c.rule;
  const from = move ? move.from : rule.applies_from;
  const original = rule.applies_from_original;
  const until = rule.applies_until;
  if (original === undefined && move === undefined && until === undefined) return { at_period: atPeriod, at_as_of: atAsOf, from };
  return {
    at_period: atPeriod,
    at_as_of: atAsOf,
    from,
    ...(original ? { from_original: original } : {}),
    ...(move ? { moved_by: move.by } : {}),
    ...(until ? { until } : {}),
  };
}

function finding(c: CompiledRule, s: RuleState, duty: DutyStatus | undefined, in_force: Finding['in_force'], because: FactEvidence[]): Finding {
  const rule = c.rule;
  const outcome = s.outcome!;
  const result = s.result as Finding['result'];
  const missing = s.evaluation.missing.slice();
  const related = rule.related ?? [];
  // A case's note says why this outcome; it holds only when the case does (not while open).
  const note = s.note;
  const dateNote = rule.date_note;
  const { id: rule_id, title, citation, text, text_status } = rule;
  const ruleset = c.ruleset.id;
  const binding = c.binding;
  if (duty === undefined) {
    if (note === undefined) {
      return dateNote === undefined
        ? { rule_id, ruleset, title, binding, outcome, result, in_force, because, missing, citation, text, text_status, related }
        : { rule_id, ruleset, title, binding, outcome, result, in_force, because, missing, citation, text, text_status, date_note: dateNote, related };
    }
    return dateNote === undefined
      ? { rule_id, ruleset, title, binding, outcome, result, in_force, because, missing, citation, text, text_status, note, related }
      : { rule_id, ruleset, title, binding, outcome, result, in_force, because, missing, citation, text, text_status, note, date_note: dateNote, related };
  }
  const duty_status = duty;
  if (note === undefined) {
    return dateNote === undefined
      ? { rule_id, ruleset, title, binding, outcome, result, duty_status, in_force, because, missing, citation, text, text_status, related }
      : { rule_id, ruleset, title, binding, outcome, result, duty_status, in_force, because, missing, citation, text, text_status, date_note: dateNote, related };
  }
  return dateNote === undefined
    ? { rule_id, ruleset, title, binding, outcome, result, duty_status, in_force, because, missing, citation, text, text_status, note, related }
    : { rule_id, ruleset, title, binding, outcome, result, duty_status, in_force, because, missing, citation, text, text_status, note, date_note: dateNote, related };
}

const OUTCOME_RANK = new Map<string, number>(OUTCOMES.map((o, i) => [o, i]));

/**
 * "The law permits it; rights bodies call for a ban": a recommendation calls for a ban, and the
 * binding rules related to it that apply only regulate (high-risk obligations, duties).
 */
export function findGaps(findings: readonly Finding[]): Gap[] {
  const applying = findings.filter((f) => f.result === 'applies');
  const gaps: Gap[] = [];
  for (const ban of applying) {
    if (ban.binding || ban.outcome !== 'ban_called_for') continue;
    const linked = applying.filter(
      (f) => f.binding && BINDING_OUTCOMES.includes(f.outcome) && (ban.related.includes(f.rule_id) || f.related.includes(ban.rule_id)),
    );
    if (linked.length === 0 || linked.some((f) => f.outcome === 'prohibited')) continue;
    const strongest = OUTCOMES.find((o) => linked.some((f) => f.outcome === o))!;
    gaps.push({ ban_rule: ban.rule_id, ban_ruleset: ban.ruleset, binding_rules: linked.map((f) => f.rule_id), binding_outcome: strongest });
  }
  return gaps;
}

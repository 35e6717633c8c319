/**
 * The assessment engine: a pure function of (record, compiled rule sets, as-of date). It runs
 * every rule in dependency order, keeps "unknown" apart from "no" (a rule over an unknown fact is
 * undetermined, with the facts that would decide it), applies jurisdiction gates and dates, and
 * composes the report of rules-reference section 5: findings by kind, and the gaps where rights
 * bodies call for a ban on what binding law only regulates.
 */
import type { Source } from '../deployment.ts';
import { anyOf, compileCondition, type AttributeValue, type CompiledCondition, type Condition, type Evaluation } from './condition.ts';
import { attributeSources, readAttribute, type AssessableRecord } from './attributes.ts';
import { dependencyOrder } from './check-rulesets.ts';
import { BINDING_OUTCOMES, OUTCOMES, isBinding, matchesRuleRef, type Citation, type Definitions, type Outcome, type Rule, type Ruleset, type TextStatus } from './ruleset.ts';

interface CompiledRule {
  rule: Rule;
  ruleset: Ruleset;
  gate: CompiledCondition;
  cases: { when: CompiledCondition; outcome: Outcome | null; note?: string }[];
}

export interface CompiledRules {
  rulesets: readonly Ruleset[];
  rules: readonly CompiledRule[];
  byId: ReadonlyMap<string, CompiledRule>;
}

/** Compiles rule sets that have passed checkRulesets. Do it once per rule-set version. */
export function compileRules(rulesets: readonly Ruleset[], definitions: Definitions): CompiledRules {
  const sets = definitions.sets;
  const owner = new Map<string, Ruleset>();
  for (const s of rulesets) for (const r of s.rules) owner.set(r.id, s);
  const rules = dependencyOrder(rulesets.flatMap((s) => s.rules)).map((rule): CompiledRule => {
    const ruleset = owner.get(rule.id)!;
    const gates = [ruleset.jurisdiction.gate, rule.gate].filter((c): c is Condition => c !== undefined);
    const cases = rule.cases
      ? rule.cases.map((c) => ({ when: compileCondition(c.when, sets), outcome: c.outcome, note: c.note }))
      : [{ when: compileCondition(rule.trigger!, sets), outcome: rule.outcome ?? null }];
    return { rule, ruleset, gate: compileCondition(gates.length ? { and: gates } : true, sets), cases };
  });
  return { rulesets, rules, byId: new Map(rules.map((r) => [r.rule.id, r])) };
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
  note?: string;
}

const NOT_FIRED: Evaluation = { value: false, used: [], missing: [] };

function and2(a: Evaluation, b: Evaluation): Evaluation {
  if (a.value === false) return a;
  if (b.value === false) return b;
  const used = [...new Set([...a.used, ...b.used])];
  if (a.value === true && b.value === true) return { value: true, used, missing: [] };
  return { value: 'unknown', used, missing: [...new Set([...a.missing, ...b.missing])] };
}

function evaluateRule(c: CompiledRule, scope: Parameters<CompiledCondition>[0]): RuleState {
  const gate = c.gate(scope);
  if (gate.value === false) return { result: 'no', outcome: null, evaluation: NOT_FIRED };
  let firstOpen: { outcome: Outcome | null; note?: string } | undefined;
  const open: Evaluation[] = [];
  for (const k of c.cases) {
    const e = and2(gate, k.when(scope));
    if (e.value === true) {
      // Facts that could still raise the outcome (an earlier, more severe case) stay listed as missing.
      const missing = [...new Set(open.flatMap((o) => o.missing))];
      return { result: 'applies', outcome: k.outcome, note: k.note, evaluation: { value: true, used: e.used, missing } };
    }
    if (e.value === 'unknown') {
      firstOpen ??= k;
      open.push(e);
    }
  }
  if (!firstOpen) return { result: 'no', outcome: null, evaluation: NOT_FIRED };
  const missing = [...new Set(open.flatMap((o) => o.missing))];
  const used = [...new Set(open.flatMap((o) => o.used))];
  return { result: 'undetermined', outcome: firstOpen.outcome, note: firstOpen.note, evaluation: { value: 'unknown', used, missing } };
}

function dutyStatus(rule: Rule, record: AssessableRecord): DutyStatus {
  const values = (rule.duty?.requires ?? []).map((s) => readAttribute(record, s));
  if (values.length === 0) return 'unknown';
  if (values.some((v) => v === false)) return 'unmet';
  return values.every((v) => v === true) ? 'met' : 'unknown';
}

/** Partial dates compared as ranges: "2019-08" starts on 2019-08-01 and ends after 2019-08-31. */
const startOf = (d: string) => (d + '-01-01').slice(0, 10);
const endOf = (d: string) => (d + '-99-99').slice(0, 10);

function appliedDuringPeriod(record: AssessableRecord, from: string, until: string | undefined, asOf: string): boolean | null {
  const period = record.period;
  if (!period || (!period.start && !period.end)) return null;
  // An open end means "still going" for a record that says it is in use; otherwise unknown.
  const ongoing = record.status === undefined || ['active', 'pilot', 'proposed', 'suspended'].includes(record.status);
  const end = period.end ? endOf(period.end) : ongoing ? asOf : null;
  if (end === null) return null;
  if (startOf(from) > end) return false;
  if (until && period.start && endOf(until) < startOf(period.start)) return false;
  return true;
}

function evidence(record: AssessableRecord, facts: readonly string[]): FactEvidence[] {
  return facts.map((fact) => ({
    fact,
    // "unknown" rather than undefined, so JSON readers see the fact was looked at.
    value: readAttribute(record, fact) ?? 'unknown',
    sources: attributeSources(record, fact).map((s) => ({ id: s.id, title: s.title, ...(s.url ? { url: s.url } : {}) })),
  }));
}

function notes(s: RuleState, rule: Rule): string | undefined {
  const parts = [s.result === 'applies' ? s.note : undefined, rule.note].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

/** Assesses one record against compiled rule sets as at a date (YYYY-MM-DD). No I/O. */
export function assess(record: AssessableRecord, compiled: CompiledRules, asOf: string): Assessment {
  const states = new Map<string, RuleState>();
  const attributes = new Map<string, AttributeValue>();
  const firedEvaluation = (s: RuleState | undefined): Evaluation =>
    !s || s.result === 'no' ? NOT_FIRED : s.result === 'applies' ? { value: true, used: s.evaluation.used, missing: [] } : { value: 'unknown', used: [], missing: s.evaluation.missing };
  const scope = {
    attribute(name: string) {
      if (!attributes.has(name)) attributes.set(name, readAttribute(record, name));
      return attributes.get(name);
    },
    fired(pattern: string) {
      if (!pattern.endsWith('*')) return firedEvaluation(states.get(pattern));
      return anyOf([...states].filter(([id]) => matchesRuleRef(id, pattern)).map(([, s]) => firedEvaluation(s)));
    },
    firedOutcome(outcome: string) {
      return anyOf([...states.values()].filter((s) => s.outcome === outcome).map(firedEvaluation));
    },
  };

  for (const c of compiled.rules) states.set(c.rule.id, evaluateRule(c, scope));

  // Transitional rules move the dates of the rules they name (AI Act Art. 111).
  const moved = new Map<string, { from: string; by: string }>();
  for (const c of compiled.rules) {
    const m = c.rule.modifies;
    if (!m || states.get(c.rule.id)!.result !== 'applies') continue;
    for (const target of compiled.rules) {
      if (!m.rules.some((r) => matchesRuleRef(target.rule.id, r))) continue;
      const prev = moved.get(target.rule.id);
      if (!prev || startOf(m.applies_from) > startOf(prev.from)) moved.set(target.rule.id, { from: m.applies_from, by: c.rule.id });
    }
  }

  const findings: Finding[] = [];
  for (const c of compiled.rules) {
    const s = states.get(c.rule.id)!;
    if (s.result === 'no' || s.outcome === null) continue;
    const rule = c.rule;
    const move = moved.get(rule.id);
    const from = move?.from ?? rule.applies_from;
    const because = [...s.evaluation.used];
    const duty = s.outcome === 'duty' ? dutyStatus(rule, record) : undefined;
    if (duty) for (const req of rule.duty?.requires ?? []) if (!because.includes(req)) because.push(req);
    findings.push({
      rule_id: rule.id,
      ruleset: c.ruleset.id,
      title: rule.title,
      binding: isBinding(rule, c.ruleset),
      outcome: s.outcome,
      result: s.result,
      ...(duty ? { duty_status: duty } : {}),
      in_force: {
        at_period: appliedDuringPeriod(record, from, rule.applies_until, asOf),
        at_as_of: startOf(from) <= asOf && (!rule.applies_until || asOf <= endOf(rule.applies_until)),
        from,
        ...(rule.applies_from_original ? { from_original: rule.applies_from_original } : {}),
        ...(move ? { moved_by: move.by } : {}),
        ...(rule.applies_until ? { until: rule.applies_until } : {}),
      },
      because: evidence(record, because),
      missing: [...s.evaluation.missing],
      citation: rule.citation,
      text: rule.text,
      text_status: rule.text_status,
      // A case's note says why this outcome; it holds only when the case does (not while open).
      ...(notes(s, rule) ? { note: notes(s, rule) } : {}),
      ...(rule.date_note ? { date_note: rule.date_note } : {}),
      related: rule.related ?? [],
    });
  }
  const position = new Map(compiled.rulesets.map((r, i) => [r.id, i]));
  findings.sort(
    (a, b) =>
      OUTCOMES.indexOf(a.outcome) - OUTCOMES.indexOf(b.outcome) ||
      Number(a.result === 'undetermined') - Number(b.result === 'undetermined') ||
      position.get(a.ruleset)! - position.get(b.ruleset)!,
  );
  return {
    as_of: asOf,
    rulesets: compiled.rulesets.map((r) => ({ id: r.id, version: r.version })),
    findings,
    gaps: findGaps(findings),
  };
}

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

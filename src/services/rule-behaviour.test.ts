/**
 * Every rule, tested on its own: it fires (in one of the worked examples), it does not fire when
 * a fact it relies on is the opposite, it is undetermined when that fact is unknown, it gives no
 * finding outside its jurisdiction, and it is in force only from its date. The cases are made
 * from the worked example in which the rule fires, by changing one fact at a time, so a new rule
 * is covered as soon as one example shows it firing.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assess, type Finding } from '../domain/assessment/engine.ts';
import type { AssessableRecord } from '../domain/assessment/attributes.ts';
import type { Rule, Ruleset } from '../domain/assessment/ruleset.ts';
import { buildPartialDeploymentSchema } from '../domain/deployment.ts';
import type { Vocabularies } from '../domain/vocabulary.ts';
import { loadExamples } from '../files/rulesets.ts';
import { loadVocabularies } from '../files/vocabularies.ts';
import { loadRuleBook, type RuleBook } from './assessment.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Firing {
  record: AssessableRecord;
  asOf: string;
  finding: Finding;
}

/** A copy of a record with one attribute changed (`undefined`: made unknown). */
function withAttribute(record: AssessableRecord, attribute: string, value: unknown): AssessableRecord {
  const copy = structuredClone(record) as Record<string, any>;
  const set = (obj: Record<string, any>, key: string) => {
    if (value === undefined) delete obj[key];
    else obj[key] = value;
  };
  const derived: Record<string, string> = { jurisdictions: 'countries', in_eu: 'countries', domain: 'domains', capabilities: 'capabilities', deployer_type: 'deployer_type', status: 'status' };
  if (derived[attribute]) set(copy, derived[attribute]);
  else if (attribute.startsWith('safeguards.')) set((copy.safeguards ??= {}), attribute.slice('safeguards.'.length));
  else {
    const [head, tail] = attribute.split('.') as [string, string | undefined];
    copy.facts ??= {};
    if (tail) set((copy.facts[head] ??= {}), tail);
    else set(copy.facts, head);
  }
  return copy as AssessableRecord;
}

/** Values of an attribute that differ from the one that made the rule fire. */
function oppositeValues(attribute: string, value: unknown, vocabs: Vocabularies): unknown[] {
  if (attribute === 'in_eu') return [value === true ? ['US'] : ['DE']];
  if (attribute === 'jurisdictions') return [['US'], ['DE']];
  if (typeof value === 'boolean') return [!value];
  if (Array.isArray(value)) return [[]];
  const vocab: Record<string, string[]> = {
    deployer_type: vocabs.byId.deployer_types.terms.map((t) => t.id),
    status: vocabs.byId.statuses.terms.map((t) => t.id),
  };
  const fact = vocabs.facts.attributes.find((a) => a.name === attribute);
  const options = vocab[attribute] ?? fact?.values ?? [];
  return options.filter((o) => o !== value && o !== 'unknown');
}

const dayBefore = (date: string) => {
  const d = new Date(`${(date + '-01-01').slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};
const startOf = (date: string) => (date + '-01-01').slice(0, 10);

describe('every rule on its own', () => {
  let book: RuleBook;
  let vocabs: Vocabularies;
  const firing = new Map<string, Firing>();
  const rules: { rule: Rule; ruleset: Ruleset }[] = [];

  before(async () => {
    vocabs = await loadVocabularies(path.join(ROOT, 'data/vocabularies'));
    book = await loadRuleBook(path.join(ROOT, 'rules'), vocabs);
    const schema = buildPartialDeploymentSchema(vocabs);
    for (const { example } of await loadExamples(path.join(ROOT, 'rules'))) {
      const record = schema.parse(example.record) as AssessableRecord;
      for (const f of assess(record, book.compiled, example.as_of).findings) {
        if (f.result === 'applies' && !firing.has(f.rule_id)) firing.set(f.rule_id, { record, asOf: example.as_of, finding: f });
      }
    }
    for (const ruleset of book.rulesets) for (const rule of ruleset.rules) rules.push({ rule, ruleset });
  });

  const findingOf = (record: AssessableRecord, id: string, asOf: string) => assess(record, book.compiled, asOf).findings.find((f) => f.rule_id === id);

  test('fires: every rule that gives findings applies in at least one worked example', () => {
    const never = rules.filter(({ rule }) => !rule.modifies && !firing.has(rule.id)).map(({ rule }) => rule.id);
    assert.deepEqual(never, [], 'add a worked example in which these rules fire');
  });

  test('does not fire: changing one fact the rule relied on to its opposite stops it', () => {
    const failures: string[] = [];
    for (const [id, { record, asOf, finding }] of firing) {
      const stops = finding.because.some((b) =>
        oppositeValues(b.fact, b.value, vocabs).some((v) => findingOf(withAttribute(record, b.fact, v), id, asOf)?.result !== 'applies'),
      );
      if (!stops) failures.push(`${id}: still applies whichever fact it relied on is changed (${finding.because.map((b) => b.fact).join(', ')})`);
    }
    assert.deepEqual(failures, []);
  });

  test('undetermined: making a fact it relied on unknown leaves it open, naming that fact', () => {
    const failures: string[] = [];
    for (const [id, { record, asOf, finding }] of firing) {
      // Duty status facts decide the status, not whether the duty applies: leave them out.
      const facts = finding.because.map((b) => b.fact).filter((f) => !(book.rule(id)!.rule.duty?.requires ?? []).includes(f));
      const open = facts.some((fact) => {
        const f = findingOf(withAttribute(record, fact, undefined), id, asOf);
        return f?.result === 'undetermined' && f.missing.includes(fact);
      });
      if (facts.length && !open) failures.push(`${id}: never undetermined when one of ${facts.join(', ')} is unknown`);
    }
    assert.deepEqual(failures, []);
  });

  test('out of jurisdiction: a binding rule gives no finding for a state it does not bind', () => {
    const failures: string[] = [];
    for (const [id, { record, asOf, finding }] of firing) {
      if (!finding.binding) continue;
      const elsewhere = withAttribute(withAttribute(record, 'jurisdictions', ['US']), 'treaty_parties', []);
      const f = findingOf(elsewhere, id, asOf);
      // Non-refoulement binds every state (customary law): it is the one binding rule without a territorial gate.
      if (f && id !== 'RC1951-ART33') failures.push(`${id}: ${f.result} for a deployment in the US that is party to no treaty`);
    }
    assert.deepEqual(failures, []);
  });

  test('dates: not in force the day before it applies, in force from that day', () => {
    const failures: string[] = [];
    for (const [id, { record, asOf, finding }] of firing) {
      const from = finding.in_force.from;
      const early = findingOf(record, id, dayBefore(from));
      const onTime = findingOf(record, id, startOf(from));
      if (early && early.in_force.at_as_of) failures.push(`${id}: in force on ${dayBefore(from)}, before ${from}`);
      if (onTime && !onTime.in_force.at_as_of) failures.push(`${id}: not in force on ${startOf(from)}`);
      if (!early && !onTime) failures.push(`${id}: no finding at either date (example as of ${asOf})`);
    }
    assert.deepEqual(failures, []);
  });
});

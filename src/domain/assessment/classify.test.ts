/**
 * `classify` against `assess`, on the real rule book: the worked examples of every rule set, and
 * records made from them by changing facts at random (a seeded stream, so a failure repeats).
 * For each record, classify must give the rules that apply, those that are undetermined and the
 * outcomes exactly as the report's findings give them.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadExamples } from '../../files/rulesets.ts';
import { loadVocabularies } from '../../files/vocabularies.ts';
import { loadRuleBook, type RuleBook } from '../../services/assessment.ts';
import type { AssessableRecord } from './attributes.ts';
import { assess, classify, type Assessment } from './engine.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A small seeded generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function storedRow(report: Assessment) {
  const applying = report.findings.filter((f) => f.result === 'applies');
  return {
    rules: applying.map((f) => f.rule_id),
    open: report.findings.filter((f) => f.result === 'undetermined').map((f) => f.rule_id),
    outcomes: [...new Set(applying.map((f) => f.outcome))],
  };
}

/** Records made from the examples: each descriptive field and fact changed, dropped or kept at random. */
function variants(examples: readonly AssessableRecord[], facts: { name: string; type: string; values?: string[] }[], count: number, seed: number): AssessableRecord[] {
  const next = random(seed);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const fromExamples = (key: keyof AssessableRecord) => examples.map((r) => r[key]).filter((v) => v !== undefined);
  const out: AssessableRecord[] = [];
  for (let i = 0; i < count; i++) {
    const record = structuredClone(pick(examples)) as Record<string, any>;
    for (const key of ['countries', 'domains', 'capabilities', 'deployer_type', 'status', 'period', 'safeguards'] as const) {
      const r = next();
      if (r < 0.2) delete record[key];
      else if (r < 0.5) {
        const options = fromExamples(key);
        if (options.length) record[key] = structuredClone(pick(options));
      }
    }
    const f: Record<string, any> = (record.facts ??= {});
    for (const a of facts) {
      const r = next();
      if (r > 0.5) continue;
      const [head, tail] = a.name.split('.') as [string, string | undefined];
      let value: unknown;
      if (r < 0.1) value = undefined;
      else if (a.type === 'bool') value = pick([true, false, 'unknown']);
      else if (a.type === 'enum') value = pick([...a.values!, 'unknown']);
      else if (a.type === 'set') value = a.values!.filter(() => next() < 0.4);
      else value = pick(['2019', '2024-08', '2026-12-31', '2027-12-01', 'unknown']);
      if (!tail) {
        if (value === undefined) delete f[head];
        else f[head] = value;
      } else if (value === undefined) delete f[head]?.[tail];
      else (f[head] ??= {})[tail] = value;
    }
    if (next() < 0.3) {
      for (const s of ['human_oversight_assigned', 'logs_retained_6m', 'dpia_before_deployment', 'fria_before_deployment', 'persons_informed']) {
        if (next() < 0.5) (record.safeguards ??= {})[s] = pick([true, false, 'unknown']);
      }
    }
    out.push(record as AssessableRecord);
  }
  return out;
}

describe('classify', () => {
  let book: RuleBook;
  let examples: { record: AssessableRecord; asOf: string }[];
  let facts: { name: string; type: string; values?: string[] }[];

  before(async () => {
    const vocabs = await loadVocabularies(path.join(ROOT, 'data/vocabularies'));
    book = await loadRuleBook(path.join(ROOT, 'rules'), vocabs);
    examples = (await loadExamples(path.join(ROOT, 'rules'))).map((e) => ({ record: e.example.record as AssessableRecord, asOf: e.example.as_of }));
    facts = vocabs.facts.attributes;
  });

  test('gives the rules, open rules and outcomes of the report, for every worked example', () => {
    assert.ok(examples.length > 0);
    for (const { record, asOf } of examples) assert.deepEqual(classify(record, book.compiled), storedRow(assess(record, book.compiled, asOf)));
  });

  test('gives what the report gives for records made from the examples at random', () => {
    const records = variants(
      examples.map((e) => e.record),
      facts,
      3000,
      20261201,
    );
    let applying = 0;
    for (const record of records) {
      const row = classify(record, book.compiled);
      assert.deepEqual(row, storedRow(assess(record, book.compiled, '2026-12-01')), JSON.stringify(record));
      applying += row.rules.length;
    }
    assert.ok(applying > records.length, 'the records make rules apply');
  });
});

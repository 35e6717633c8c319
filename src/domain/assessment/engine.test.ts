import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assess, compileRules } from './engine.ts';
import { checkRulesets } from './check-rulesets.ts';
import { rulesetSchema, type Ruleset } from './ruleset.ts';
import type { AssessableRecord } from './attributes.ts';

const definitions = { sets: { MIGRATION: ['border_control', 'asylum'] } };
const citation = { instrument: 'Test instrument', article: 'Art. 1', url: 'https://example.org/law' };

/** A small binding rule set and a recommendation, enough to exercise every part of the engine. */
function rulesets(): Ruleset[] {
  const law = rulesetSchema.parse({
    id: 'law',
    title: 'A law',
    short_name: 'the law',
    version: '1.0.0',
    binding: true,
    instrument: { title: 'A law', url: 'https://example.org/law' },
    jurisdiction: { label: 'EU', gate: { '==': [{ var: 'in_eu' }, true] } },
    rules: [
      {
        id: 'LAW-BAN',
        title: 'Emotion recognition at work is prohibited',
        citation,
        text: 'Prohibited.',
        text_status: 'verbatim',
        trigger: { and: [{ in: ['emotion_recognition', { var: 'capabilities' }] }, { intersects: [{ var: 'subject_setting' }, ['workplace']] }] },
        outcome: 'prohibited',
        applies_from: '2025-02-02',
      },
      {
        id: 'LAW-HIGH',
        title: 'Emotion recognition is high-risk',
        citation,
        text: 'High-risk.',
        text_status: 'verbatim',
        trigger: { and: [{ in: ['emotion_recognition', { var: 'capabilities' }] }, { '!': { fired: 'LAW-BAN' } }] },
        outcome: 'high_risk_obligations',
        applies_from: '2027-12-02',
        applies_from_original: '2026-08-02',
        related: ['REC-BAN'],
      },
      {
        id: 'LAW-DUTY',
        title: 'Assess before use',
        citation,
        text: 'Assess.',
        text_status: 'paraphrase',
        trigger: { fired: 'LAW-HIGH' },
        outcome: 'duty',
        duty: { requires: ['safeguards.dpia_before_deployment', 'safeguards.hria_before_deployment'] },
        applies_from: '2027-12-02',
      },
      {
        id: 'LAW-LEGACY',
        title: 'Large IT systems comply later',
        citation,
        text: 'Later.',
        text_status: 'paraphrase',
        trigger: { and: [{ fired: 'LAW-HIGH' }, { '!=': [{ var: 'annex_x_system' }, 'none'] }] },
        modifies: { rules: ['LAW-HIGH', 'LAW-DUTY'], applies_from: '2030-12-31' },
        applies_from: '2027-12-02',
      },
    ],
  });
  const rec = rulesetSchema.parse({
    id: 'rec',
    title: 'Recommendations',
    short_name: 'A rights body',
    version: '1.0.0',
    binding: false,
    instrument: { title: 'Recommendations', url: 'https://example.org/rec' },
    jurisdiction: { label: 'All states' },
    rules: [
      {
        id: 'REC-BAN',
        title: 'Ban emotion recognition in migration',
        citation,
        text: 'Ban it.',
        text_status: 'paraphrase',
        cases: [
          { when: { and: [{ intersects: [{ var: 'domain' }, 'MIGRATION'] }, { in: ['emotion_recognition', { var: 'capabilities' }] }] }, outcome: 'ban_called_for' },
          { when: { in: ['emotion_recognition', { var: 'capabilities' }] }, outcome: 'concern' },
        ],
        applies_from: '2024-02',
      },
    ],
  });
  return [law, rec];
}

const compiled = compileRules(rulesets(), definitions);
const ATTRIBUTES = new Set(['in_eu', 'capabilities', 'subject_setting', 'domain', 'annex_x_system', 'safeguards.dpia_before_deployment', 'safeguards.hria_before_deployment']);
const kiosk = (more: AssessableRecord = {}): AssessableRecord => ({
  countries: ['GR'],
  domains: ['border_control'],
  capabilities: ['emotion_recognition'],
  facts: { subject_setting: ['border_crossing_point'] },
  period: { start: '2018-09', end: '2019-08' },
  status: 'ended',
  sources: [{ id: 1, title: 'Report', url: 'https://example.org/report', supports: ['capabilities'] }],
  ...more,
});
const finding = (record: AssessableRecord, id: string, asOf = '2026-11-29') => assess(record, compiled, asOf).findings.find((f) => f.rule_id === id);

describe('the assessment engine', () => {
  test('the test rule sets pass the same checks as the real ones', () => {
    assert.deepEqual(checkRulesets(rulesets(), definitions, ATTRIBUTES), []);
  });

  test('a rule fires on known facts, citing the facts and the sources behind them', () => {
    const f = finding(kiosk(), 'LAW-HIGH')!;
    assert.equal(f.result, 'applies');
    assert.equal(f.outcome, 'high_risk_obligations');
    const capabilities = f.because.find((b) => b.fact === 'capabilities')!;
    assert.deepEqual(capabilities.sources.map((s) => s.id), [1]);
    assert.deepEqual(f.citation, citation);
  });

  test('a rule does not fire when a known fact rules it out', () => {
    assert.equal(finding(kiosk({ capabilities: ['gps_tracking'] }), 'LAW-HIGH'), undefined);
  });

  test('an unknown fact makes a rule undetermined and names the fact, never "does not apply"', () => {
    const f = finding(kiosk({ facts: {} }), 'LAW-BAN')!;
    assert.equal(f.result, 'undetermined');
    assert.deepEqual(f.missing, ['subject_setting']);
    // The high-risk rule depends on the ban not applying: it is open too, for the same reason.
    const high = finding(kiosk({ facts: {} }), 'LAW-HIGH')!;
    assert.equal(high.result, 'undetermined');
    assert.deepEqual(high.missing, ['subject_setting']);
  });

  test('outside the jurisdiction a binding rule gives no finding at all', () => {
    const report = assess(kiosk({ countries: ['GB'] }), compiled, '2026-11-29');
    assert.equal(report.findings.filter((f) => f.binding).length, 0);
    assert.ok(report.findings.some((f) => f.rule_id === 'REC-BAN'), 'recommendations addressed to all states still apply');
  });

  test('without a country the jurisdiction is unknown and binding rules are undetermined', () => {
    const f = finding(kiosk({ countries: undefined }), 'LAW-HIGH')!;
    assert.equal(f.result, 'undetermined');
    assert.ok(f.missing.includes('in_eu'));
  });

  test('dates: in force at the as-of date, at the period, or from a later date', () => {
    const f = finding(kiosk(), 'LAW-HIGH', '2026-11-29')!;
    assert.deepEqual(f.in_force, { at_period: false, at_as_of: false, from: '2027-12-02', from_original: '2026-08-02' });
    assert.equal(finding(kiosk(), 'LAW-HIGH', '2028-01-01')!.in_force.at_as_of, true);
    const ban = finding(kiosk({ facts: { subject_setting: ['workplace'] }, period: { start: '2024', end: null }, status: 'active' }), 'LAW-BAN')!;
    assert.equal(ban.in_force.at_period, true, 'an ongoing deployment is still running when the ban starts');
    assert.equal(finding(kiosk({ period: undefined }), 'LAW-HIGH')!.in_force.at_period, null);
  });

  test('a transitional rule moves the dates of the rules it names', () => {
    const record = kiosk({ facts: { subject_setting: ['border_crossing_point'], annex_x_system: 'ETIAS' } });
    const f = finding(record, 'LAW-DUTY', '2028-06-01')!;
    assert.equal(f.in_force.from, '2030-12-31');
    assert.equal(f.in_force.moved_by, 'LAW-LEGACY');
    assert.equal(f.in_force.at_as_of, false);
    assert.equal(finding(kiosk(), 'LAW-DUTY')!.in_force.from, '2027-12-02', 'not moved while it is unknown whether the system is part of a large IT system');
  });

  test('duty status: met when every safeguard is in place, unmet when one is not, otherwise unknown', () => {
    const status = (safeguards: AssessableRecord['safeguards']) => finding(kiosk({ safeguards }), 'LAW-DUTY')!.duty_status;
    assert.equal(status({ dpia_before_deployment: true, hria_before_deployment: true }), 'met');
    assert.equal(status({ dpia_before_deployment: false, hria_before_deployment: 'unknown' }), 'unmet');
    assert.equal(status({ dpia_before_deployment: true }), 'unknown');
  });

  test('cases: the first that holds gives the outcome; facts that could raise it stay listed', () => {
    assert.equal(finding(kiosk(), 'REC-BAN')!.outcome, 'ban_called_for');
    const lower = finding(kiosk({ domains: undefined }), 'REC-BAN')!;
    assert.equal(lower.outcome, 'concern');
    assert.equal(lower.result, 'applies');
    assert.deepEqual(lower.missing, ['domain']);
  });

  test('findings are ordered by kind and the gap between a ban call and mere obligations is stated', () => {
    const report = assess(kiosk(), compiled, '2026-11-29');
    assert.deepEqual(report.findings.map((f) => f.outcome), ['ban_called_for', 'high_risk_obligations', 'duty']);
    assert.deepEqual(report.gaps, [{ ban_rule: 'REC-BAN', ban_ruleset: 'rec', binding_rules: ['LAW-HIGH'], binding_outcome: 'high_risk_obligations' }]);
    assert.deepEqual(report.rulesets, [{ id: 'law', version: '1.0.0' }, { id: 'rec', version: '1.0.0' }]);
  });

  test('no gap where the law itself prohibits the practice', () => {
    const report = assess(kiosk({ facts: { subject_setting: ['workplace'] } }), compiled, '2026-11-29');
    assert.equal(report.findings[0]!.outcome, 'prohibited');
    assert.deepEqual(report.gaps, []);
  });

  test('a malformed rule set is named with the problem', () => {
    const broken = rulesets();
    broken[0]!.rules[0]!.trigger = { in: ['x', { var: 'no_such_attribute' }] };
    broken[1]!.rules[0]!.related = ['NOPE-1'];
    const problems = checkRulesets(broken, definitions, ATTRIBUTES);
    assert.deepEqual(
      problems.map((p) => `${p.ruleset} ${p.rule}: ${p.message}`),
      [
        'law LAW-BAN: unknown attribute "no_such_attribute"; see data/vocabularies/facts.yaml and rules-reference section 2',
        'rec REC-BAN: names rule "NOPE-1", which no rule set defines',
      ],
    );
  });
});

describe('conditions on dates', () => {
  test('before: a partial date counts as before a limit only if all of it is', async () => {
    const { compileCondition } = await import('./condition.ts');
    const c = compileCondition({ before: [{ var: 'd' }, '2027-12-02'] }, {});
    const at = (d: string | undefined) => c({ attribute: () => d, fired: () => ({ value: false, used: [], missing: [] }), firedOutcome: () => ({ value: false, used: [], missing: [] }) }).value;
    assert.equal(at('2027-12-01'), true);
    assert.equal(at('2027-12-02'), false);
    assert.equal(at('2027-11'), true);
    assert.equal(at('2027-12'), false, 'December 2027 runs past the 2nd');
    assert.equal(at('2027'), false);
    assert.equal(at('2026'), true);
    assert.equal(at(undefined), 'unknown');
  });
});

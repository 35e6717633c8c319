/**
 * The "assess a proposed system" questionnaire: questions generated from the vocabularies (the
 * record's descriptive fields and the legal attributes of facts.yaml, with their help texts),
 * grouped into one step per theme. Answers travel in the URL, so a half-filled questionnaire is
 * a link to keep or share and nothing is stored on the server. "I don't know" is always an
 * answer, and it stays unknown in the record: the report then says which facts would decide.
 */
import { SAFEGUARDS } from '../domain/deployment.ts';
import { termLabel, type Vocabularies, type VocabularyId } from '../domain/vocabulary.ts';
import type { Problem } from '../domain/problems.ts';

export type QuestionKind = 'countries' | 'set' | 'enum' | 'bool' | 'date';

export interface Option {
  value: string;
  label: string;
  help?: string;
}

export interface Question {
  /** Query parameter and record path: countries, domains, facts.is_ai_system, safeguards.x … */
  name: string;
  kind: QuestionKind;
  label: string;
  help?: string;
  options: Option[];
}

export interface Step {
  id: string;
  questions: Question[];
}

/** A set's "none of these" answer: the list is known to be empty, which is not "unknown". */
export const NONE = '__none';

/** Which legal attribute is asked in which step (the rest of a step comes from the record's fields). */
const THEMES: { id: string; fields: string[] }[] = [
  { id: 'where', fields: ['countries', 'deployer_type', 'domains', 'status', 'period.start', 'facts.treaty_parties', 'facts.operator_role'] },
  { id: 'what', fields: ['capabilities', 'facts.is_ai_system', 'facts.rbi_mode', 'facts.inferred_traits', 'facts.annex_x_system', 'facts.placed_on_market_date'] },
  {
    id: 'decisions',
    fields: ['facts.purpose', 'facts.risk_target', 'facts.risk_basis', 'facts.supports_human_assessment_on_facts', 'facts.decision_automation', 'facts.significant_effect'],
  },
  {
    id: 'people',
    fields: ['facts.affected_persons', 'facts.subject_setting', 'facts.data_categories', 'facts.large_scale', 'facts.systematic_public_monitoring', 'facts.affects_access_to_asylum'],
  },
  { id: 'safeguards', fields: SAFEGUARDS.map((s) => `safeguards.${s}`) },
  { id: 'evidence', fields: ['facts.evidence.discrimination_documented', 'facts.evidence.rights_violation_documented'] },
];

const FIELD_VOCABULARY: Record<string, VocabularyId> = {
  deployer_type: 'deployer_types',
  domains: 'domains',
  status: 'statuses',
  capabilities: 'capabilities',
};

const humanise = (id: string) => id.replace(/_/g, ' ');

/** Labels the questionnaire needs from the message catalogue (fields that are not in facts.yaml). */
export interface QuestionLabels {
  field(name: string): { label: string; help?: string };
}

export function buildQuestionnaire(vocabs: Vocabularies, labels: QuestionLabels): Step[] {
  const question = (name: string): Question => {
    const vocab = FIELD_VOCABULARY[name];
    if (vocab) {
      const terms = vocabs.byId[vocab].terms.filter((t) => !t.retired);
      const kind: QuestionKind = name === 'deployer_type' || name === 'status' ? 'enum' : 'set';
      return { name, kind, ...labels.field(name), options: terms.map((t) => ({ value: t.id, label: termLabel(vocabs, vocab, t.id), help: t.definition })) };
    }
    if (name.startsWith('facts.')) {
      const attr = vocabs.facts.attributes.find((a) => a.name === name.slice('facts.'.length));
      if (!attr) throw new Error(`no attribute ${name} in facts.yaml`);
      return { name, kind: attr.type, label: attr.label, help: attr.help, options: (attr.values ?? []).filter((v) => v !== 'unknown').map((v) => ({ value: v, label: humanise(v) })) };
    }
    if (name.startsWith('safeguards.')) return { name, kind: 'bool', ...labels.field(name), options: [] };
    return { name, kind: name === 'countries' ? 'countries' : 'date', ...labels.field(name), options: [] };
  };
  return THEMES.map((theme) => ({ id: theme.id, questions: theme.fields.map(question) }));
}

export type Answers = Record<string, string | string[] | undefined>;

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((x) => x !== '');

/** Only the answers to questions, from a query string (which also holds the step and other keys). */
export function answersFrom(query: Record<string, unknown>, steps: Step[]): Answers {
  const out: Answers = {};
  for (const q of steps.flatMap((s) => s.questions)) {
    const v = query[q.name];
    if (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))) out[q.name] = v as string | string[];
  }
  return out;
}

/** The answers as a (partial) record, unknown answers left out. Not yet validated. */
export function answersToRecord(answers: Answers, steps: Step[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const put = (path: string, value: unknown) => {
    const parts = path.split('.');
    let at = record;
    for (const p of parts.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>;
    at[parts[parts.length - 1]!] = value;
  };
  for (const q of steps.flatMap((s) => s.questions)) {
    const raw = answers[q.name];
    const values = list(raw);
    if (values.length === 0) continue;
    switch (q.kind) {
      case 'countries': {
        const codes = values.join(' ').split(/[\s,;]+/).filter(Boolean).map((c) => c.toUpperCase());
        if (codes.length) put(q.name, codes);
        break;
      }
      case 'set':
        if (values.includes(NONE)) put(q.name, []);
        else put(q.name, values);
        break;
      case 'bool':
        if (values[0] === 'yes') put(q.name, true);
        else if (values[0] === 'no') put(q.name, false);
        break;
      case 'enum':
        if (values[0] !== 'unknown') put(q.name, values[0]);
        break;
      case 'date':
        put(q.name, values[0]!.trim());
        break;
    }
  }
  return record;
}

/** The question a validation problem belongs to ("countries.1" → "countries"). */
export function questionOf(problem: Problem, steps: Step[]): string | undefined {
  const names = steps.flatMap((s) => s.questions.map((q) => q.name));
  let path = problem.path;
  while (path) {
    if (names.includes(path)) return path;
    path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
  }
  return undefined;
}

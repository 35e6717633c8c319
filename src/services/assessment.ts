/**
 * The rule book (the loaded, checked and compiled rule sets) and what the rest of the program
 * asks of it: assess a record as at a date, and say the result in plain language. The rule sets
 * are compiled once when the book is loaded.
 */
import { createHash } from 'node:crypto';
import { assess, classify, compileRules, type Assessment, type CompiledRules, type Finding, type Gap } from '../domain/assessment/engine.ts';
import type { AssessableRecord } from '../domain/assessment/attributes.ts';
import { OUTCOMES, type Definitions, type Rule, type Ruleset } from '../domain/assessment/ruleset.ts';
import type { Vocabularies } from '../domain/vocabulary.ts';
import { loadRules } from '../files/rulesets.ts';
import type { StoredAssessment } from '../repositories/deployments.repository.ts';
import type { MessageKey } from '../i18n/en.ts';
import type { Translator } from '../i18n/translator.ts';

/** The rule sets and definitions a book is compiled from: plain data, so a worker thread can compile the same book. */
export interface RuleSource {
  rulesets: readonly Ruleset[];
  definitions: Definitions;
}

export interface RuleBook extends RuleSource {
  compiled: CompiledRules;
  /**
   * "eu_ai_act@1.0.0 … amnesty@1.0.0 #3f9a…": the versions, and a hash of the rules themselves so
   * that an edit made without bumping a version still marks stored assessments stale.
   */
  versionKey: string;
  rule(id: string): { rule: Rule; ruleset: Ruleset } | undefined;
}

export async function loadRuleBook(dir: string, vocabs: Vocabularies): Promise<RuleBook> {
  return ruleBook(await loadRules(dir, vocabs));
}

/** Compiles a book (once per rule-set version; the compiled rules cannot cross threads, their source can). */
export function ruleBook({ rulesets, definitions }: RuleSource): RuleBook {
  const compiled = compileRules(rulesets, definitions);
  return {
    rulesets,
    definitions,
    compiled,
    versionKey: `${rulesets.map((r) => `${r.id}@${r.version}`).join(' ')} #${createHash('sha256').update(JSON.stringify(rulesets)).digest('hex').slice(0, 12)}`,
    rule: (id) => {
      const c = compiled.byId.get(id);
      return c && { rule: c.rule, ruleset: c.ruleset };
    },
  };
}

/** What a deployment row keeps of a record's assessment with this book (which rules apply, which are open, the outcomes). */
export function storedAssessment(book: RuleBook, record: AssessableRecord): StoredAssessment {
  const { rules, open, outcomes } = classify(record, book.compiled);
  return { assessed_with: book.versionKey, outcomes, rules, open };
}

/** Today as YYYY-MM-DD (UTC): the default as-of date. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function assessWith(book: RuleBook, record: AssessableRecord, asOf: string = today()): Assessment {
  return assess(record, book.compiled, asOf);
}

/** A partial date in words: "2 December 2027", "February 2024", "2020". */
export function formatPartialDate(date: string, lang: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number?, number?];
  const value = new Date(Date.UTC(y, (m ?? 1) - 1, d ?? 1));
  return dateFormat(lang, d ? 'day' : m ? 'month' : 'year').format(value);
}

// Making an Intl.DateTimeFormat costs far more than formatting with one (a report page formats
// dozens of dates), so each language keeps its three.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(lang: string, precision: 'day' | 'month' | 'year'): Intl.DateTimeFormat {
  const key = `${lang} ${precision}`;
  let format = dateFormats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      precision === 'day' ? { dateStyle: 'long', timeZone: 'UTC' } : precision === 'month' ? { month: 'long', year: 'numeric', timeZone: 'UTC' } : { year: 'numeric', timeZone: 'UTC' };
    // English dates the way the instruments write them: 2 December 2027.
    format = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, options);
    dateFormats.set(key, format);
  }
  return format;
}

/**
 * The report's first paragraph: per framework, the strongest outcome that applies (and from
 * when, if not yet in force); the safeguards nobody has documented; how many rules remain open;
 * then the gap statements.
 */
export function summarise(report: Assessment, book: RuleBook, tr: Translator): string {
  const { t } = tr;
  const name = (id: string) => book.rulesets.find((r) => r.id === id)?.short_name ?? id;
  const parts: string[] = [];
  const applying = report.findings.filter((f) => f.result === 'applies');
  for (const set of book.rulesets) {
    const mine = applying.filter((f) => f.ruleset === set.id);
    const outcome = OUTCOMES.find((o) => mine.some((f) => f.outcome === o));
    if (!outcome) continue;
    const strongest = mine.filter((f) => f.outcome === outcome);
    const inForce = strongest.some((f) => f.in_force.at_as_of);
    const from = strongest.map((f) => f.in_force.from).sort()[0]!;
    const later = !inForce && set.binding && outcome !== 'concern' && outcome !== 'ban_called_for';
    const key = (later ? `summary.${outcome}From` : `summary.${outcome}`) as MessageKey;
    parts.push(t(key, { name: name(set.id), date: formatPartialDate(from, tr.lang) }));
  }
  const unknownSafeguards = unknownDutySafeguards(applying);
  if (unknownSafeguards.length > 0) {
    // The briefing's core demand first: impact assessments before deployment.
    const ordered = [...unknownSafeguards].sort((a, b) => Number(!a.endsWith('_before_deployment')) - Number(!b.endsWith('_before_deployment')));
    const shown = ordered.slice(0, 3).map((s) => t(`safeguard.${s}` as MessageKey));
    if (ordered.length > 3) shown.push(t('summary.andMore', { count: ordered.length - 3 }));
    parts.push(t('summary.unknownSafeguards', { list: shown.join('; ') }));
  }
  const open = report.findings.length - applying.length;
  if (open > 0) parts.push(tr.plural('summary.undetermined', open));
  if (parts.length === 0) return t('assessment.none');
  const first = parts.join('; ');
  const sentences = [`${first.charAt(0).toUpperCase()}${first.slice(1)}.`];
  for (const gap of report.gaps) sentences.push(gapStatement(gap, report, book, tr));
  return sentences.join(' ');
}

/** "The law permits it; rights bodies call for a ban: …" for one gap. */
export function gapStatement(gap: Gap, report: Assessment, book: RuleBook, { t }: Translator): string {
  const name = (id: string) => book.rulesets.find((r) => r.id === id)?.short_name ?? id;
  return t('summary.gap', {
    ban: name(gap.ban_ruleset),
    rule: report.findings.find((f) => f.rule_id === gap.ban_rule)?.title ?? gap.ban_rule,
    law: [...new Set(gap.binding_rules.map((id) => name(report.findings.find((f) => f.rule_id === id)?.ruleset ?? id)))].join(', '),
    outcome: t(`gapOutcome.${gap.binding_outcome}` as MessageKey),
  });
}

/** The report as the API and the pages give it: with its summary and gap statements in words. */
export function presentAssessment(report: Assessment, book: RuleBook, tr: Translator) {
  return {
    ...report,
    gaps: report.gaps.map((g) => ({ ...g, statement: gapStatement(g, report, book, tr) })),
    summary: summarise(report, book, tr),
  };
}
export type PresentedAssessment = ReturnType<typeof presentAssessment>;

/** Safeguards that duties which apply depend on, and that the record leaves unknown. */
function unknownDutySafeguards(findings: readonly Finding[]): string[] {
  const out = new Set<string>();
  for (const f of findings) {
    if (f.outcome !== 'duty' || f.duty_status !== 'unknown') continue;
    for (const b of f.because) if (b.fact.startsWith('safeguards.') && b.value === 'unknown') out.add(b.fact.slice('safeguards.'.length));
  }
  return [...out];
}

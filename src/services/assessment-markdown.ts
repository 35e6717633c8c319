/**
 * An assessment report as Markdown, for the CLI and the report download: the summary, then each
 * framework's findings with their citation, wording status, facts, sources and missing facts.
 */
import type { Ruleset } from '../domain/assessment/ruleset.ts';
import type { MessageKey } from '../i18n/en.ts';
import type { Translator } from '../i18n/translator.ts';
import { formatPartialDate, type PresentedAssessment } from './assessment.ts';

/** Escapes what Markdown would read as markup in text that comes from users or rule files. */
function md(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

export function assessmentMarkdown(report: PresentedAssessment, rulesets: readonly Ruleset[], tr: Translator, title?: string): string {
  const { t, lang } = tr;
  const date = (d: string) => formatPartialDate(d, lang);
  const out: string[] = [];
  out.push(`# ${md(title ?? t('assessment.title'))}`, '', md(t('assessment.lead', { date: date(report.as_of) })), '', md(report.summary), '');
  out.push(`Rule sets: ${report.rulesets.map((r) => `${r.id} ${r.version}`).join(', ')}`, '');
  for (const set of rulesets) {
    const mine = report.findings.filter((f) => f.ruleset === set.id);
    if (mine.length === 0) continue;
    out.push(`## ${md(set.title)}`, '');
    for (const f of mine) {
      const state = [
        t(`result.${f.result}`),
        f.duty_status ? t('finding.dutyStatus', { status: t(`duty.${f.duty_status}`) }) : undefined,
        f.in_force.at_as_of ? t('inForce.now', { date: date(f.in_force.from) }) : t('inForce.later', { date: date(f.in_force.from) }),
      ].filter(Boolean);
      out.push(`### ${md(f.rule_id)}: ${md(f.title)}`, '', `**${t(`outcome.${f.outcome}`)}**: ${md(state.join('; '))}`, '');
      if (f.in_force.at_period !== null) out.push(t(f.in_force.at_period ? 'inForce.atPeriod' : 'inForce.notAtPeriod'), '');
      out.push(`${t('finding.citation')}: ${md(f.citation.instrument)}, ${md(f.citation.article)}, <${f.citation.url}>`, '');
      out.push(f.text_status === 'paraphrase' ? md(f.text) : `> ${md(f.text)}`, '', `_${t(`finding.textStatus.${f.text_status}`)}_`, '');
      if (f.note) out.push(md(f.note), '');
      if (f.because.length) {
        out.push(`${t('finding.because')}:`, '');
        for (const b of f.because) {
          const value = Array.isArray(b.value) ? b.value.join(', ') : String(b.value);
          const sources = b.sources.map((s) => (s.url ? `[${s.id}] ${md(s.title)} <${s.url}>` : `[${s.id}] ${md(s.title)}`)).join('; ');
          out.push(`- \`${b.fact}\`: ${md(value)}${sources ? `: ${sources}` : ''}`);
        }
        out.push('');
      }
      if (f.missing.length) out.push(`${t('finding.missing')}: ${f.missing.map((m) => `\`${m}\``).join(', ')}`, '');
    }
  }
  if (report.findings.length === 0) out.push(t('assessment.none' as MessageKey), '');
  return out.join('\n');
}

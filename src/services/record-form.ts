/**
 * The record editor's form: every field of the deployment record, as HTML form fields named by
 * their path ("title", "safeguards.dpia_before_deployment", "sources.0.url"). Vocabulary fields
 * become pickers with the terms' labels and definitions, legal attributes come from facts.yaml,
 * sources and legal challenges repeat. A test checks that every field of the record schema has
 * its place here, so the form cannot fall behind the schema. The form's values are read back into
 * a record, which the schema then validates; each problem is shown next to its field.
 */
import { SAFEGUARDS, SUPPORTABLE_FIELDS } from '../domain/deployment.ts';
import { termLabel, type Vocabularies, type VocabularyId } from '../domain/vocabulary.ts';

export type FieldKind = 'text' | 'textarea' | 'markdown' | 'list' | 'terms' | 'choice' | 'tristate' | 'number' | 'ids';

export interface FormField {
  /** Path in the record, dotted. */
  name: string;
  kind: FieldKind;
  /** Message key of the label (fields of the record) or the label itself (legal attributes). */
  label: string;
  help?: string;
  /** A retired term is shown only where a record already has it, so that editing keeps it. */
  options?: { value: string; label: string; help?: string; retired?: boolean }[];
  required?: boolean;
}

export interface FormSection {
  id: string;
  fields: FormField[];
}

/** Fields of a repeated group, by its record field. */
export const REPEATED: Record<'sources' | 'legal_challenges', FormField[]> = {
  sources: [
    { name: 'title', kind: 'text', label: 'form.source.title', required: true },
    { name: 'publisher', kind: 'text', label: 'form.source.publisher' },
    { name: 'url', kind: 'text', label: 'form.source.url' },
    { name: 'published', kind: 'text', label: 'form.source.published' },
    { name: 'archived_url', kind: 'text', label: 'form.source.archived_url' },
    { name: 'supports', kind: 'terms', label: 'form.source.supports', options: SUPPORTABLE_FIELDS.map((f) => ({ value: f, label: f.replace(/_/g, ' ') })) },
  ],
  legal_challenges: [
    { name: 'forum', kind: 'text', label: 'form.challenge.forum', required: true },
    { name: 'case', kind: 'text', label: 'form.challenge.case' },
    { name: 'year', kind: 'number', label: 'form.challenge.year' },
    { name: 'outcome', kind: 'textarea', label: 'form.challenge.outcome' },
    { name: 'sources', kind: 'ids', label: 'form.cites' },
  ],
};

export function buildRecordForm(vocabs: Vocabularies): FormSection[] {
  const terms = (id: VocabularyId) => vocabs.byId[id].terms.map((t) => ({ value: t.id, label: termLabel(vocabs, id, t.id), help: t.definition, ...(t.retired ? { retired: true } : {}) }));
  const field = (name: string, kind: FieldKind, extra: Partial<FormField> = {}): FormField => ({ name, kind, label: `form.${name}`, ...extra });
  return [
    {
      id: 'what',
      fields: [
        field('slug', 'text', { required: true }),
        field('title', 'text', { required: true }),
        field('summary', 'textarea', { required: true }),
        field('description', 'markdown'),
        field('categories', 'terms', { options: terms('categories'), required: true }),
        field('capabilities', 'terms', { options: terms('capabilities') }),
        field('status', 'choice', { options: terms('statuses'), required: true }),
        field('period.start', 'text'),
        field('period.end', 'text'),
      ],
    },
    {
      id: 'where',
      fields: [
        field('countries', 'list', { required: true }),
        field('areas', 'terms', { options: terms('areas') }),
        field('authorities', 'list'),
        field('vendors', 'list'),
        field('funders', 'list'),
        field('deployer_type', 'choice', { options: terms('deployer_types') }),
        field('domains', 'terms', { options: terms('domains') }),
        field('affected_groups', 'terms', { options: terms('affected_groups') }),
        field('scale.people', 'number'),
        field('scale.as_of', 'text'),
        field('scale.note', 'textarea'),
        field('scale.sources', 'ids'),
      ],
    },
    {
      id: 'rights',
      fields: [
        field('rights_at_risk', 'terms', { options: terms('rights_at_risk') }),
        field('concerns', 'markdown'),
        field('legal_basis', 'textarea'),
        ...SAFEGUARDS.map((s) => ({ name: `safeguards.${s}`, kind: 'tristate' as const, label: `safeguard.${s}` })),
        field('safeguards.sources', 'ids'),
      ],
    },
    {
      id: 'facts',
      fields: vocabs.facts.attributes.map((a): FormField => {
        const name = `facts.${a.name}`;
        const options = (a.values ?? []).filter((v) => v !== 'unknown').map((v) => ({ value: v, label: v.replace(/_/g, ' ') }));
        const kind: FieldKind = a.type === 'bool' ? 'tristate' : a.type === 'set' ? 'terms' : a.type === 'enum' ? 'choice' : 'text';
        return { name, kind, label: a.label, help: a.help, options };
      }),
    },
  ];
}

/** Top-level record fields the form covers (sources and legal challenges repeat below). */
export function formTopLevelFields(sections: FormSection[]): Set<string> {
  return new Set([...sections.flatMap((s) => s.fields.map((f) => f.name.split('.')[0]!)), 'sources', 'legal_challenges']);
}

export type FormBody = Record<string, string | string[] | undefined>;

const values = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]).map((x) => x.trim()).filter(Boolean);
/** Long texts as typed (browsers send CRLF line ends), or undefined when only blank. */
const longText = (v: string | string[] | undefined): string | undefined => {
  const text = (Array.isArray(v) ? v.join('\n') : v ?? '').replace(/\r\n?/g, '\n');
  return text.trim() ? text : undefined;
};

function put(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let at = target;
  for (const p of parts.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>;
  at[parts[parts.length - 1]!] = value;
}

function readField(f: FormField, raw: string | string[] | undefined): unknown {
  const v = values(raw);
  switch (f.kind) {
    case 'terms':
      return v.length ? v : undefined;
    case 'list':
      return v.length ? v.join(',').split(/[\s,;]+/).filter(Boolean) : undefined;
    case 'ids': {
      const ids = v.join(',').split(/[\s,;]+/).filter(Boolean);
      return ids.length ? ids.map((x) => (/^\d+$/.test(x) ? Number(x) : x)) : undefined;
    }
    case 'number':
      return v[0] === undefined ? undefined : /^-?\d+$/.test(v[0]) ? Number(v[0]) : v[0];
    case 'tristate':
      return v[0] === 'true' ? true : v[0] === 'false' ? false : v[0] === 'unknown' ? 'unknown' : undefined;
    case 'textarea':
    case 'markdown':
      return longText(raw);
    default:
      return v[0];
  }
}

/** The form's values as a record (empty fields left out), not yet validated. */
export function formToRecord(body: FormBody, sections: FormSection[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const f of sections.flatMap((s) => s.fields)) {
    const value = readField(f, body[f.name]);
    if (value !== undefined) put(record, f.name, value);
  }
  for (const group of ['sources', 'legal_challenges'] as const) {
    const items: Record<string, unknown>[] = [];
    for (let i = 0; i < 100; i++) {
      const item: Record<string, unknown> = {};
      for (const f of REPEATED[group]) {
        const value = readField(f, body[`${group}.${i}.${f.name}`]);
        if (value !== undefined) item[f.name] = value;
      }
      if (!Object.keys(item).length) continue;
      if (group === 'sources') {
        // A source keeps its number (texts cite it as [n]); a new one takes the next free number.
        const given = values(body[`sources.${i}.id`])[0];
        const taken = new Set(items.map((s) => s.id));
        let id = given && /^\d+$/.test(given) ? Number(given) : items.length + 1;
        while (!given && taken.has(id)) id++;
        items.push({ id, ...item });
      } else items.push(item);
    }
    if (items.length) record[group] = items;
  }
  return record;
}

/** A record as the form's values, for editing it. */
export function recordToForm(record: Record<string, unknown>, sections: FormSection[]): FormBody {
  const out: FormBody = {};
  const get = (path: string) => path.split('.').reduce<unknown>((at, p) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[p] : undefined), record);
  const text = (v: unknown, f: FormField): string | string[] | undefined => {
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v)) return f.kind === 'terms' ? v.map(String) : v.join(', ');
    return String(v);
  };
  for (const f of sections.flatMap((s) => s.fields)) out[f.name] = text(get(f.name), f);
  for (const group of ['sources', 'legal_challenges'] as const) {
    const items = (record[group] as Record<string, unknown>[] | undefined) ?? [];
    items.forEach((item, i) => {
      for (const f of REPEATED[group]) out[`${group}.${i}.${f.name}`] = text(item[f.name], f);
      if (group === 'sources') out[`sources.${i}.id`] = String(item.id);
    });
  }
  return out;
}

/** How many blocks of a repeated group the form has values for. */
export function repeatedCount(body: FormBody, group: 'sources' | 'legal_challenges'): number {
  let n = 0;
  for (const key of Object.keys(body)) {
    const m = new RegExp(`^${group}\\.(\\d+)\\.`).exec(key);
    if (m && values(body[key]).length) n = Math.max(n, Number(m[1]) + 1);
  }
  return n;
}

/** The actor editor's fields (editors only): an actor record, with its sources. */
export function buildActorForm(vocabs: Vocabularies, isNew: boolean): FormSection[] {
  const types = vocabs.byId.actor_types.terms.map((t) => ({ value: t.id, label: termLabel(vocabs, 'actor_types', t.id), help: t.definition, ...(t.retired ? { retired: true } : {}) }));
  return [
    {
      id: 'actor',
      fields: [
        ...(isNew ? [{ name: 'slug', kind: 'text' as const, label: 'form.slug', required: true }] : []),
        { name: 'name', kind: 'text', label: 'form.actor.name', required: true },
        { name: 'type', kind: 'choice', label: 'form.actor.type', options: types, required: true },
        { name: 'countries', kind: 'list', label: 'form.countries' },
        { name: 'parent', kind: 'text', label: 'form.actor.parent' },
        { name: 'url', kind: 'text', label: 'form.actor.url' },
        { name: 'description', kind: 'textarea', label: 'form.actor.description' },
      ],
    },
  ];
}

/**
 * Vocabularies are data files (data/vocabularies/*.yaml): every term a record may use, with a
 * label and a one-sentence definition. This module holds their shape and lookups; reading the
 * files is done in src/files so that the domain stays free of I/O.
 */
import { z } from 'zod';

const termId = z.string().regex(/^[a-z0-9]+(_[a-z0-9]+)*$/, 'term ids are snake_case');

const translation = z.object({ label: z.string().min(1), definition: z.string().min(1).optional() }).strict();

export const termSchema = z
  .object({
    id: termId,
    label: z.string().min(1),
    definition: z.string().min(1),
    /** Retired terms stay valid in existing records but are not offered for new ones. */
    retired: z.boolean().optional(),
    translations: z.record(z.string(), translation).optional(),
  })
  .strict();

export const vocabularySchema = z
  .object({
    id: termId,
    label: z.string().min(1),
    definition: z.string().min(1),
    terms: z.array(termSchema).min(1),
  })
  .strict()
  .superRefine((vocab, ctx) => {
    const seen = new Set<string>();
    vocab.terms.forEach((term, index) => {
      if (seen.has(term.id)) ctx.addIssue({ code: 'custom', path: ['terms', index, 'id'], message: `duplicate term "${term.id}"` });
      seen.add(term.id);
    });
  });

export type Term = z.infer<typeof termSchema>;
export type Vocabulary = z.infer<typeof vocabularySchema>;

const factAttribute = z
  .object({
    name: z.string().regex(/^[a-z_]+(\.[a-z_]+)?$/),
    type: z.enum(['bool', 'enum', 'set', 'date']),
    values: z.array(z.string().min(1)).optional(),
    label: z.string().min(1),
    /** One or two sentences for the questionnaire: what the question means. */
    help: z.string().min(1).optional(),
  })
  .strict()
  .refine((a) => (a.type === 'enum' || a.type === 'set') === Boolean(a.values?.length), {
    message: 'enum and set attributes list their values; bool and date attributes do not',
  });

export const factsVocabularySchema = z
  .object({ id: z.literal('facts'), label: z.string(), definition: z.string(), attributes: z.array(factAttribute).min(1) })
  .strict();

export type FactAttribute = z.infer<typeof factAttribute>;
export type FactsVocabulary = z.infer<typeof factsVocabularySchema>;

/** The vocabularies a deployment record is checked against, by the field that uses them. */
export const VOCABULARY_IDS = [
  'categories',
  'capabilities',
  'rights_at_risk',
  'affected_groups',
  'domains',
  'statuses',
  'deployer_types',
  'areas',
  'actor_types',
] as const;
export type VocabularyId = (typeof VOCABULARY_IDS)[number];

export interface Vocabularies {
  byId: Record<VocabularyId, Vocabulary>;
  facts: FactsVocabulary;
}

/** Ids of the terms of one vocabulary, in file order (the order the site shows them in). */
export function termIds(vocabs: Vocabularies, id: VocabularyId): string[] {
  return vocabs.byId[id].terms.map((t) => t.id);
}

/** A term's label in a language, falling back to English, then to the id itself. */
export function termLabel(vocabs: Vocabularies, id: VocabularyId, term: string, lang = 'en'): string {
  const found = vocabs.byId[id].terms.find((t) => t.id === term);
  if (!found) return term;
  return found.translations?.[lang]?.label ?? found.label;
}

/** A term as an editor left it through the site (stored in the database, over the files). */
export interface TermChange {
  vocabulary: VocabularyId;
  term: string;
  label: string;
  definition: string;
  retired: boolean;
}

/** What an editor may type for a term: the id only when adding it (ids never change). */
export const termEditSchema = z.object({
  term: termId,
  label: z.string().trim().min(1, 'give the term a label').max(200),
  definition: z.string().trim().min(1, 'give the term a one-sentence definition').max(2000),
  retired: z.boolean(),
});

/**
 * The files' vocabularies with editors' changes on top. A changed term keeps its place and its
 * translations; an added term goes at the end of its vocabulary. Nothing is ever removed, so a
 * record that uses a term stays valid whatever happens to the term.
 */
export function withTermChanges(files: Record<VocabularyId, Vocabulary>, changes: readonly TermChange[]): Record<VocabularyId, Vocabulary> {
  const out = {} as Record<VocabularyId, Vocabulary>;
  for (const id of VOCABULARY_IDS) {
    const mine = changes.filter((c) => c.vocabulary === id);
    const byTerm = new Map(mine.map((c) => [c.term, c]));
    const terms: Term[] = files[id].terms.map((t) => {
      const c = byTerm.get(t.id);
      if (!c) return t;
      byTerm.delete(t.id);
      return withRetired({ ...t, label: c.label, definition: c.definition }, c.retired);
    });
    for (const c of byTerm.values()) terms.push(withRetired({ id: c.term, label: c.label, definition: c.definition }, c.retired));
    out[id] = { ...files[id], terms };
  }
  return out;
}

function withRetired(t: Term, retired: boolean): Term {
  const { retired: _was, ...rest } = t;
  return retired ? { ...rest, retired: true } : rest;
}

/**
 * Reads and validates data/vocabularies/*.yaml. A broken vocabulary stops the program at start,
 * naming the file and the problem: every record and page depends on these terms.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import {
  VOCABULARY_IDS,
  factsVocabularySchema,
  vocabularySchema,
  type Vocabularies,
  type Vocabulary,
  type VocabularyId,
} from '../domain/vocabulary.ts';
import { formatZodIssues } from '../domain/problems.ts';

export class VocabularyError extends Error {}

async function readYaml(file: string): Promise<unknown> {
  try {
    return parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new VocabularyError(`${file}: ${(err as Error).message}`);
  }
}

/** Loads every vocabulary from a directory (default data/vocabularies). */
export async function loadVocabularies(dir: string): Promise<Vocabularies> {
  const byId = {} as Record<VocabularyId, Vocabulary>;
  for (const id of VOCABULARY_IDS) {
    const file = path.join(dir, `${id}.yaml`);
    const parsed = vocabularySchema.safeParse(await readYaml(file));
    if (!parsed.success) throw new VocabularyError(`${file}:\n${formatZodIssues(parsed.error.issues).join('\n')}`);
    if (parsed.data.id !== id) throw new VocabularyError(`${file}: id is "${parsed.data.id}", expected "${id}"`);
    byId[id] = parsed.data;
  }
  const factsFile = path.join(dir, 'facts.yaml');
  const facts = factsVocabularySchema.safeParse(await readYaml(factsFile));
  if (!facts.success) throw new VocabularyError(`${factsFile}:\n${formatZodIssues(facts.error.issues).join('\n')}`);
  return { byId, facts: facts.data };
}

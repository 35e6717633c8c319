import assert from 'node:assert/strict';
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { loadVocabularies, VocabularyError } from './vocabularies.ts';

const VOCAB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data/vocabularies');

test('the shipped vocabularies load, with a definition for every term', async () => {
  const v = await loadVocabularies(VOCAB_DIR);
  assert.ok(v.byId.categories.terms.length >= 9);
  for (const vocab of Object.values(v.byId)) for (const term of vocab.terms) assert.ok(term.definition.length > 10, `${vocab.id}.${term.id}`);
});

test('a broken vocabulary names the file and the problem', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'vocab-'));
  await cp(VOCAB_DIR, dir, { recursive: true });
  await writeFile(path.join(dir, 'statuses.yaml'), 'id: statuses\nlabel: S\ndefinition: D\nterms:\n  - { id: Active, label: A, definition: d }\n  - { id: x, label: X }\n');
  await assert.rejects(loadVocabularies(dir), (err: Error) => {
    assert.ok(err instanceof VocabularyError);
    assert.match(err.message, /statuses\.yaml/);
    assert.match(err.message, /terms\.0\.id: term ids are snake_case/);
    assert.match(err.message, /terms\.1\.definition/);
    return true;
  });
});

/**
 * A check worker thread: builds the catalogue from the vocabularies it is given (and compiles the
 * rule book from the rule sets, when given), then checks files on request (`checkFileRecords`:
 * read, parse, validate, assess, prepare for the database) and posts each result back. See
 * check-pool.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildCatalog } from '../domain/catalog.ts';
import type { Vocabularies } from '../domain/vocabulary.ts';
import { ruleBook, type RuleSource } from './assessment.ts';
import { checkFileRecords } from './check-files.ts';

const data = workerData as { vocabs: Vocabularies; rules?: RuleSource };
const catalog = buildCatalog(data.vocabs);
const book = data.rules && ruleBook(data.rules);

parentPort!.on('message', (msg: { id: number; file: string }) => {
  checkFileRecords(catalog, msg.file, book).then(
    (result) => parentPort!.postMessage({ id: msg.id, result }),
    (err: unknown) => parentPort!.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
parentPort!.postMessage({ ready: true });

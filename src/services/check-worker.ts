/**
 * A check worker thread: builds the catalogue from the vocabularies it is given, then checks
 * files on request (`checkFileRecords`: read, parse, validate, prepare for the database) and
 * posts each result back. See check-pool.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildCatalog } from '../domain/catalog.ts';
import type { Vocabularies } from '../domain/vocabulary.ts';
import { checkFileRecords } from './check-files.ts';

const catalog = buildCatalog((workerData as { vocabs: Vocabularies }).vocabs);

parentPort!.on('message', (msg: { id: number; file: string }) => {
  checkFileRecords(catalog, msg.file).then(
    (result) => parentPort!.postMessage({ id: msg.id, result }),
    (err: unknown) => parentPort!.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
parentPort!.postMessage({ ready: true });

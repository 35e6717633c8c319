/** What commands share: the configuration, the catalogue of vocabularies and schemas, the database. */
import path from 'node:path';
import { loadConfig, type Config } from '../config.ts';
import { buildCatalog, type Catalog } from '../domain/catalog.ts';
import { loadVocabularies } from '../files/vocabularies.ts';

export async function loadCatalog(config: Config = loadConfig()): Promise<{ config: Config; catalog: Catalog }> {
  const vocabs = await loadVocabularies(path.join(config.contentDir, 'vocabularies'));
  return { config, catalog: buildCatalog(vocabs) };
}

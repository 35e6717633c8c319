/**
 * `borderlens export --format json|jsonl|csv|datapackage --out <path>`: writes the whole
 * compendium. A data package is a directory (datapackage.json, deployments.csv, actors.csv).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { baseUrl, loadConfig } from '../config.ts';
import { connectFromConfig } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Deployment } from '../domain/deployment.ts';
import { allActors } from '../repositories/actors.repository.ts';
import { allDeployments } from '../repositories/deployments.repository.ts';
import { actorsCsv, dataPackageDescriptor, EXPORT_FORMATS, toCsv, toJson, toJsonl, type ExportFormat } from '../services/export-formats.ts';
import { UsageError } from './main.ts';

const USAGE = 'Usage: borderlens export --format json|jsonl|csv|datapackage --out <path>';

export async function exportCommand(args: string[]): Promise<number> {
  let values: { format?: string; out?: string };
  try {
    ({ values } = parseArgs({ args, options: { format: { type: 'string' }, out: { type: 'string' } } }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
  if (!values.format || !EXPORT_FORMATS.includes(values.format as ExportFormat)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}.\n${USAGE}`);
  if (!values.out) throw new UsageError(`--out is required.\n${USAGE}`);
  const format = values.format as ExportFormat;
  const config = loadConfig();
  const base = baseUrl(config);
  const { db, close } = await connectFromConfig(config);
  try {
    await migrateToLatest(db);
    const pageUrl = (slug: string) => `${base}/deployments/${slug}`;
    const records = allDeployments(db) as AsyncIterable<Deployment>;
    const write = async (file: string, chunks: AsyncIterable<string>) => {
      await mkdir(path.dirname(path.resolve(file)), { recursive: true });
      await pipeline(Readable.from(chunks), createWriteStream(file));
    };
    if (format === 'datapackage') {
      await mkdir(values.out, { recursive: true });
      await write(path.join(values.out, 'deployments.csv'), toCsv(records, pageUrl));
      await writeFile(path.join(values.out, 'actors.csv'), actorsCsv(await allActors(db), (s) => `${base}/actors/${s}`));
      const descriptor = dataPackageDescriptor({ created: new Date().toISOString(), homepage: base });
      await writeFile(path.join(values.out, 'datapackage.json'), `${JSON.stringify(descriptor, null, 2)}\n`);
    } else {
      const chunks = format === 'json' ? toJson(records, pageUrl) : format === 'jsonl' ? toJsonl(records, pageUrl) : toCsv(records, pageUrl);
      await write(values.out, chunks);
    }
    console.log(`Exported the compendium as ${format} to ${values.out}`);
    return 0;
  } finally {
    await close();
  }
}

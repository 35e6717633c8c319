/**
 * Open-data downloads under /data: the whole compendium (JSON, JSONL, CSV, data package) and
 * any filtered result of the explore page (the same query parameters, all pages).
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Deployment } from '../domain/deployment.ts';
import { allActors } from '../repositories/actors.repository.ts';
import { matchingRecords } from '../repositories/search.repository.ts';
import { actorsCsv, dataPackageDescriptor, toCsv, toJson, toJsonl } from '../services/export-formats.ts';
import type { AppDeps } from './deps.ts';
import { parseInput } from './validate.ts';
import { PUBLIC } from './access.ts';

export function registerDownloads(app: FastifyInstance, deps: AppDeps): void {
  const { db, config, baseUrl } = deps;
  const pageUrl = (slug: string) => `${baseUrl}/deployments/${slug}`;
  const records = (rawQuery: unknown) => {
    const query = parseInput(deps.searchQuerySchema, rawQuery);
    return matchingRecords(db, { ...query, sort: query.sort ?? 'title' }, config.searchLanguage) as AsyncIterable<Deployment>;
  };
  const stream = (reply: FastifyReply, type: string, filename: string, chunks: AsyncIterable<string>) =>
    reply
      .type(type)
      .header('content-disposition', `attachment; filename="${filename}"`)
      .send(Readable.from(chunks));

  app.get('/data/deployments.csv', PUBLIC, async (request, reply) => stream(reply, 'text/csv; charset=utf-8', 'borderlens-deployments.csv', toCsv(records(request.query), pageUrl)));
  app.get('/data/deployments.json', PUBLIC, async (request, reply) => stream(reply, 'application/json; charset=utf-8', 'borderlens-deployments.json', toJson(records(request.query), pageUrl)));
  app.get('/data/compendium.json', PUBLIC, async (_request, reply) => stream(reply, 'application/json; charset=utf-8', 'borderlens-compendium.json', toJson(records({}), pageUrl)));
  app.get('/data/compendium.jsonl', PUBLIC, async (_request, reply) => stream(reply, 'application/x-ndjson; charset=utf-8', 'borderlens-compendium.jsonl', toJsonl(records({}), pageUrl)));
  app.get('/data/actors.csv', PUBLIC, async (_request, reply) =>
    reply.type('text/csv; charset=utf-8').send(actorsCsv(await allActors(db), (s) => `${baseUrl}/actors/${s}`)),
  );
  app.get('/data/datapackage.json', PUBLIC, async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(dataPackageDescriptor({ created: new Date().toISOString(), homepage: baseUrl })),
  );
}

/**
 * The server side of a benchmark, run in a child process of bench/run.ts so that the load
 * generator never shares an event loop with it. Three kinds:
 *
 * - app: the real app (buildApp) against the loaded database, as `borderlens start` builds it
 *   (same configuration and connection pool), minus the request log;
 * - baseline: a bare node:http handler using pg directly with the naive SQL (ts_rank over every
 *   match, the count, one GROUP BY per facet with unnest), for the same URLs;
 * - static: a bare Fastify route returning fixed bodies (files captured from the app), for
 *   "repeated reads".
 *
 * It listens on 127.0.0.1 on a free port, reports the port over IPC, samples its resident set
 * size every 100 ms and reports the peak since the previous question when asked.
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import Fastify from 'fastify';
import pg from 'pg';
import { loadCatalog } from '../src/cli/context.ts';
import { loadConfig } from '../src/config.ts';
import { connectFromConfig } from '../src/db/connect.ts';
import { buildApp } from '../src/http/app.tsx';
import { prefixQuery } from '../src/repositories/search.repository.ts';
import { CONTENT_DIR, parseArgs } from './options.ts';

export type ServerKind = 'app' | 'baseline' | 'static';

export type ToServer = { type: 'rss' } | { type: 'stop' };
export type FromServer = { type: 'ready'; port: number } | { type: 'rss'; peak: number; current: number };

const args = parseArgs(process.argv.slice(2));
const kind = args.get('kind') as ServerKind;

let peak = 0;
const sample = () => {
  const rss = process.memoryUsage().rss;
  if (rss > peak) peak = rss;
};
setInterval(sample, 100).unref();

let stop: () => Promise<void> = async () => {};

process.on('message', (m: ToServer) => {
  if (m.type === 'rss') {
    sample();
    const current = process.memoryUsage().rss;
    process.send!({ type: 'rss', peak, current } satisfies FromServer);
    peak = current;
  } else if (m.type === 'stop') {
    void stop().finally(() => process.exit(0));
  }
});

async function startApp(): Promise<number> {
  const config = loadConfig(
    {},
    {
      databaseUrl: args.get('url'),
      dataDir: args.get('dir') ?? './var/db',
      contentDir: CONTENT_DIR,
      publicUrl: 'http://127.0.0.1:3000',
      logLevel: 'silent',
    },
  );
  const { catalog } = await loadCatalog(config);
  const { db, close } = await connectFromConfig(config);
  const app = await buildApp({ config, catalog, db, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  stop = async () => {
    await app.close();
    await close();
  };
  return (app.server.address() as { port: number }).port;
}

// ---------------------------------------------------------------------------------------------
// Baseline: the naive SQL, straight through pg
// ---------------------------------------------------------------------------------------------

// Every facet the app counts, the stored assessment's outcome and rule included.
const ARRAY_COLUMN: Record<string, string> = { country: 'countries', category: 'categories', capability: 'capabilities', right: 'rights', outcome: 'assessment_outcomes', rule: 'assessment_rules' };
const FACETS = ['country', 'category', 'capability', 'status', 'right', 'outcome', 'rule'];

function baselineSearch(pool: pg.Pool, params: URLSearchParams) {
  const q = params.get('q')?.trim() || undefined;
  const filters = Object.fromEntries(FACETS.map((f) => [f, params.getAll(f).map((v) => (f === 'country' ? v.toUpperCase() : v))]));
  const page = Number(params.get('page') ?? 1);
  const perPage = Number(params.get('per_page') ?? 20);
  const tsq = q ? prefixQuery(q) : undefined;

  // Builds "where …" and its parameters; `except` leaves one facet's own filter out.
  const where = (except?: string) => {
    const values: unknown[] = [];
    const parts: string[] = [];
    if (q) {
      values.push(tsq ?? q, q);
      const fn = tsq ? 'to_tsquery' : 'websearch_to_tsquery';
      parts.push(`(search @@ ${fn}('english', $${values.length - 1}) or lower(title) % lower($${values.length}))`);
    }
    for (const f of FACETS) {
      if (f === except || !filters[f]!.length) continue;
      values.push(filters[f]);
      parts.push(f === 'status' ? `status = any($${values.length}::text[])` : `${ARRAY_COLUMN[f]} && $${values.length}::text[]`);
    }
    if (params.get('from')) {
      values.push(Number(params.get('from')));
      parts.push(`start_year >= $${values.length}`);
    }
    if (params.get('to')) {
      values.push(Number(params.get('to')));
      parts.push(`start_year <= $${values.length}`);
    }
    return { sql: parts.length ? `where ${parts.join(' and ')}` : '', values };
  };

  const all = where();
  const order = q
    ? `ts_rank(search, ${tsq ? 'to_tsquery' : 'websearch_to_tsquery'}('english', $${all.values.length + 1})) desc, title`
    : 'start_year desc nulls last, period_start desc nulls last, title';
  const itemValues = q ? [...all.values, tsq ?? q] : all.values;
  const items = pool.query(
    `select slug, title, summary, countries, categories, status, period_start, start_year from deployments ${all.sql} order by ${order} limit ${perPage} offset ${(page - 1) * perPage}`,
    itemValues,
  );
  const total = pool.query<{ n: string }>(`select count(*) as n from deployments ${all.sql}`, all.values);
  const facets = FACETS.map((f) => {
    const w = where(f);
    const sql =
      f === 'status'
        ? `select status as value, count(*) as count from deployments ${w.sql} group by status`
        : `select v as value, count(*) as count from deployments cross join lateral unnest(${ARRAY_COLUMN[f]}) as v ${w.sql} group by v`;
    return pool.query<{ value: string; count: string }>(sql, w.values);
  });
  return Promise.all([items, total, ...facets]).then(([i, t, ...fs]) => ({
    items: i.rows,
    total: Number(t.rows[0]!.n),
    page,
    per_page: perPage,
    facets: Object.fromEntries(FACETS.map((f, k) => [f, fs[k]!.rows.map((r) => ({ value: r.value, count: Number(r.count) })).sort((a, b) => b.count - a.count)])),
  }));
}

async function startBaseline(): Promise<number> {
  const pool = new pg.Pool({ connectionString: args.get('url'), max: 10 });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    const fail = (err: unknown) => send(500, JSON.stringify({ error: String(err) }));
    if (url.pathname === '/healthz') {
      pool.query('select 1').then(() => send(200, '{"status":"ok"}'), fail);
    } else if (url.pathname === '/api/v1/deployments') {
      baselineSearch(pool, url.searchParams).then((r) => send(200, JSON.stringify(r)), fail);
    } else if (url.pathname.startsWith('/deployments/')) {
      const slug = decodeURIComponent(url.pathname.slice('/deployments/'.length));
      pool.query<{ record: unknown }>('select record from deployments where slug = $1', [slug]).then(
        (r) => (r.rows[0] ? send(200, JSON.stringify(r.rows[0].record)) : send(404, '{}')),
        fail,
      );
    } else send(404, '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stop = async () => {
    await new Promise((resolve) => server.close(resolve));
    await pool.end();
  };
  return (server.address() as { port: number }).port;
}

// ---------------------------------------------------------------------------------------------
// Static: fixed bodies from a bare Fastify
// ---------------------------------------------------------------------------------------------

async function startStatic(): Promise<number> {
  const app = Fastify({ logger: false });
  app.get('/healthz', async () => ({ status: 'ok' }));
  // --bodies "/route|file|content-type,/route2|file2|content-type"
  for (const spec of (args.get('bodies') ?? '').split(',').filter(Boolean)) {
    const [route, file, type] = spec.split('|') as [string, string, string];
    const body = await readFile(file, 'utf8');
    app.get(route, async (_req, reply) => reply.type(type).send(body));
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  stop = () => app.close();
  return (app.server.address() as { port: number }).port;
}

const port = kind === 'app' ? await startApp() : kind === 'baseline' ? await startBaseline() : await startStatic();
// Run by hand (no IPC channel, e.g. under --cpu-prof): print the port, stop cleanly on SIGTERM.
process.on('SIGTERM', () => void stop().finally(() => process.exit(0)));
if (process.send) process.send({ type: 'ready', port } satisfies FromServer);
else console.log(`${kind} server listening on http://127.0.0.1:${port}`);

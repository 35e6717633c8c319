/**
 * EXPLAIN (ANALYZE, BUFFERS) of the SQL the app issues for a request: the repository functions
 * run against the bench database through a Kysely instance that records every compiled
 * statement, and the statements are then replayed in one transaction, in order: SET statements
 * as they are (so `set local` settings apply as they do in the app), queries under EXPLAIN
 * with their parameters. The transaction is rolled back. PostgreSQL only.
 *
 *   node --import tsx bench/explain.ts --size 100k [--pg-url URL] [--url /api/v1/deployments?q=… (instead of one request per shape)]
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { buildSearchQuerySchema } from '../src/domain/search-query.ts';
import type { Database } from '../src/db/schema.ts';
import { completeRelated, findDeploymentPage } from '../src/repositories/deployments.repository.ts';
import { searchDeployments } from '../src/repositories/search.repository.ts';
import { loadCatalog } from './generate.ts';
import { DEFAULT_PG_URL, ensureDataset, targetFor } from './load.ts';
import { BENCH_OUT, parseArgs, parseSize, sizeLabel } from './options.ts';
import { representative } from './shapes.ts';

export interface ExplainedStatement {
  sql: string;
  parameters: readonly unknown[];
  plan: string;
  executionMs: number;
  planningMs: number;
  /** Sequential scans of the deployments table in the plan. */
  seqScan: boolean;
  /** Rows the statement's scans of deployments fetched (sum of "rows=" of the scan nodes' actuals). */
  rows: number;
}

export interface ExplainedRequest {
  shape: string;
  url: string;
  statements: ExplainedStatement[];
}

/** Statements the repositories issue for a request, without running them for real twice. */
async function capture(url: string, databaseUrl: string): Promise<CompiledQuery[]> {
  const captured: CompiledQuery[] = [];
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (e) => {
      if (e.level === 'query') captured.push(e.query);
    },
  });
  try {
    const u = new URL(url, 'http://localhost');
    if (u.pathname === '/api/v1/deployments' || u.pathname === '/deployments') {
      const catalog = await loadCatalog();
      const raw: Record<string, string | string[]> = {};
      for (const k of new Set(u.searchParams.keys())) {
        const all = u.searchParams.getAll(k);
        raw[k] = all.length === 1 ? all[0]! : all;
      }
      const query = buildSearchQuerySchema(catalog.vocabs).parse(raw);
      await searchDeployments(db, query, 'english');
    } else {
      const slug = decodeURIComponent(u.pathname.split('/').pop()!);
      const found = await findDeploymentPage(db, slug);
      if (!found) throw new Error(`no deployment ${slug}`);
      await completeRelated(db, found.record, found.related);
    }
  } finally {
    await db.destroy();
  }
  return captured;
}

export async function explainRequests(databaseUrl: string, requests: { shape: string; url: string }[]): Promise<ExplainedRequest[]> {
  const out: ExplainedRequest[] = [];
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const r of requests) {
      const statements: ExplainedStatement[] = [];
      await client.query('begin');
      for (const q of await capture(r.url, databaseUrl)) {
        if (/^\s*(set|reset)\s/i.test(q.sql)) {
          await client.query(q.sql, q.parameters as unknown[]);
          statements.push({ sql: q.sql, parameters: q.parameters, plan: '', executionMs: 0, planningMs: 0, seqScan: false, rows: 0 });
          continue;
        }
        if (!/^\s*(select|with)\s/i.test(q.sql)) continue;
        const res = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${q.sql}`, q.parameters as unknown[]);
        const plan = res.rows.map((row) => row['QUERY PLAN']).join('\n');
        const num = (re: RegExp) => Number(re.exec(plan)?.[1] ?? NaN);
        const scans = [...plan.matchAll(/(?:Seq Scan|Bitmap Heap Scan|Index Scan|Index Only Scan)[^\n]* on deployments\s[^\n]*actual time=[\d.]+\.\.[\d.]+ rows=(\d+) loops=(\d+)/g)];
        statements.push({
          sql: q.sql,
          parameters: q.parameters,
          plan,
          executionMs: num(/Execution Time: ([\d.]+) ms/),
          planningMs: num(/Planning Time: ([\d.]+) ms/),
          seqScan: /Seq Scan on deployments/.test(plan),
          rows: scans.reduce((n, m) => n + Number(m[1]) * Number(m[2]), 0),
        });
      }
      await client.query('rollback');
      out.push({ shape: r.shape, url: r.url, statements });
    }
  } finally {
    await client.end();
  }
  return out;
}

/** The plans as a text file, one section per request. */
export function explainText(title: string, explained: ExplainedRequest[]): string {
  const lines = [`# ${title}`, ''];
  for (const r of explained) {
    const total = r.statements.reduce((n, s) => n + s.executionMs, 0);
    lines.push(`## ${r.shape}: ${r.url}`, `${r.statements.length} statements, ${total.toFixed(1)} ms of execution in all (run one after another here; the app runs them concurrently)`, '');
    r.statements.forEach((s, i) => {
      if (!s.plan) {
        lines.push(`### statement ${i + 1}: ${s.sql}`, '');
        return;
      }
      lines.push(`### statement ${i + 1}: ${s.executionMs.toFixed(1)} ms${s.seqScan ? ', sequential scan of deployments' : ''}, ${s.rows} rows from deployments`);
      lines.push(s.sql.replace(/\s+/g, ' '), `-- parameters: ${JSON.stringify(s.parameters)}`, s.plan, '');
    });
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const size = parseSize(args.get('size') ?? '100k');
  const target = targetFor('postgres', size, args.get('pg-url') ?? DEFAULT_PG_URL);
  const { terms } = await ensureDataset(size, console.log);
  const given = args.get('url');
  const explained = await explainRequests(target.url!, given ? [{ shape: 'given', url: given }] : representative(terms));
  const file = path.join(BENCH_OUT, `explain-postgres-${sizeLabel(size)}${given ? '-given' : ''}.txt`);
  await writeFile(file, explainText(`EXPLAIN (ANALYZE, BUFFERS), PostgreSQL, ${sizeLabel(size)} records`, explained));
  for (const r of explained) {
    console.log(`${r.shape} ${r.url}`);
    for (const s of r.statements) console.log(`  ${s.executionMs.toFixed(1).padStart(8)} ms ${s.seqScan ? 'SEQ ' : '    '}${String(s.rows).padStart(7)} rows  ${s.sql.replace(/\s+/g, ' ').slice(0, 110)}`);
  }
  console.log(`Plans written to ${path.relative(process.cwd(), file)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();

/**
 * `npm run bench:assess`: how long the assessment engine takes over the benchmark compendium, on
 * the main thread (one core). It loads the rule book as the app does, generates the records with
 * the search benchmark's deterministic generator (record i is the same at every size), gives each
 * record legal `facts` (see `withFacts`) and times, over all of them, `assess(record, compiled,
 * asOf)` (the full report, as pages and the API show it) and `classify(record, compiled)` (what a
 * stored assessment keeps, as refreshAssessments computes it when the compendium is assessed),
 * each in its own pass over a batch. Nothing touches a database.
 *
 *   npm run bench:assess -- [--size 10k|100k|1m] [--as-of 2026-12-01] [--batch 10000]
 *                           [--only assess|classify] [--refresh] [--digest] [--seed N]
 *                           [--concurrent-sweeping]
 *
 *   --only     time one of the two (the other pass is skipped)
 *   --refresh  also time the former stored-assessment path (assess, then build the row from the
 *              report), in another pass over each batch
 *   --digest   a SHA-256 over every report as JSON (outside the timings): two runs with the same
 *              options give the same digest unless the engine's output changed; it also checks
 *              that classify gives, for every record, the row the report gives
 *   --concurrent-sweeping  leave V8's sweeping on its background thread, as before (see below)
 *
 * Records are generated and assessed a batch at a time, so a million records are never held at
 * once; only the loop over a generated batch is timed. Results go to
 * bench/out/assess-<size>.json and a summary to the terminal.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { buildCatalog } from '../src/domain/catalog.ts';
import type { Deployment } from '../src/domain/deployment.ts';
import { assess, classify, compileRules, type Assessment } from '../src/domain/assessment/engine.ts';
import { validateDeployment } from '../src/domain/validate-record.ts';
import type { FactAttribute } from '../src/domain/vocabulary.ts';
import { loadRules } from '../src/files/rulesets.ts';
import { loadVocabularies } from '../src/files/vocabularies.ts';
import { loadRuleBook } from '../src/services/assessment.ts';
import { DEFAULT_SEED, generateActors, generateRecord } from './generate.ts';
import { BENCH_OUT, CONTENT_DIR, parseArgs, parseSize, ROOT, sizeLabel } from './options.ts';
import { Rng } from './prng.ts';

const MB = 1024 * 1024;
const RULES_DIR = path.join(ROOT, 'rules');

/**
 * The generator gives one record in five a `facts` object, and then only its data categories, so
 * most rules would stop at their first unknown fact: a cheap, unrealistic assessment. Each record
 * here gets the other legal attributes of the facts vocabulary too, from its own seeded stream
 * (so record i gets the same facts at every size): each attribute stated with probability 0.6,
 * booleans true, false or "unknown". The generator itself is left alone, because the search
 * benchmark's cached databases are built from its output.
 */
function withFacts(record: Deployment, i: number, seed: number, attributes: readonly FactAttribute[]): Deployment {
  const rng = new Rng((seed ^ 0xfac75) + i * 2654435761);
  const facts: Record<string, unknown> = { ...(record.facts as Record<string, unknown> | undefined) };
  for (const a of attributes) {
    if (!rng.chance(0.6)) continue;
    let value: unknown;
    if (a.type === 'bool') value = rng.pick([true, true, false, 'unknown'] as const);
    else if (a.type === 'enum') value = rng.pick(a.values!);
    else if (a.type === 'set') value = rng.sample(a.values!, rng.int(1, Math.min(3, a.values!.length)));
    else {
      const y = rng.int(2015, 2028);
      value = rng.chance(0.5) ? String(y) : `${y}-${String(rng.int(1, 12)).padStart(2, '0')}`;
    }
    const [head, tail] = a.name.split('.') as [string, string | undefined];
    if (!tail) facts[head] ??= value;
    else ((facts[head] ??= {}) as Record<string, unknown>)[tail] = value;
  }
  return { ...record, facts } as Deployment;
}

/** The row refreshAssessments (src/services/refresh-assessments.ts) builds from a report. */
function storedRow(report: Assessment) {
  const applying = report.findings.filter((f) => f.result === 'applies');
  return {
    outcomes: [...new Set(applying.map((f) => f.outcome))],
    rules: applying.map((f) => f.rule_id),
    open: report.findings.filter((f) => f.result === 'undetermined').map((f) => f.rule_id),
  };
}

const ms = (from: bigint, to: bigint) => Number(to - from) / 1e6;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const size = parseSize(args.get('size') ?? '10k');
  const asOf = args.get('as-of') ?? '2026-12-01';
  const batchSize = Number(args.get('batch') ?? 10_000);
  const seed = args.has('seed') ? Number(args.get('seed')) : DEFAULT_SEED;
  const refresh = args.has('refresh');
  const only = args.get('only');
  if (only !== undefined && only !== 'assess' && only !== 'classify') throw new Error('--only assess or --only classify');
  const timeAssess = only !== 'classify';
  const timeClassify = only !== 'assess';
  const digest = args.has('digest') ? createHash('sha256') : undefined;
  // The collection before each batch (of the garbage of generating it) must be over before the
  // timed loop starts. V8 sweeps the freed memory on a background thread after the collection
  // has returned; on one core (taskset) that thread then runs during the timed loop, and its CPU
  // time is counted with the loop's: it made `--only classify` look 40 % slower ("records cold")
  // than the same loop after `assess`, which had given the sweeper time to finish. Without
  // concurrent sweeping, V8 sweeps on the main thread, and the sweeping of that garbage no longer
  // runs beside the timed loop: `classify` right after the collection then takes the CPU time it
  // takes on the same batch a second time. Sweeping after the loop's own collections is counted
  // either way.
  const concurrentSweeping = args.has('concurrent-sweeping');
  if (!concurrentSweeping) v8.setFlagsFromString('--no-concurrent-sweeping');
  console.log(`Assessment benchmark: ${sizeLabel(size)} records, as of ${asOf}, batches of ${batchSize.toLocaleString('en-GB')}, main thread only`);
  const loadavgBefore = os.loadavg().map((l) => Math.round(l * 100) / 100);
  if (loadavgBefore[0]! > 0.5) console.warn(`  The machine is not idle (load average ${loadavgBefore.join(', ')}): figures will be slower and noisier.`);

  // The rule book, as the app loads it (read, validated, checked, compiled).
  const vocabs = await loadVocabularies(path.join(CONTENT_DIR, 'vocabularies'));
  let t = process.hrtime.bigint();
  const book = await loadRuleBook(RULES_DIR, vocabs);
  const loadMs = ms(t, process.hrtime.bigint());
  // Compiling alone (what happens once per rule-set version), from the same files.
  const { rulesets, definitions } = await loadRules(RULES_DIR, vocabs);
  t = process.hrtime.bigint();
  compileRules(rulesets, definitions);
  const compileMs = ms(t, process.hrtime.bigint());
  const ruleCount = book.compiled.rules.length;
  console.log(`  rule book: ${book.rulesets.length} rule sets, ${ruleCount} rules; loaded in ${loadMs.toFixed(1)} ms, of which compiling ${compileMs.toFixed(2)} ms`);

  // Records that pass the real record schema: a sample of the records with facts is validated.
  const catalog = buildCatalog(vocabs);
  const attributes = vocabs.facts.attributes;
  const actors = generateActors(seed);

  let generateMs = 0;
  let assessMs = 0;
  let gcMs = 0;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) console.warn('  Run with node --expose-gc (as npm run bench:assess does): the timed loops will also collect the garbage of generating the records.');
  // CPU time of this process during the timed loops: on a machine others are using, wall-clock
  // time also counts the time the process waited for a core.
  let assessCpuMs = 0;
  let classifyMs = 0;
  let classifyCpuMs = 0;
  let classifyFirstBatchMs = 0;
  let classified = 0;
  let firstBatchMs = 0;
  let refreshMs = 0;
  let heapPeak = 0;
  let rssPeak = 0;
  let checked = 0;
  const counts = { findings: 0, applies: 0, undetermined: 0, gaps: 0, recordsWithApplying: 0, factsStated: 0 };
  const byOutcome: Record<string, number> = {};
  // What the reports say, counted as a caller reads them (the refresh path does as much): cheap
  // next to assessing, and it keeps the reports used. Reports are not kept, so they die young, as
  // they do in the app.
  const tally = (report: Assessment) => {
    counts.findings += report.findings.length;
    counts.gaps += report.gaps.length;
    let applying = 0;
    for (const f of report.findings) {
      if (f.result === 'applies') {
        applying++;
        byOutcome[f.outcome] = (byOutcome[f.outcome] ?? 0) + 1;
      }
    }
    counts.applies += applying;
    counts.undetermined += report.findings.length - applying;
    if (applying) counts.recordsWithApplying++;
  };

  for (let start = 0; start < size; start += batchSize) {
    const end = Math.min(size, start + batchSize);
    const n = end - start;
    // Generation: not part of the assessment figure.
    const g = process.hrtime.bigint();
    const batch: Deployment[] = new Array(n);
    for (let i = start; i < end; i++) batch[i - start] = withFacts(generateRecord(i, seed, actors).record, i, seed, attributes);
    generateMs += ms(g, process.hrtime.bigint());
    for (let k = 0; k < n; k += 997) {
      const v = validateDeployment(catalog, batch[k]);
      if (!v.ok) throw new Error(`record ${start + k} with facts is invalid: ${JSON.stringify(v.problems)}`);
      checked++;
    }
    for (const r of batch) counts.factsStated += Object.keys(r.facts ?? {}).length;

    // The garbage of generating the batch is collected before the timed loop, so that the loop
    // does not pay for it (node --expose-gc, as `npm run bench:assess` runs it).
    const c0 = process.hrtime.bigint();
    gc?.();
    gcMs += ms(c0, process.hrtime.bigint());

    // The assessment: only these loops are timed.
    if (timeAssess) {
      const cpu = process.cpuUsage();
      const a = process.hrtime.bigint();
      for (let k = 0; k < n; k++) tally(assess(batch[k]!, book.compiled, asOf));
      const batchMs = ms(a, process.hrtime.bigint());
      const used = process.cpuUsage(cpu);
      assessCpuMs += (used.user + used.system) / 1000;
      assessMs += batchMs;
      if (start === 0) firstBatchMs = batchMs;
    }
    if (timeClassify) {
      // What a stored assessment keeps; the rules that apply are counted, as a caller reads them.
      const cpu = process.cpuUsage();
      const a = process.hrtime.bigint();
      for (let k = 0; k < n; k++) classified += classify(batch[k]!, book.compiled).rules.length;
      const batchMs = ms(a, process.hrtime.bigint());
      const used = process.cpuUsage(cpu);
      classifyCpuMs += (used.user + used.system) / 1000;
      classifyMs += batchMs;
      if (start === 0) classifyFirstBatchMs = batchMs;
    }

    if (refresh) {
      // The stored-assessment path: assess, then the row that is saved (the database write is not timed).
      const r = process.hrtime.bigint();
      let sink = 0;
      for (let k = 0; k < n; k++) sink += storedRow(assess(batch[k]!, book.compiled, asOf)).rules.length;
      refreshMs += ms(r, process.hrtime.bigint());
      if (sink < 0) console.log(sink);
    }

    const mem = process.memoryUsage();
    heapPeak = Math.max(heapPeak, mem.heapUsed);
    rssPeak = Math.max(rssPeak, mem.rss);

    // Untimed: every report as JSON into the digest, and classify checked against the report.
    if (digest) {
      for (let k = 0; k < n; k++) {
        const report = assess(batch[k]!, book.compiled, asOf);
        digest.update(JSON.stringify(report));
        const row = (r: { rules: string[]; open: string[]; outcomes: string[] }) => JSON.stringify([r.rules, r.open, r.outcomes]);
        const want = row(storedRow(report));
        const got = row(classify(batch[k]!, book.compiled));
        if (got !== want) throw new Error(`record ${start + k}: classify gives ${got}, the report ${want}`);
      }
    }
    if (end % 100_000 === 0 || end === size) {
      console.log(`  ${end.toLocaleString('en-GB')} records (assess ${(assessMs / 1000).toFixed(2)} s, classify ${(classifyMs / 1000).toFixed(2)} s so far)`);
    }
  }

  const perRecordUs = (assessMs * 1000) / size;
  const steadyUs = size > batchSize ? ((assessMs - firstBatchMs) * 1000) / (size - batchSize) : perRecordUs;
  const classifyUs = (classifyMs * 1000) / size;
  const classifySteadyUs = size > batchSize ? ((classifyMs - classifyFirstBatchMs) * 1000) / (size - batchSize) : classifyUs;
  let commit = 'unknown';
  let srcChangesNotCommitted = 0;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src/domain/assessment'], { cwd: ROOT, encoding: 'utf8' }).trim();
    srcChangesNotCommitted = dirty ? dirty.split('\n').length : 0;
  } catch {
    // Not a git checkout.
  }
  const results = {
    when: new Date().toISOString(),
    size,
    asOf,
    batchSize,
    seed,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, commit, srcChangesNotCommitted, loadavgBefore, loadavgAfter: os.loadavg().map((l) => Math.round(l * 100) / 100) },
    concurrentSweeping,
    rules: { rulesets: book.rulesets.length, rules: ruleCount, loadMs, compileMs },
    generateSeconds: generateMs / 1000,
    gcBeforeBatchesSeconds: gcMs / 1000,
    ...(timeAssess
      ? { assess: { seconds: assessMs / 1000, cpuSeconds: assessCpuMs / 1000, perRecordUs, steadyPerRecordUs: steadyUs, firstBatchMs, recordsPerSecond: size / (assessMs / 1000) } }
      : {}),
    ...(timeClassify
      ? {
          classify: {
            seconds: classifyMs / 1000,
            cpuSeconds: classifyCpuMs / 1000,
            perRecordUs: classifyUs,
            steadyPerRecordUs: classifySteadyUs,
            firstBatchMs: classifyFirstBatchMs,
            recordsPerSecond: size / (classifyMs / 1000),
            rulesApplying: classified,
          },
        }
      : {}),
    ...(refresh ? { refresh: { seconds: refreshMs / 1000, perRecordUs: (refreshMs * 1000) / size } } : {}),
    memory: { heapUsedPeakMB: heapPeak / MB, rssPeakMB: rssPeak / MB },
    validatedSample: checked,
    counts: { ...counts, byOutcome: Object.fromEntries(Object.entries(byOutcome).sort()) },
    ...(digest ? { digest: digest.digest('hex') } : {}),
  };
  await mkdir(BENCH_OUT, { recursive: true });
  const file = path.join(BENCH_OUT, `assess-${sizeLabel(size)}.json`);
  await writeFile(file, JSON.stringify(results, null, 1));

  const perRecord = (n: number) => (n / size).toFixed(2);
  const row = (what: string, wallMs: number, cpuMs: number, firstMs: number, steady: number) =>
    `| ${sizeLabel(size)} | ${what} | ${compileMs.toFixed(2)} | ${(wallMs / 1000).toFixed(2)} | ${(cpuMs / 1000).toFixed(2)} | ${((wallMs * 1000) / size).toFixed(2)} | ${((cpuMs * 1000) / size).toFixed(2)} | ${Math.round(size / (wallMs / 1000)).toLocaleString('en-GB')} | ${(wallMs / cpuMs).toFixed(2)} | ${firstMs.toFixed(0)} | ${steady.toFixed(2)} |`;
  console.log(
    [
      '',
      `| size | what | compile ms | wall s | CPU s | µs/record | CPU µs/record | records/s | wall ÷ CPU | first batch ms | later µs/record |`,
      `| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
      ...(timeAssess ? [row('assess', assessMs, assessCpuMs, firstBatchMs, steadyUs)] : []),
      ...(timeClassify ? [row('classify', classifyMs, classifyCpuMs, classifyFirstBatchMs, classifySteadyUs)] : []),
      '',
      `Load average before ${loadavgBefore.join(', ')}, after ${results.machine.loadavgAfter.join(', ')}. The first batch runs with a cold JIT.`,
      `V8 sweeping: ${concurrentSweeping ? 'concurrent (--concurrent-sweeping: the sweeping after each untimed collection may run during the timed loops)' : 'on the main thread (the sweeping after each untimed collection does not run beside the timed loops)'}.`,
      `Generating the records (not counted): ${(generateMs / 1000).toFixed(1)} s; collecting its garbage before each batch (not counted): ${(gcMs / 1000).toFixed(1)} s.`,
      ...(refresh ? [`Stored-assessment path (assess + row): ${(refreshMs / 1000).toFixed(2)} s, ${((refreshMs * 1000) / size).toFixed(2)} µs/record.`] : []),
      `Heap used, peak after a batch: ${(heapPeak / MB).toFixed(0)} MB; RSS peak ${(rssPeak / MB).toFixed(0)} MB.`,
      `Per record: ${perRecord(counts.factsStated)} facts stated${timeAssess ? '' : ' (reports not made: --only classify)'}, ${perRecord(counts.findings)} findings (${perRecord(counts.applies)} apply, ${perRecord(counts.undetermined)} undetermined), ${perRecord(counts.gaps)} gaps; ${((counts.recordsWithApplying / size) * 100).toFixed(0)} % of records have a rule that applies.`,
      ...(digest ? [`Digest of every report: ${results.digest}`] : []),
      `Results written to ${path.relative(ROOT, file)}`,
    ].join('\n'),
  );
}

await main();

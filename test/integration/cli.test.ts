/**
 * The command line, run as a user runs it: a real process, real files, a real database (an
 * embedded one in a temporary directory, and a PostgreSQL database when available).
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { stringify as toYaml } from 'yaml';
import { ROOT } from '../helpers/app.ts';
import { createTestDb, testDialects } from '../helpers/databases.ts';
import { buildActor, buildDeployment } from '../helpers/records.ts';

const exec = promisify(execFile);

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [path.join(ROOT, 'bin/borderlens.js'), ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent', ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Runs the CLI with text on standard input (a piped password). */
function cliWithInput(args: string[], env: Record<string, string>, input: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/borderlens.js'), ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('CLI without a database', () => {
  test('unknown commands and missing options print usage and exit 1', async () => {
    const unknown = await cli(['frobnicate'], {});
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /Unknown command "frobnicate"/);
    assert.match(unknown.stderr, /borderlens import <file\|dir>/);
    const exp = await cli(['export', '--format', 'xml'], {});
    assert.equal(exp.code, 1);
    assert.match(exp.stderr, /--format must be one of json, jsonl, csv, datapackage/);
  });

  test('a bad configuration stops with what to fix', async () => {
    const res = await cli(['start'], { PORT: 'eighty' });
    assert.equal(res.code, 1);
    assert.match(res.stderr, /PORT="eighty"/);
  });

  test('validate lists every problem with file, line and field, and writes nothing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'borderlens-cli-'));
    const bad = path.join(dir, 'bad.yaml');
    await writeFile(bad, toYaml(buildDeployment({ status: 'live', authorities: [] })));
    const res = await cli(['validate', bad], {});
    assert.equal(res.code, 1);
    assert.match(res.stderr, new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+ status: unknown term; allowed: proposed`));
    assert.match(res.stdout, /1 file\(s\), 0 valid record\(s\), 1 file\(s\) with problems/);
    const good = await cli(['validate', path.join(ROOT, 'data')], {});
    assert.equal(good.code, 0, good.stderr);
  });

  test('validate and import accept a term editors added through the site, when the database has it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'borderlens-cli-'));
    const dataDir = path.join(dir, 'db');
    const file = path.join(dir, 'gait.yaml');
    await writeFile(file, toYaml(buildDeployment({ slug: 'gait-pilot', capabilities: ['gait_recognition'], authorities: [] })));
    assert.equal((await cli(['validate', file], { BORDERLENS_DATA: dataDir })).code, 1, 'no database: the files\' terms decide');
    assert.equal((await cli(['migrate'], { BORDERLENS_DATA: dataDir })).code, 0);
    const { connect } = await import('../../src/db/connect.ts');
    const { saveTermChange } = await import('../../src/repositories/vocabulary-terms.repository.ts');
    const conn = await connect({ dataDir });
    await conn.db.transaction().execute((trx) => saveTermChange(trx, { vocabulary: 'capabilities', term: 'gait_recognition', label: 'Gait recognition', definition: 'Identifying a person by the way they walk.', retired: false }));
    await conn.close();
    const valid = await cli(['validate', file], { BORDERLENS_DATA: dataDir });
    assert.equal(valid.code, 0, valid.stderr);
    const imported = await cli(['import', file], { BORDERLENS_DATA: dataDir });
    assert.equal(imported.code, 0, imported.stderr);
  });

  test('assess prints a report for a partial record, as Markdown or JSON, and exits 0 whatever it finds', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'borderlens-cli-'));
    const file = path.join(dir, 'kiosk.yaml');
    await writeFile(file, toYaml({ title: 'A lie-detecting kiosk', countries: ['GR'], domains: ['border_control'], capabilities: ['deception_detection'] }));
    const md = await cli(['assess', file, '--as-of', '2026-11-29'], {});
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /^# A lie-detecting kiosk/);
    assert.match(md.stdout, /AMNESTY-R2/);
    const json = await cli(['assess', file, '--format', 'json'], {});
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout);
    assert.ok(report.findings.some((f: { rule_id: string }) => f.rule_id === 'AMNESTY-R2'));
  });

  test('assess of an invalid record lists the problems and exits 1; bad options print usage', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'borderlens-cli-'));
    const file = path.join(dir, 'bad.yaml');
    await writeFile(file, toYaml({ capabilities: ['mind_reading'] }));
    const res = await cli(['assess', file], {});
    assert.equal(res.code, 1);
    assert.match(res.stderr, /capabilities\.0: unknown term; allowed: emotion_recognition/);
    assert.equal((await cli(['assess', file, '--as-of', '2026-02-30'], {})).code, 1);
    assert.equal((await cli(['assess', path.join(dir, 'missing.yaml')], {})).code, 1);
  });

  test('rules check runs every example; a malformed rule is named with its file and problem', async () => {
    const ok = await cli(['rules', 'check'], {});
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /example\(s\), 0 failed/);
    const dir = await mkdtemp(path.join(tmpdir(), 'borderlens-rules-'));
    await cp(path.join(ROOT, 'rules'), dir, { recursive: true });
    const file = path.join(dir, 'amnesty', 'ruleset.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('outcome: ban_called_for', 'outcome: frowned_upon'));
    const bad = await cli(['rules', 'check'], { BORDERLENS_RULES: dir });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /amnesty\/ruleset\.yaml rules\.0 \(AMNESTY-R1\)\.cases\.0\.outcome: unknown term; allowed: prohibited, ban_called_for/);
  });
});

for (const dialect of testDialects()) {
  describe(`CLI on ${dialect}`, () => {
    const env: Record<string, string> = { BORDERLENS_CONTENT: path.join(ROOT, 'data'), PUBLIC_URL: 'http://borderlens.test' };
    let dir: string;
    let close = async () => {};
    before(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'borderlens-cli-'));
      if (dialect === 'postgres') {
        const db = await createTestDb('postgres');
        await db.db.destroy();
        env.DATABASE_URL = db.url!;
        close = db.close;
      } else {
        env.BORDERLENS_DATA = path.join(dir, 'db');
      }
    });
    after(async () => close());

    test('import reports a summary, is idempotent, and rejects a bad file whole', async () => {
      const first = await cli(['import', path.join(ROOT, 'data')], env);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /created 4\d, updated 0, unchanged 0, rejected 0/);
      const again = await cli(['import', path.join(ROOT, 'data', 'compendium')], env);
      assert.match(again.stdout, /created 0, updated 0, unchanged 13, rejected 0/);
      const bad = path.join(dir, 'two.yaml');
      await writeFile(bad, toYaml([buildDeployment({ slug: 'fine-record', authorities: [] }), buildDeployment({ slug: 'broken-record', authorities: [], summary: 'Cites [4].' })]));
      const rejected = await cli(['import', bad], env);
      assert.equal(rejected.code, 1);
      assert.match(rejected.stderr, /summary: cites source 4, which the record does not list/);
      assert.match(rejected.stdout, /created 0, updated 0, unchanged 0, rejected 2/);
    });

    test('export writes JSON, JSONL, CSV and a data package of what was imported', async () => {
      for (const format of ['json', 'jsonl', 'csv']) {
        const out = path.join(dir, `out.${format}`);
        const res = await cli(['export', '--format', format, '--out', out], env);
        assert.equal(res.code, 0, res.stderr);
        const text = await readFile(out, 'utf8');
        assert.ok(text.includes('eu-iborderctrl'), format);
        assert.ok(!text.includes('fine-record'), 'nothing of a rejected file was written');
      }
      const pkgDir = path.join(dir, 'package');
      const res = await cli(['export', '--format', 'datapackage', '--out', pkgDir], env);
      assert.equal(res.code, 0, res.stderr);
      assert.deepEqual((await readdir(pkgDir)).sort(), ['actors.csv', 'datapackage.json', 'deployments.csv']);
      const pkg = JSON.parse(await readFile(path.join(pkgDir, 'datapackage.json'), 'utf8'));
      assert.equal(pkg.resources[0].path, 'deployments.csv');
      const csv = await readFile(path.join(pkgDir, 'deployments.csv'), 'utf8');
      assert.match(csv, /http:\/\/borderlens.test\/deployments\/eu-iborderctrl/);
    });

    test('users create makes the first admin from a piped password; weak ones are refused; verify checks the audit chain', async () => {
      const weak = await cliWithInput(['users', 'create', '--role', 'admin', '--login', 'root', '--display-name', 'Root'], env, 'password123\n');
      assert.equal(weak.code, 1);
      assert.match(weak.stderr, /password: use at least 12 characters/);
      const made = await cliWithInput(['users', 'create', '--role', 'admin', '--login', 'first-admin', '--display-name', 'First admin'], env, 'granite otter whistle 93\n');
      assert.equal(made.code, 0, made.stderr);
      assert.match(made.stdout, /Created admin "first-admin"/);
      const usage = await cli(['users', 'create', '--role', 'king', '--login', 'x', '--display-name', 'X'], env);
      assert.equal(usage.code, 1);
      assert.match(usage.stderr, /Usage: borderlens users create/);
      const verified = await cli(['verify'], env);
      assert.equal(verified.code, 0, verified.stderr);
      // The imports of the tests before (one entry a file that changed anything), and the new admin.
      const entries = Number(/The audit log holds: (\d+) entr/.exec(verified.stdout)?.[1]);
      assert.ok(entries > 1, verified.stdout);
      assert.match(verified.stdout, /every link checked/);
    });
  });
}

/**
 * Creating a PGlite cluster (initdb, in WebAssembly) takes seconds; opening one from a dump of a
 * freshly initialised cluster (less its template databases) takes well under one. We make that
 * dump once — at `npm ci` (postinstall) or, failing that, the first time it is needed — and keep
 * it under node_modules/.cache, keyed by the PGlite version. It holds no data of ours: only an
 * empty cluster, so it never goes stale with our migrations.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function pgliteVersion(): string {
  const entry = require.resolve('@electric-sql/pglite');
  let dir = path.dirname(entry);
  while (!dir.endsWith(`${path.sep}pglite`) && dir !== path.dirname(dir)) dir = path.dirname(dir);
  return (require(path.join(dir, 'package.json')) as { version: string }).version;
}

export function templatePath(): string {
  // "-db1": the cluster has one database (see below); a template made before that is not used.
  return path.join(ROOT, 'node_modules', '.cache', 'borderlens', `pglite-${pgliteVersion()}-db1.tar.gz`);
}

let pending: Promise<Blob> | undefined;

/** The dump of an empty cluster, made (and cached on disk) if it does not exist yet. */
export function pgliteTemplate(): Promise<Blob> {
  pending ??= (async () => {
    const file = templatePath();
    try {
      return new Blob([await readFile(file)]);
    } catch {
      const { PGlite } = await import('@electric-sql/pglite');
      const pg = await PGlite.create();
      // PGlite works in the database "postgres" and never creates another, so the cluster's two
      // template databases are dropped: a third of the files to unpack at every new cluster
      // (~0.3 s of CPU of the first start).
      await pg.exec(`update pg_database set datistemplate = false where datname in ('template0', 'template1')`);
      await pg.exec('drop database template0');
      await pg.exec('drop database template1');
      await pg.exec('checkpoint');
      const dump = await pg.dumpDataDir('gzip');
      await pg.close();
      await mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, Buffer.from(await dump.arrayBuffer()));
      await rename(tmp, file);
      return dump;
    }
  })();
  return pending;
}

// `node --import tsx src/db/pglite-template.ts` (the postinstall script) prepares the cache.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  pgliteTemplate()
    .then(() => console.log('Prepared the embedded database template.'))
    .catch((err: Error) => console.warn(`Could not prepare the embedded database template (${err.message}); it will be made on first start.`));
}

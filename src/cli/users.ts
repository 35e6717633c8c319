/**
 * `borderlens users create --role admin --login <login> --display-name <name> [--email <e-mail>]`:
 * creates an account on the server, the way the first admin is made (there is no default
 * password). The password is read from the terminal without echo, or from standard input when
 * it is piped (`printf '%s' "$PASSWORD" | borderlens users create …`), never from the command
 * line, where other users of the machine could see it.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { connectFromConfig } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { formatProblem } from '../domain/problems.ts';
import { ROLE_IDS, type Role } from '../domain/roles.ts';
import { createUser } from '../services/accounts.ts';
import { loadCatalog } from './context.ts';
import { UsageError } from './main.ts';

const USAGE = 'Usage: borderlens users create --role contributor|editor|admin --login <login> --display-name <name> [--email <e-mail>]';

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  const ask = (prompt: string) =>
    new Promise<string>((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
      // Echo nothing of what is typed.
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s) => {
        if (s.startsWith(prompt)) process.stderr.write(prompt);
      };
      rl.question(prompt, (answer) => {
        rl.close();
        process.stderr.write('\n');
        resolve(answer);
      });
    });
  const first = await ask('Password: ');
  const again = await ask('Password again: ');
  if (first !== again) throw new UsageError('The two passwords differ; nothing was created.');
  return first;
}

export async function usersCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'create') throw new UsageError(USAGE);
  let values;
  try {
    ({ values } = parseArgs({ args: rest, options: { role: { type: 'string' }, login: { type: 'string' }, 'display-name': { type: 'string' }, email: { type: 'string' } } }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
  const role = values.role as Role | undefined;
  if (!role || !ROLE_IDS.includes(role) || !values.login || !values['display-name']) throw new UsageError(USAGE);
  const { config } = await loadCatalog();
  const password = await readPassword();
  const { db, close } = await connectFromConfig(config);
  try {
    await migrateToLatest(db);
    const result = await createUser(db, { login: values.login, displayName: values['display-name'], role, password, email: values.email }, null);
    if ('problems' in result) {
      for (const p of result.problems) console.error(formatProblem(p));
      return 1;
    }
    console.log(`Created ${role} "${values.login}" (account ${result.id}).`);
    return 0;
  } finally {
    await close();
  }
}

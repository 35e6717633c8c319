/**
 * `borderlens <command>`: the command-line interface. Each command lives in its own file and
 * returns an exit code; this file only dispatches and prints usage.
 */
import { ConfigError } from '../config.ts';
import { VocabularyError } from '../files/vocabularies.ts';
import { RulesetError } from '../files/rulesets.ts';

interface Command {
  summary: string;
  usage: string;
  run: (args: string[]) => Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  start: { summary: 'Start the web server (migrates and loads the compendium on an empty database)', usage: 'start', run: async (a) => (await import('./start.ts')).start(a) },
  migrate: { summary: 'Bring the database schema up to date', usage: 'migrate', run: async (a) => (await import('./migrate.ts')).migrate(a) },
  import: { summary: 'Import records from files (YAML, JSON, JSONL, CSV)', usage: 'import <file|dir>...', run: async (a) => (await import('./import.ts')).importCommand(a) },
  export: { summary: 'Export the compendium', usage: 'export --format json|jsonl|csv|datapackage --out <path>', run: async (a) => (await import('./export.ts')).exportCommand(a) },
  assess: { summary: 'Assess one record (YAML or JSON, any field may be missing) against every rule set', usage: 'assess <file> [--as-of YYYY-MM-DD] [--format json|markdown]', run: async (a) => (await import('./assess.ts')).assessCommand(a) },
  users: { summary: 'Create an account (the first admin is made this way); the password is asked for, never an argument', usage: 'users create --role <role> --login <login> --display-name <name>', run: async (a) => (await import('./users.ts')).usersCommand(a) },
  verify: { summary: 'Recompute the audit log\'s hash chain and report the first broken link', usage: 'verify', run: async (a) => (await import('./verify.ts')).verifyCommand(a) },
  rules: { summary: 'Check the rule sets and run their worked examples; print their JSON Schema', usage: 'rules check|schema', run: async (a) => (await import('./rules.ts')).rulesCommand(a) },
  validate: { summary: 'Check files without writing anything', usage: 'validate <file|dir>...', run: async (a) => (await import('./validate.ts')).validate(a) },
};

function usage(): string {
  const width = Math.max(...Object.values(COMMANDS).map((c) => c.usage.length));
  const lines = Object.values(COMMANDS).map((c) => `  borderlens ${c.usage.padEnd(width)}  ${c.summary}`);
  return `Usage:\n${lines.join('\n')}\n\nConfiguration comes from environment variables; see docs/configuration.md.`;
}

/** Runs a command line; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${usage()}`);
    return 1;
  }
  try {
    return await command.run(args);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof VocabularyError || err instanceof RulesetError || err instanceof UsageError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
}

/** Thrown for a command line that does not make sense; printed without a stack trace. */
export class UsageError extends Error {}

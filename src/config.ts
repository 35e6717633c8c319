/**
 * The one typed configuration. Every setting has a default and a help text, and start-up fails
 * with the full list of problems and how to fix each. Nothing else reads process.env.
 */
import { z } from 'zod';

interface Setting {
  env: string;
  help: string;
  default?: string;
}

/** Every setting, documented; docs/configuration.md is written from this table. */
export const SETTINGS = {
  port: { env: 'PORT', default: '3000', help: 'TCP port the HTTP server listens on (1–65535).' },
  host: { env: 'HOST', default: '127.0.0.1', help: 'Address to listen on; 0.0.0.0 to accept connections from other machines.' },
  databaseUrl: { env: 'DATABASE_URL', help: 'PostgreSQL connection URL (postgres://user@host:5432/db). Unset: the embedded database in BORDERLENS_DATA.' },
  dataDir: { env: 'BORDERLENS_DATA', default: './var/db', help: 'Directory of the embedded database, used when DATABASE_URL is unset.' },
  contentDir: { env: 'BORDERLENS_CONTENT', default: './data', help: 'Directory with vocabularies/, actors/ and compendium/, loaded on start.' },
  rulesDir: { env: 'BORDERLENS_RULES', default: './rules', help: 'Directory with the assessment rule sets (definitions.yaml and one folder per rule set).' },
  publicUrl: { env: 'PUBLIC_URL', help: 'Public base URL of the site, used in exports and feeds (default http://HOST:PORT).' },
  searchLanguage: { env: 'SEARCH_LANGUAGE', default: 'english', help: 'PostgreSQL text-search configuration for stemming (english, simple, german, …).' },
  requireAdminTotp: { env: 'REQUIRE_ADMIN_TOTP', default: 'false', help: 'true: administrators must sign in with a one-time code (two-factor) to use admin pages.' },
  logLevel: { env: 'LOG_LEVEL', default: 'info', help: 'Log level: fatal, error, warn, info, debug, trace or silent.' },
} satisfies Record<string, Setting>;

const schema = z.object({
  port: z.coerce.number().int().min(1).max(65535),
  host: z.string().min(1),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  dataDir: z.string().min(1),
  contentDir: z.string().min(1),
  rulesDir: z.string().min(1),
  publicUrl: z.url().optional(),
  searchLanguage: z.string().regex(/^[a-z_]+$/, 'a PostgreSQL text search configuration name, e.g. english'),
  requireAdminTotp: z.union([z.boolean(), z.enum(['true', 'false'], { message: 'use true or false' }).transform((v) => v === 'true')]),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {}

/** Reads the configuration from an environment (process.env by default). */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const raw: Record<string, string | undefined> = {};
  for (const [key, s] of Object.entries(SETTINGS) as [keyof typeof SETTINGS, Setting][]) {
    const value = env[s.env];
    raw[key] = value === undefined || value === '' ? s.default : value;
  }
  const parsed = schema.safeParse({ ...raw, ...overrides });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const s = SETTINGS[issue.path[0] as keyof typeof SETTINGS];
      return `  ${s.env}=${JSON.stringify(raw[issue.path[0] as string] ?? '')}: ${issue.message}. ${s.help}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** The public base URL, without a trailing slash. */
export function baseUrl(config: Config): string {
  return (config.publicUrl ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`).replace(/\/$/, '');
}

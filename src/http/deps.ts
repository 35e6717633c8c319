/** What routes need from the rest of the program, handed to each route module by buildApp. */
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Catalog } from '../domain/catalog.ts';
import type { SearchQuery } from '../domain/search-query.ts';
import type { Database } from '../db/schema.ts';
import type { ViewContext } from '../views/context.ts';
import type { z } from 'zod';
import type { ResponseCache } from './response-cache.ts';
import type { RuleBook } from '../services/assessment.ts';

export interface AppDeps {
  config: Config;
  catalog: Catalog;
  /** The assessment rule sets, loaded and compiled at start. */
  rules: RuleBook;
  db: Kysely<Database>;
  view: ViewContext;
  /** Public base URL without trailing slash, for absolute links in exports. */
  baseUrl: string;
  searchQuerySchema: z.ZodType<SearchQuery>;
  /** Rendered GET responses, invalidated by the data version. */
  cache: ResponseCache;
}

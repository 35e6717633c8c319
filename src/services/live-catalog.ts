/**
 * The vocabularies while the program runs. They start as the files of data/vocabularies; editors
 * can then add, relabel and retire terms through the site (stored in the database). Every part of
 * the program holds the one Catalog object, so a change is applied to that object in place: its
 * vocabularies are replaced term list by term list and its schemas rebuilt, and its `revision`
 * goes up so that forms and questionnaires built from it are built again (catalog.derivedFrom).
 * Other app instances on the same database notice the change through meta.vocabulary_version,
 * read at most once a second.
 */
import type { Kysely } from 'kysely';
import { buildCatalog, type Catalog } from '../domain/catalog.ts';
import { VOCABULARY_IDS, withTermChanges, type Vocabulary, type VocabularyId } from '../domain/vocabulary.ts';
import type { Database } from '../db/schema.ts';
import { listTermChanges, vocabularyVersion } from '../repositories/vocabulary-terms.repository.ts';

export class LiveCatalog {
  /** The files' vocabularies, as loaded: the base every change is applied to. */
  private readonly files: Record<VocabularyId, Vocabulary>;
  private loadedVersion: string | undefined;
  private checkedAt = 0;
  private pending: Promise<boolean> | undefined;
  private readonly listeners: (() => void)[] = [];

  constructor(
    readonly catalog: Catalog,
    private readonly checkEveryMs = 1000,
  ) {
    this.files = { ...catalog.vocabs.byId };
  }

  /** Called after every change, in this process (e.g. to rebuild a schema made from the terms). */
  onChange(listener: () => void): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  /** Reads the editors' changes and applies them. */
  async load(db: Kysely<Database>): Promise<void> {
    const version = await vocabularyVersion(db);
    const changes = await listTermChanges(db);
    const merged = withTermChanges(this.files, changes);
    for (const id of VOCABULARY_IDS) this.catalog.vocabs.byId[id] = merged[id];
    const revision = this.catalog.revision + 1;
    Object.assign(this.catalog, buildCatalog(this.catalog.vocabs), { revision });
    this.loadedVersion = version;
    this.checkedAt = Date.now();
    for (const listener of this.listeners) listener();
  }

  /** Reloads if another process (or this one) changed a term since the last load; true if it did. */
  async refreshIfStale(db: Kysely<Database>, maxAgeMs = this.checkEveryMs): Promise<boolean> {
    if (Date.now() - this.checkedAt < maxAgeMs) return false;
    this.pending ??= (async () => {
      try {
        this.checkedAt = Date.now();
        if ((await vocabularyVersion(db)) === this.loadedVersion) return false;
        await this.load(db);
        return true;
      } finally {
        this.pending = undefined;
      }
    })();
    return this.pending;
  }
}

const live = new WeakMap<Catalog, LiveCatalog>();

/**
 * The one LiveCatalog of a catalog, made on first use: the CLI applies the editors' terms before
 * an import, then the app takes over the same catalog, keeping the files' vocabularies as base.
 */
export function liveCatalog(catalog: Catalog): LiveCatalog {
  let found = live.get(catalog);
  if (!found) {
    found = new LiveCatalog(catalog);
    live.set(catalog, found);
  }
  return found;
}

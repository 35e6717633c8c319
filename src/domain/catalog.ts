/**
 * The vocabularies together with the schemas built from them: what every part of the program
 * needs to understand a record. Built once at start-up.
 */
import { buildActorSchema, type ActorSchema } from './actor.ts';
import { buildDeploymentSchema, buildPartialDeploymentSchema, type DeploymentSchema } from './deployment.ts';
import type { Vocabularies } from './vocabulary.ts';

export interface Catalog {
  vocabs: Vocabularies;
  deploymentSchema: DeploymentSchema;
  /** Every field optional: a proposed system or a draft, as the assessment accepts it. */
  partialDeploymentSchema: ReturnType<typeof buildPartialDeploymentSchema>;
  actorSchema: ActorSchema;
  /** Counts rebuilds: editors can change terms while the program runs (services/live-catalog). */
  revision: number;
}

export function buildCatalog(vocabs: Vocabularies): Catalog {
  return {
    vocabs,
    deploymentSchema: buildDeploymentSchema(vocabs),
    partialDeploymentSchema: buildPartialDeploymentSchema(vocabs),
    actorSchema: buildActorSchema(vocabs),
    revision: 0,
  };
}

/**
 * A value built from the catalogue (a form, a questionnaire), built again only after the
 * vocabularies changed. Routes hold one of these instead of a value built at start-up.
 */
export function derivedFrom<T>(catalog: Catalog, build: (catalog: Catalog) => T): () => T {
  let builtAt = -1;
  let value: T;
  return () => {
    if (builtAt !== catalog.revision) {
      value = build(catalog);
      builtAt = catalog.revision;
    }
    return value;
  };
}

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
}

export function buildCatalog(vocabs: Vocabularies): Catalog {
  return {
    vocabs,
    deploymentSchema: buildDeploymentSchema(vocabs),
    partialDeploymentSchema: buildPartialDeploymentSchema(vocabs),
    actorSchema: buildActorSchema(vocabs),
  };
}

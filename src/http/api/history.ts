/** The JSON twins of the history pages: every revision of a deployment, an actor or a term. */
import { notFound } from '../../errors.ts';
import { findActor } from '../../repositories/actors.repository.ts';
import { findDeployment } from '../../repositories/deployments.repository.ts';
import { listRevisions, type RevisionEntity } from '../../repositories/revisions.repository.ts';
import { findTerm, termKey } from '../../services/vocabulary-editing.ts';
import type { AppDeps } from '../deps.ts';
import { apiRoute, type ApiRoute } from './route.ts';
import { historySchema, slugParams, termParams } from './schemas.ts';

export function historyRoutes(deps: AppDeps): ApiRoute<any, any, any>[] {
  const { db, catalog } = deps;
  const revisions = async (entity: RevisionEntity, key: string) => ({
    revisions: (await listRevisions(db, entity, key)).map((r) => ({ number: r.number, at: new Date(r.at).toISOString(), author: r.author_name, reason: r.reason, snapshot: r.snapshot })),
  });
  return [
    apiRoute({
      method: 'GET',
      url: '/api/v1/deployments/:slug/history',
      operationId: 'getDeploymentHistory',
      summary: 'Every published revision of a deployment, newest first',
      tag: 'History',
      params: slugParams,
      response: historySchema,
      errors: [404],
      handler: async ({ params }) => {
        if (!(await findDeployment(db, params.slug))) throw notFound(`No deployment "${params.slug}"`);
        return revisions('deployment', params.slug);
      },
    }),
    apiRoute({
      method: 'GET',
      url: '/api/v1/actors/:slug/history',
      operationId: 'getActorHistory',
      summary: 'Every revision of an actor, newest first',
      tag: 'History',
      params: slugParams,
      response: historySchema,
      errors: [404],
      handler: async ({ params }) => {
        if (!(await findActor(db, params.slug))) throw notFound(`No actor "${params.slug}"`);
        return revisions('actor', params.slug);
      },
    }),
    apiRoute({
      method: 'GET',
      url: '/api/v1/vocabularies/:vocabulary/terms/:term/history',
      operationId: 'getTermHistory',
      summary: 'Every revision of a vocabulary term, newest first',
      description: 'Terms from the vocabulary files have no revision until an editor first changes them; that change records the term as it was in the files as revision 1.',
      tag: 'History',
      params: termParams,
      response: historySchema,
      errors: [404],
      handler: async ({ params }) => {
        if (!findTerm(catalog, params.vocabulary, params.term)) throw notFound(`No term "${params.term}" in ${params.vocabulary}`);
        return revisions('term', termKey(params.vocabulary, params.term));
      },
    }),
  ];
}

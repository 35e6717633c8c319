/** The pages of single records: a deployment, an actor, and the list of actors. */
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../errors.ts';
import { actorNames, deploymentsOfActor, findActor, listActors } from '../../repositories/actors.repository.ts';
import { completeRelated, findDeploymentPage } from '../../repositories/deployments.repository.ts';
import { ActorListPage, ActorPage } from '../../views/pages/actor.tsx';
import { DeploymentPage } from '../../views/pages/deployment.tsx';
import { renderPage } from '../../views/render.tsx';
import { slugParams } from '../api/schemas.ts';
import type { AppDeps } from '../deps.ts';
import { parseInput } from '../validate.ts';
import { html } from './html.ts';
import { assessWith, presentAssessment } from '../../services/assessment.ts';
import { PUBLIC } from '../access.ts';

export function registerRecordPages(app: FastifyInstance, deps: AppDeps): void {
  const { db, view, cache, rules } = deps;

  app.get('/deployments/:slug', PUBLIC, cache.handler(async (request) => {
    const { slug } = parseInput(slugParams, request.params);
    // One statement, and a second only for a record of a small category and country: each round
    // trip adds to the page's time.
    const found = await findDeploymentPage(db, slug);
    if (!found) throw notFound(`No deployment "${slug}"`);
    const { record, actorNames: names, archivedAt: archived } = found;
    const related = await completeRelated(db, record, found.related);
    const assessment = presentAssessment(assessWith(rules, record), rules, view);
    return html(renderPage(view, <DeploymentPage record={record} actorNames={names} related={related} assessment={assessment} rulesets={rules.rulesets} archivedAt={archived ?? undefined} />));
  }));

  app.get('/actors', PUBLIC, cache.handler(async () => html(renderPage(view, <ActorListPage actors={await listActors(db)} />))));

  app.get('/actors/:slug', PUBLIC, cache.handler(async (request) => {
    const { slug } = parseInput(slugParams, request.params);
    const actor = await findActor(db, slug);
    if (!actor) throw notFound(`No actor "${slug}"`);
    const [deployments, parent] = await Promise.all([deploymentsOfActor(db, slug), actor.parent ? actorNames(db, [actor.parent]) : undefined]);
    return html(renderPage(view, <ActorPage actor={actor} parentName={parent?.get(actor.parent!)} deployments={deployments} />));
  }));
}

/** An actor's page, and the list of all actors. */
import type { Actor } from '../../domain/actor.ts';
import { DeploymentCard, type CardData } from '../components/deployment-card.tsx';
import { useView } from '../context.ts';
import { Layout } from '../layout.tsx';

export interface ActorProps {
  actor: Actor;
  parentName?: string;
  deployments: (CardData & { roles: string[] })[];
}

export function ActorPage({ actor, parentName, deployments }: ActorProps) {
  const { t, term, country } = useView();
  return (
    <Layout title={actor.name} json={`/api/v1/actors/${actor.slug}`}>
      <h1>{actor.name}</h1>
      {actor.description && <p class="lead">{actor.description}</p>}
      <dl class="facts">
        <div>
          <dt>{t('actor.type')}</dt>
          <dd>{term('actor_types', actor.type)}</dd>
        </div>
        {actor.countries?.length ? (
          <div>
            <dt>{t('actor.countries')}</dt>
            <dd>{actor.countries.map(country).join(', ')}</dd>
          </div>
        ) : null}
        {actor.parent && (
          <div>
            <dt>{t('actor.parent')}</dt>
            <dd>
              <a href={`/actors/${actor.parent}`}>{parentName ?? actor.parent}</a>
            </dd>
          </div>
        )}
        {actor.url && (
          <div>
            <dt>{t('actor.website')}</dt>
            <dd>
              <a href={actor.url} rel="noreferrer">
                {actor.url}
              </a>
            </dd>
          </div>
        )}
      </dl>
      <h2>{t('actor.deployments')}</h2>
      <ul class="cards">
        {deployments.map((d) => (
          <li>
            <p class="roles">{d.roles.map((r) => t(`role.${r as 'authority' | 'vendor' | 'funder'}`)).join(', ')}</p>
            <DeploymentCard item={d} />
          </li>
        ))}
      </ul>
      <p>
        <a href={`/actors/${actor.slug}/history`}>{t('history.actorLink')}</a> · <a href={`/review/actors/${actor.slug}/edit`}>{t('form.actor.editLink')}</a>
      </p>
    </Layout>
  );
}

export interface ActorListProps {
  actors: { slug: string; name: string; type: string; deployments: number }[];
}

export function ActorListPage({ actors }: ActorListProps) {
  const { t, term, plural } = useView();
  return (
    <Layout title={t('actor.title')} json="/api/v1/actors">
      <h1>{t('actor.title')}</h1>
      <p class="lead">{t('actor.lead')}</p>
      <ul class="index-list">
        {actors.map((a) => (
          <li>
            <a href={`/actors/${a.slug}`}>{a.name}</a> <span class="muted">{term('actor_types', a.type)} · {plural('count.deployments', a.deployments)}</span>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

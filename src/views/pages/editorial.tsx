/** The review queue, a draft with its diff and actions, a contributor's drafts, and a record's history. */
import type { FieldChange } from '../../domain/record-diff.ts';
import type { DraftRow } from '../../repositories/drafts.repository.ts';
import type { RevisionRow } from '../../repositories/revisions.repository.ts';
import type { Action } from '../../domain/workflow.ts';
import { useView } from '../context.ts';
import { Layout } from '../layout.tsx';
import { RestoreList } from '../components/restore-list.tsx';

const fmt = (lang: string) => new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

function DraftList({ drafts }: { drafts: DraftRow[] }) {
  const { t, lang } = useView();
  if (drafts.length === 0) return <p>{t('drafts.none')}</p>;
  return (
    <ul class="findings">
      {drafts.map((d) => (
        <li class="finding">
          <a href={`/review/drafts/${d.id}`}>{t(d.entity === 'actor' ? 'drafts.actorDraft' : 'drafts.draft', { id: d.id, key: d.key })}</a> · <span class="badge">{t(`drafts.state.${d.state}`)}</span>{' '}
          <span class="muted">
            {d.base_number === null ? t('drafts.newRecord') : d.base_number === 0 ? t('drafts.changeToPublished') : t('drafts.changeTo', { n: d.base_number })} · {t('drafts.by', { name: d.author_name, date: fmt(lang).format(d.updated_at) })}
            {d.claimed_name && <> · {t('drafts.claimedByName', { name: d.claimed_name })}</>}
          </span>
          {d.reason && <p>{d.reason}</p>}
        </li>
      ))}
    </ul>
  );
}

/** The states an editor can list in the review queue (a contributor's unsubmitted drafts are theirs). */
export const QUEUE_STATES = ['in_review', 'changes_requested', 'rejected', 'published'] as const;

export interface QueueFilter {
  state: (typeof QUEUE_STATES)[number];
  kind?: 'new' | 'change' | 'actor';
  claimed: 'anyone' | 'me' | 'nobody';
  sort: 'oldest' | 'newest';
}

function QueueForm({ queue }: { queue: QueueFilter }) {
  const { t } = useView();
  const select = (name: string, label: string, value: string, options: [string, string][]) => (
    <div class="question">
      <label for={`queue-${name}`}>{label}</label>{' '}
      <select id={`queue-${name}`} name={name}>
        {options.map(([v, text]) => (
          <option value={v} selected={v === value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form method="get" action="/review" class="queue-filter">
      {select('state', t('queue.state'), queue.state, QUEUE_STATES.map((s) => [s, t(`drafts.state.${s}`)]))}
      {select('kind', t('queue.kind'), queue.kind ?? '', [['', t('queue.kind.any')], ['new', t('queue.kind.new')], ['change', t('queue.kind.change')], ['actor', t('queue.kind.actor')]])}
      {select('claimed', t('queue.claimed'), queue.claimed, [['anyone', t('queue.claimed.anyone')], ['me', t('queue.claimed.me')], ['nobody', t('queue.claimed.nobody')]])}
      {select('sort', t('queue.sort'), queue.sort, [['oldest', t('queue.sort.oldest')], ['newest', t('queue.sort.newest')]])}
      <button type="submit" class="secondary">
        {t('queue.apply')}
      </button>
    </form>
  );
}

/** A list of drafts: the editors' review queue (with its filters), or a contributor's own drafts. */
export function DraftsPage({ drafts, mine, queue }: { drafts: DraftRow[]; mine: boolean; queue?: QueueFilter }) {
  const { t } = useView();
  const title = mine ? t('drafts.mine') : t('drafts.queue');
  return (
    <Layout title={title}>
      <h1>{title}</h1>
      <p class="lead">{mine ? t('drafts.mineLead') : t('drafts.queueLead')}</p>
      <p>
        {mine ? (
          <a href="/contribute/new">{t('form.title.new')}</a>
        ) : (
          <>
            <a href="/review/suggestions">{t('drafts.suggestions')}</a> · <a href="/review/vocabularies">{t('vocab.admin.title')}</a>
          </>
        )}
      </p>
      {queue && <QueueForm queue={queue} />}
      <DraftList drafts={drafts} />
    </Layout>
  );
}

/** Why the last action was refused, at the top of a draft's or a record's editor page. */
function ProblemList({ problems }: { problems: string[] }) {
  if (problems.length === 0) return null;
  return (
    <div class="error-summary" role="alert">
      <ul>
        {problems.map((p) => (
          <li>{p}</li>
        ))}
      </ul>
    </div>
  );
}

function Value({ value }: { value: unknown }) {
  if (value === undefined) return <em>—</em>;
  return <pre class="diff-value">{typeof value === 'string' ? value : JSON.stringify(value, null, 2)}</pre>;
}

/** Field by field: the published record against a draft, or one revision against another. */
export function DiffTable({ changes, before, after }: { changes: FieldChange[]; before?: string; after?: string }) {
  const { t } = useView();
  const [beforeLabel, afterLabel] = [before ?? t('drafts.before'), after ?? t('drafts.after')];
  return (
    <table class="rules-table diff">
      <thead>
        <tr>
          <th scope="col">{t('drafts.field')}</th>
          <th scope="col">{beforeLabel}</th>
          <th scope="col">{afterLabel}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr>
            <th scope="row">{c.field}</th>
            <td data-label={beforeLabel}>
              <Value value={c.before} />
            </td>
            <td data-label={afterLabel}>
              <Value value={c.after} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface DraftPageProps {
  draft: DraftRow;
  changes: FieldChange[];
  comments: { author_name: string; body: string; created_at: Date }[];
  actions: Action[];
  csrf: string;
  problems: string[];
  /** Set when a revision was published after the one the draft started from. */
  rebased?: { since: number; conflicts: string[] };
}

export function DraftPage({ draft, changes, comments, actions, csrf, problems, rebased }: DraftPageProps) {
  const { t, lang } = useView();
  const title = t(draft.entity === 'actor' ? 'drafts.actorDraft' : 'drafts.draft', { id: draft.id, key: draft.key });
  return (
    <Layout title={title}>
      <p class="muted">
        <a href="/review">{t('drafts.queue')}</a> · <a href="/contribute">{t('drafts.mine')}</a>
      </p>
      <h1>{title}</h1>
      <p>
        <span class="badge">{t(`drafts.state.${draft.state}`)}</span> {draft.base_number === null ? t('drafts.newRecord') : draft.base_number === 0 ? t('drafts.changeToPublished') : t('drafts.changeTo', { n: draft.base_number })} ·{' '}
        {t('drafts.by', { name: draft.author_name, date: fmt(lang).format(draft.updated_at) })}
      </p>
      {draft.claimed_by && <p class="muted">{draft.claimed_name ? t('drafts.claimedByName', { name: draft.claimed_name }) : t('drafts.claimedBy')}</p>}
      {draft.reason && <p>{draft.reason}</p>}
      {actions.includes('submit') && (
        <p>
          <a href={`/review/drafts/${draft.id}/${draft.entity === 'actor' ? 'actor' : 'edit'}`}>{t('form.title.draft', { id: draft.id })}</a>
        </p>
      )}
      <ProblemList problems={problems} />
      <h2>{t('drafts.diff')}</h2>
      {rebased && (
        <p class={rebased.conflicts.length ? 'notice warning' : 'notice'}>
          {rebased.conflicts.length
            ? t('drafts.conflicts', { since: rebased.since, fields: rebased.conflicts.join(', ') })
            : t('drafts.rebased', { since: rebased.since })}
        </p>
      )}
      <DiffTable changes={changes} />
      {comments.length > 0 && (
        <>
          <h2>{t('drafts.comments')}</h2>
          <ul>
            {comments.map((c) => (
              <li>
                <strong>{c.author_name}</strong> <span class="muted">{fmt(lang).format(c.created_at)}</span>
                <p class="preserve">{c.body}</p>
              </li>
            ))}
          </ul>
        </>
      )}
      {actions.length > 0 && (
        <form method="post" action={`/review/drafts/${draft.id}`} class="questionnaire">
          <input type="hidden" name="_csrf" value={csrf} />
          {actions.includes('submit') && (
            <div class="question">
              <label for="reason">{t('drafts.reason')}</label>
              <input type="text" id="reason" name="reason" value={draft.reason ?? ''} />
            </div>
          )}
          {actions.some((a) => a !== 'submit' && a !== 'claim') && (
            <div class="question">
              <label for="note">{t('drafts.note')}</label>
              <textarea id="note" name="note" rows={3}></textarea>
            </div>
          )}
          <div class="step-buttons">
            {actions.map((a) => (
              <button type="submit" name="action" value={a} class={a === 'reject' || a === 'request_changes' ? 'secondary' : undefined}>
                {t(`drafts.action.${a}`)}
              </button>
            ))}
          </div>
        </form>
      )}
    </Layout>
  );
}

/** What a history page is about: a deployment, an actor or a vocabulary term. */
export interface HistorySubject {
  title: string;
  /** The subject's public page, if it has one. */
  href?: string;
  historyHref: string;
  jsonHref: string;
  /** Where editors change it (restore, archive, edit), and what that link says. */
  manageHref?: string;
  manageLabel?: string;
}

/** A choice of one of a record's revisions (the compare form's "from" and "to"). */
function RevisionSelect({ name, numbers, selected }: { name: string; numbers: number[]; selected: number }) {
  const { t } = useView();
  return (
    <select id={`compare-${name}`} name={name}>
      {numbers.map((n) => (
        <option value={String(n)} selected={n === selected}>
          {t('history.revision', { n })}
        </option>
      ))}
    </select>
  );
}

export function HistoryPage({ subject, revisions, diff }: { subject: HistorySubject; revisions: RevisionRow[]; diff?: { from: number; to: number; changes: FieldChange[] } }) {
  const { t, lang } = useView();
  const { title } = subject;
  const numbers = revisions.map((r) => r.number);
  return (
    <Layout title={t('history.title', { title })} json={subject.jsonHref}>
      {subject.href && (
        <p class="muted">
          <a href={subject.href}>{title}</a>
        </p>
      )}
      <h1>{t('history.title', { title })}</h1>
      <p class="lead">{t('history.lead')}</p>
      {diff && (
        <section aria-labelledby="diff">
          <h2 id="diff">{t('history.diffTitle', { from: diff.from, to: diff.to })}</h2>
          {diff.changes.length ? <DiffTable changes={diff.changes} before={t('history.revision', { n: diff.from })} after={t('history.revision', { n: diff.to })} /> : <p>{t('history.same')}</p>}
        </section>
      )}
      {numbers.length > 1 && (
        <form method="get" action={subject.historyHref} class="compare">
          <label for="compare-from">{t('history.from')}</label> <RevisionSelect name="from" numbers={numbers} selected={diff?.from ?? numbers[1]!} />{' '}
          <label for="compare-to">{t('history.to')}</label> <RevisionSelect name="to" numbers={numbers} selected={diff?.to ?? numbers[0]!} />{' '}
          <button type="submit" class="secondary">
            {t('history.compareAny')}
          </button>
        </form>
      )}
      {subject.manageHref && (
        <p>
          <a href={subject.manageHref}>{subject.manageLabel ?? t('history.manage')}</a>
        </p>
      )}
      {revisions.length === 0 && <p>{t('history.none')}</p>}
      <ol reversed class="findings">
        {revisions.map((r) => (
          <li class="finding">
            <strong>{t('history.revision', { n: r.number })}</strong> · {t('history.by', { name: r.author_name ?? t('history.system'), date: fmt(lang).format(new Date(r.at)) })}
            <p>{r.reason}</p>
            {r.number > 1 && <a href={`${subject.historyHref}?from=${r.number - 1}&to=${r.number}#diff`}>{t('history.compare')}</a>}
          </li>
        ))}
      </ol>
    </Layout>
  );
}

export function ManagePage({ slug, title, revisions, archived, csrf, problems }: { slug: string; title: string; revisions: RevisionRow[]; archived: boolean; csrf: string; problems: string[] }) {
  const { t } = useView();
  return (
    <Layout title={t('manage.title', { title })}>
      <p class="muted">
        <a href={`/deployments/${slug}/history`}>{t('history.title', { title })}</a>
      </p>
      <h1>{t('manage.title', { title })}</h1>
      <ProblemList problems={problems} />
      <p>{t('manage.archiveLead')}</p>
      <form method="post" action={`/review/deployments/${slug}/archive`}>
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="archive" value={archived ? 'false' : 'true'} />
        <label for="archive-reason">{t('manage.reason')}</label> <input type="text" id="archive-reason" name="reason" required />{' '}
        <button type="submit" class="secondary">
          {archived ? t('manage.unarchive') : t('manage.archive')}
        </button>
      </form>
      <RestoreList revisions={revisions} action={`/review/deployments/${slug}/restore`} csrf={csrf} />
    </Layout>
  );
}

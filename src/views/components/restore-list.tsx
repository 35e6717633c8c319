/**
 * An editor's list of earlier revisions, each with a form to restore it (as a new revision, with
 * a reason): for deployments, actors and vocabulary terms alike.
 */
import type { RevisionRow } from '../../repositories/revisions.repository.ts';
import { useView } from '../context.ts';

const fmt = (lang: string) => new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** Earlier revisions an editor may restore, and where the restore form posts. */
export interface Restorable {
  revisions: RevisionRow[];
  action: string;
}

export function RestoreList({ revisions, action, csrf }: { revisions: RevisionRow[]; action: string; csrf: string }) {
  const { t, lang } = useView();
  return (
    <ol reversed class="findings">
      {revisions.map((r) => (
        <li class="finding">
          <strong>{t('history.revision', { n: r.number })}</strong> · {t('history.by', { name: r.author_name ?? t('history.system'), date: fmt(lang).format(new Date(r.at)) })}
          <p>{r.reason}</p>
          <form method="post" action={action}>
            <input type="hidden" name="_csrf" value={csrf} />
            <input type="hidden" name="number" value={String(r.number)} />
            <label for={`restore-${r.number}`}>{t('manage.reason')}</label> <input type="text" id={`restore-${r.number}`} name="reason" required />{' '}
            <button type="submit" class="secondary">
              {t('manage.restore')}
            </button>
          </form>
        </li>
      ))}
    </ol>
  );
}

/** The editor's section of earlier revisions to restore, on an edit page; nothing when there are none. */
export function RestoreSection({ restore, csrf }: { restore?: Restorable; csrf: string }) {
  const { t } = useView();
  if (!restore || restore.revisions.length === 0) return null;
  return (
    <section aria-labelledby="restore">
      <h2 id="restore">{t('manage.earlier')}</h2>
      <RestoreList revisions={restore.revisions} action={restore.action} csrf={csrf} />
    </section>
  );
}

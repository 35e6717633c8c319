/** The public suggestion form, its thank-you page, and the editors' list of suggestions. */
import type { SuggestionRow } from '../../repositories/suggestions.repository.ts';
import { useView } from '../context.ts';
import { Layout } from '../layout.tsx';

export interface SuggestFormProps {
  csrf: string;
  values: Record<string, string>;
  errors: Map<string, string>;
}

export function SuggestPage({ csrf, values, errors }: SuggestFormProps) {
  const { t } = useView();
  const err = (name: string) => errors.get(name) && <p class="field-error" id={`${name}-error`}>{errors.get(name)}</p>;
  const described = (name: string, help?: boolean) => [help ? `${name}-help` : '', errors.has(name) ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <Layout title={t('suggest.title')}>
      <h1>{t('suggest.title')}</h1>
      <p class="lead">{t('suggest.lead')}</p>
      {errors.size > 0 && (
        <div class="error-summary" role="alert">
          <p>{t('suggest.fix')}</p>
          <ul>
            {[...errors].map(([name, message]) => (
              <li>
                <a href={`#${name}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <form method="post" action="/suggest" class="questionnaire">
        <input type="hidden" name="_csrf" value={csrf} />
        <fieldset class="question" id="kind" aria-describedby={described('kind')}>
          <legend>{t('suggest.kind')}</legend>
          {err('kind')}
          <ul class="choices">
            {(['new', 'correction'] as const).map((k) => (
              <li>
                <label>
                  <input type="radio" name="kind" value={k} checked={values.kind === k} /> {t(`suggest.kind.${k}`)}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <div class="question">
          <label for="deployment_slug">{t('suggest.deployment')}</label>
          <p class="hint" id="deployment_slug-help">{t('suggest.deployment.help')}</p>
          {err('deployment_slug')}
          <input type="text" id="deployment_slug" name="deployment_slug" value={values.deployment_slug ?? ''} aria-describedby={described('deployment_slug', true)} />
        </div>
        <div class="question">
          <label for="what">{t('suggest.what')}</label>
          <p class="hint" id="what-help">{t('suggest.what.help')}</p>
          {err('what')}
          <textarea id="what" name="what" rows={6} aria-describedby={described('what', true)}>
            {values.what ?? ''}
          </textarea>
        </div>
        <div class="question">
          <label for="place">{t('suggest.place')}</label>
          {err('place')}
          <input type="text" id="place" name="place" value={values.place ?? ''} />
        </div>
        <div class="question">
          <label for="sources">{t('suggest.sources')}</label>
          <p class="hint" id="sources-help">{t('suggest.sources.help')}</p>
          {err('sources')}
          <textarea id="sources" name="sources" rows={4} aria-describedby={described('sources', true)}>
            {values.sources ?? ''}
          </textarea>
        </div>
        {/* A field people do not see and bots fill in: a filled one is thrown away. */}
        <div class="honeypot" aria-hidden="true">
          <label for="website">{t('suggest.honeypot')}</label>
          <input type="text" id="website" name="website" tabindex={-1} autocomplete="off" />
        </div>
        <button type="submit">{t('suggest.submit')}</button>
      </form>
    </Layout>
  );
}

export function SuggestThanksPage() {
  const { t } = useView();
  return (
    <Layout title={t('suggest.thanks.title')}>
      <h1>{t('suggest.thanks.title')}</h1>
      <p>{t('suggest.thanks.body')}</p>
      <p>
        <a href="/deployments">{t('error.backToExplore')}</a>
      </p>
    </Layout>
  );
}

export function ReviewSuggestionsPage({ status, items, csrf }: { status: SuggestionRow['status']; items: SuggestionRow[]; csrf: string }) {
  const { t, lang } = useView();
  const date = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, { dateStyle: 'long', timeZone: 'UTC' });
  return (
    <Layout title={t('review.title')}>
      <h1>{t('review.title')}</h1>
      <p class="lead">{t('review.lead')}</p>
      <nav aria-label={t('review.title')}>
        <ul class="tabs">
          {(['new', 'accepted', 'rejected'] as const).map((s) => (
            <li>
              <a href={`/review/suggestions?status=${s}`} aria-current={s === status ? 'page' : undefined}>
                {t(`review.status.${s}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {items.length === 0 && <p>{t('review.none')}</p>}
      <ul class="findings">
        {items.map((s) => (
          <li class="finding">
            <h2>
              #{s.id} · {s.kind === 'correction' ? t('review.for', { slug: s.deployment_slug ?? '' }) : t('review.newDeployment')}
            </h2>
            <p class="muted">
              {t('review.received', { date: date.format(s.created_at) })}
              {s.place && ` · ${s.place}`}
            </p>
            <p class="preserve">{s.what}</p>
            <p class="preserve">
              <strong>{t('suggest.sources')}:</strong> {s.sources}
            </p>
            {s.reason && <p class="muted">{s.reason}</p>}
            {s.status === 'new' && (
              <form method="post" action={`/review/suggestions/${s.id}`}>
                <input type="hidden" name="_csrf" value={csrf} />
                <label for={`reason-${s.id}`}>{t('review.reason')}</label> <input type="text" id={`reason-${s.id}`} name="reason" />{' '}
                <button type="submit" name="status" value="accepted">
                  {t('review.accept')}
                </button>{' '}
                <button type="submit" name="status" value="rejected" class="secondary">
                  {t('review.reject')}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

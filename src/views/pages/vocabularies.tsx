/** Editors' pages for vocabulary terms: every vocabulary with its terms, and the term form. */
import type { Vocabularies, VocabularyId } from '../../domain/vocabulary.ts';
import { VOCABULARY_IDS } from '../../domain/vocabulary.ts';
import { useView } from '../context.ts';
import { Layout } from '../layout.tsx';
import { ErrorSummary } from '../components/error-summary.tsx';
import { RestoreSection, type Restorable } from '../components/restore-list.tsx';

export function VocabulariesAdminPage({ vocabs }: { vocabs: Vocabularies }) {
  const { t } = useView();
  return (
    <Layout title={t('vocab.admin.title')}>
      <h1>{t('vocab.admin.title')}</h1>
      <p class="lead">{t('vocab.admin.lead')}</p>
      <nav aria-label={t('vocab.admin.title')}>
        <ul class="inline-list">
          {VOCABULARY_IDS.map((id) => (
            <li>
              <a href={`#${id}`}>{vocabs.byId[id].label}</a>
            </li>
          ))}
        </ul>
      </nav>
      {VOCABULARY_IDS.map((id) => {
        const v = vocabs.byId[id];
        return (
          <section aria-labelledby={id}>
            <h2 id={id}>{v.label}</h2>
            <p>{v.definition}</p>
            <p>
              <a href={`/review/vocabularies/${id}/new`}>{t('vocab.add', { vocabulary: v.label })}</a>
            </p>
            <table class="rules-table">
              <thead>
                <tr>
                  <th scope="col">{t('vocab.term')}</th>
                  <th scope="col">{t('vocab.definition')}</th>
                  <th scope="col">{t('vocab.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {v.terms.map((term) => (
                  <tr>
                    <th scope="row">
                      {term.label} <code>{term.id}</code> {term.retired && <span class="badge">{t('vocab.retired')}</span>}
                    </th>
                    <td data-label={t('vocab.definition')}>{term.definition}</td>
                    <td>
                      <a href={`/review/vocabularies/${id}/${term.id}/edit`} aria-label={t('vocab.editLabel', { label: term.label })}>
                        {t('vocab.edit')}
                      </a>{' '}
                      ·{' '}
                      <a href={`/vocabularies/${id}/${term.id}/history`} aria-label={t('vocab.historyLabel', { label: term.label })}>
                        {t('vocab.history')}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
    </Layout>
  );
}

export interface TermFormProps {
  vocabulary: VocabularyId;
  vocabularyLabel: string;
  /** The term being changed; undefined for a new one. */
  term?: string;
  values: { term?: string; label?: string; definition?: string; retired?: boolean; reason?: string };
  errors: Map<string, string[]>;
  csrf: string;
  restore?: Restorable;
}

function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p class="field-error" id={id}>
      {errors.join('; ')}
    </p>
  );
}

/** An `aria-describedby` naming a field's hint and, when it has one, its error. */
const describedBy = (errors: Map<string, string[]>, name: string, hint?: string) => [hint, errors.has(name) ? `f-${name}-error` : ''].filter(Boolean).join(' ') || undefined;

/** A required one-line text field with its error. */
function TextQuestion({ name, label, value, errors }: { name: string; label: string; value?: string; errors: Map<string, string[]> }) {
  return (
    <div class="question">
      <label for={`f-${name}`}>{label}</label>
      <FieldError id={`f-${name}-error`} errors={errors.get(name)} />
      <input type="text" id={`f-${name}`} name={name} value={value ?? ''} required aria-describedby={describedBy(errors, name)} aria-invalid={errors.has(name) ? 'true' : undefined} />
    </div>
  );
}

export function TermFormPage({ vocabulary, vocabularyLabel, term, values, errors, csrf, restore }: TermFormProps) {
  const { t } = useView();
  const heading = term ? t('vocab.editTitle', { label: values.label || term }) : t('vocab.add', { vocabulary: vocabularyLabel });
  const action = term ? `/review/vocabularies/${vocabulary}/${term}/edit` : `/review/vocabularies/${vocabulary}/new`;
  const described = (name: string, hint?: string) => describedBy(errors, name, hint);
  return (
    <Layout title={heading}>
      <p class="muted">
        <a href={`/review/vocabularies#${vocabulary}`}>{t('vocab.admin.title')}</a>
        {term && (
          <>
            {' '}
            · <a href={`/vocabularies/${vocabulary}/${term}/history`}>{t('vocab.history')}</a>
          </>
        )}
      </p>
      <h1>{heading}</h1>
      <p class="lead">{term ? t('vocab.editLead') : t('vocab.addLead')}</p>
      <ErrorSummary errors={errors} href={(name) => `#f-${name}`} label={(name) => t(`vocab.field.${name}` as never)} />
      <form method="post" action={action} class="questionnaire record-form">
        <input type="hidden" name="_csrf" value={csrf} />
        {term ? (
          <p>
            {t('vocab.field.term')}: <code>{term}</code>
          </p>
        ) : (
          <div class="question">
            <label for="f-term">{t('vocab.field.term')}</label>
            <p class="hint" id="f-term-help">
              {t('vocab.termHelp')}
            </p>
            <FieldError id="f-term-error" errors={errors.get('term')} />
            <input type="text" id="f-term" name="term" value={values.term ?? ''} required pattern="[a-z0-9]+(_[a-z0-9]+)*" aria-describedby={described('term', 'f-term-help')} aria-invalid={errors.has('term') ? 'true' : undefined} />
          </div>
        )}
        <TextQuestion name="label" label={t('vocab.field.label')} value={values.label} errors={errors} />
        <div class="question">
          <label for="f-definition">{t('vocab.field.definition')}</label>
          <FieldError id="f-definition-error" errors={errors.get('definition')} />
          <textarea id="f-definition" name="definition" rows={3} required aria-describedby={described('definition')} aria-invalid={errors.has('definition') ? 'true' : undefined}>
            {values.definition ?? ''}
          </textarea>
        </div>
        <div class="question">
          <label>
            <input type="checkbox" id="f-retired" name="retired" value="true" checked={values.retired ?? false} aria-describedby="f-retired-help" /> {t('vocab.field.retired')}
          </label>
          <p class="hint" id="f-retired-help">
            {t('vocab.retiredHelp')}
          </p>
        </div>
        <TextQuestion name="reason" label={t('vocab.field.reason')} value={values.reason} errors={errors} />
        <button type="submit">{t('vocab.save')}</button>
      </form>
      <RestoreSection restore={restore} csrf={csrf} />
    </Layout>
  );
}

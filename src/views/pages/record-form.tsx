/**
 * The record editor: every field of the record, grouped, with the error next to its field and
 * the user's input kept. Works without JavaScript: "add a source" and "preview" are submit
 * buttons that come back to the same form with one more block or with the texts rendered.
 */
import type { MessageKey } from '../../i18n/en.ts';
import { REPEATED, type FormBody, type FormField, type FormSection } from '../../services/record-form.ts';
import { Markdown } from '../components/markdown.tsx';
import { useView } from '../context.ts';
import { Layout } from '../layout.tsx';
import { ErrorSummary } from '../components/error-summary.tsx';

export interface RecordFormProps {
  heading: string;
  action: string;
  sections: FormSection[];
  values: FormBody;
  errors: Map<string, string[]>;
  csrf: string;
  sources: number;
  challenges: number;
  preview: boolean;
  saved?: boolean;
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function Field({ field: f, name, values, errors }: { field: FormField; name: string; values: FormBody; errors: Map<string, string[]> }) {
  const { t } = useView();
  const label = f.label.includes('.') && !f.label.includes(' ') ? t(f.label as MessageKey) : f.label;
  const helpKey = `${f.label}.help` as MessageKey;
  const help = f.help ?? (t(helpKey) !== helpKey ? t(helpKey) : undefined);
  const id = `f-${name.replace(/\./g, '-')}`;
  const error = errors.get(name);
  const describedBy = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const v = values[name];
  const head = (
    <>
      {help && (
        <p class="hint" id={`${id}-help`}>
          {help}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error.join('; ')}
        </p>
      )}
    </>
  );
  if (f.kind === 'terms' || f.kind === 'choice' || f.kind === 'tristate') {
    const options =
      f.kind === 'tristate'
        ? [
            { value: 'true', label: t('form.yes') },
            { value: 'false', label: t('form.no') },
            { value: 'unknown', label: t('form.notKnown') },
          ]
        : f.options ?? [];
    const chosen = list(v);
    // Retired terms are not offered, but a record that has one keeps it when edited.
    const shown = options.filter((o) => !('retired' in o && o.retired) || chosen.includes(o.value));
    const type = f.kind === 'terms' ? 'checkbox' : 'radio';
    return (
      <fieldset class="question" id={id} aria-describedby={describedBy}>
        <legend>{label}</legend>
        {head}
        <ul class={`choices${shown.length > 8 ? ' columns' : ''}`}>
          {shown.map((o) => (
            <li>
              <label title={o.help}>
                <input type={type} name={name} value={o.value} checked={chosen.includes(o.value)} /> {o.label}
                {'retired' in o && o.retired && <span class="muted"> ({t('vocab.retired')})</span>}
              </label>
            </li>
          ))}
          {f.kind === 'choice' && !f.required && (
            <li>
              <label>
                <input type="radio" name={name} value="" checked={chosen.length === 0} /> {t('form.notKnown')}
              </label>
            </li>
          )}
        </ul>
      </fieldset>
    );
  }
  const text = list(v).join(', ');
  return (
    <div class="question" id={id}>
      <label for={`${id}-input`}>{label}</label>
      {head}
      {f.kind === 'textarea' || f.kind === 'markdown' ? (
        <textarea id={`${id}-input`} name={name} rows={f.kind === 'markdown' ? 8 : 4} aria-describedby={describedBy} aria-invalid={error ? 'true' : undefined}>
          {text}
        </textarea>
      ) : (
        <input type="text" id={`${id}-input`} name={name} value={text} inputmode={f.kind === 'number' ? 'numeric' : undefined} aria-describedby={describedBy} aria-invalid={error ? 'true' : undefined} />
      )}
    </div>
  );
}

export function RecordFormPage(props: RecordFormProps) {
  const { t } = useView();
  const { sections, values, errors } = props;
  return (
    <Layout title={props.heading}>
      <p class="muted">
        <a href="/contribute">{t('drafts.mine')}</a>
      </p>
      <h1>{props.heading}</h1>
      <p class="lead">{t('form.lead')}</p>
      {props.saved && (
        <p class="error-summary" role="status">
          {t('form.saved')}
        </p>
      )}
      <ErrorSummary errors={errors} href={(name) => `#f-${name.replace(/\./g, '-')}`} />
      {props.preview && (
        <section class="preview" aria-labelledby="preview">
          <h2 id="preview">{t('form.previewHeading')}</h2>
          {list(values.description).length > 0 && <Markdown text={list(values.description).join('')} />}
          {list(values.concerns).length > 0 && <Markdown text={list(values.concerns).join('')} />}
        </section>
      )}
      <form method="post" action={props.action} class="questionnaire record-form">
        <input type="hidden" name="_csrf" value={props.csrf} />
        {sections.map((s) => (
          <fieldset class="form-section">
            <legend>{t(`form.section.${s.id}` as MessageKey)}</legend>
            {s.fields.map((f) => (
              <Field field={f} name={f.name} values={values} errors={errors} />
            ))}
          </fieldset>
        ))}
        {(['sources', 'legal_challenges'] as const).map((group) => {
          const count = group === 'sources' ? props.sources : props.challenges;
          return (
            <fieldset class="form-section" id={`f-${group}`}>
              <legend>{t(`form.section.${group}`)}</legend>
              {errors.get(group) && <p class="field-error">{errors.get(group)!.join('; ')}</p>}
              {Array.from({ length: count }, (_, i) => (
                <fieldset class="repeat">
                  <legend>{group === 'sources' ? t('form.source.number', { n: list(values[`sources.${i}.id`])[0] ?? i + 1 }) : t('form.challenge.number', { n: i + 1 })}</legend>
                  {group === 'sources' && list(values[`sources.${i}.id`]).length > 0 && <input type="hidden" name={`sources.${i}.id`} value={list(values[`sources.${i}.id`])[0]} />}
                  {REPEATED[group].map((f) => (
                    <Field field={f} name={`${group}.${i}.${f.name}`} values={values} errors={errors} />
                  ))}
                </fieldset>
              ))}
              <button type="submit" name="do" value={group === 'sources' ? 'add_source' : 'add_challenge'} class="secondary">
                {group === 'sources' ? t('form.addSource') : t('form.addChallenge')}
              </button>
            </fieldset>
          );
        })}
        <div class="question">
          <label for="f-reason">{t('form.reason')}</label>
          <input type="text" id="f-reason" name="reason" value={list(values.reason).join('')} />
        </div>
        <div class="step-buttons">
          <button type="submit" name="do" value="save">
            {t('form.save')}
          </button>
          <button type="submit" name="do" value="preview" class="secondary">
            {t('form.preview')}
          </button>
          <button type="submit" name="do" value="submit">
            {t('form.submit')}
          </button>
        </div>
      </form>
    </Layout>
  );
}

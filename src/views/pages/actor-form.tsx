/** The actor editor for editors: the actor's fields, its sources, and a reason for the change. */
import { REPEATED, type FormBody, type FormSection } from '../../services/record-form.ts';
import { useView } from '../context.ts';
import { Layout } from '../layout.tsx';
import { Field } from './record-form.tsx';
import { ErrorSummary } from '../components/error-summary.tsx';
import { RestoreSection, type Restorable } from '../components/restore-list.tsx';

export interface ActorFormProps {
  heading: string;
  action: string;
  sections: FormSection[];
  values: FormBody;
  errors: Map<string, string[]>;
  csrf: string;
  sources: number;
  restore?: Restorable;
}

export function ActorFormPage({ heading, action, sections, values, errors, csrf, sources, restore }: ActorFormProps) {
  const { t } = useView();
  return (
    <Layout title={heading}>
      <h1>{heading}</h1>
      <p class="lead">{t('form.actor.lead')}</p>
      <ErrorSummary errors={errors} />
      <form method="post" action={action} class="questionnaire record-form">
        <input type="hidden" name="_csrf" value={csrf} />
        {sections.flatMap((s) => s.fields).map((f) => (
          <Field field={f} name={f.name} values={values} errors={errors} />
        ))}
        <fieldset class="form-section">
          <legend>{t('form.section.sources')}</legend>
          {Array.from({ length: sources }, (_, i) => (
            <fieldset class="repeat">
              <legend>{t('form.source.number', { n: i + 1 })}</legend>
              {REPEATED.sources.map((f) => (
                <Field field={f} name={`sources.${i}.${f.name}`} values={values} errors={errors} />
              ))}
            </fieldset>
          ))}
        </fieldset>
        <div class="question">
          <label for="f-reason">{t('form.actor.reason')}</label>
          <input type="text" id="f-reason" name="reason" value={[values.reason ?? ''].flat().join('')} required />
        </div>
        <button type="submit">{t('form.actor.save')}</button>
      </form>
      <RestoreSection restore={restore} csrf={csrf} />
    </Layout>
  );
}

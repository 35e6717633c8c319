/** About and methodology, generated from the vocabularies (files and editors' changes): what every term means. */
import { VOCABULARY_IDS } from '../../domain/vocabulary.ts';
import { useView } from '../context.ts';
import { Layout } from '../layout.tsx';

export function AboutPage() {
  const { t, vocabs, lang } = useView();
  return (
    <Layout title={t('about.title')} json="/api/v1/vocabularies">
      <h1>{t('about.title')}</h1>
      <p class="lead">{t('about.lead')}</p>
      <p>{t('about.unknown')}</p>
      <h2>{t('about.vocabularies')}</h2>
      {VOCABULARY_IDS.map((id) => {
        const v = vocabs.byId[id];
        return (
          <section aria-labelledby={`vocab-${id}`}>
            <h3 id={`vocab-${id}`}>{v.label}</h3>
            <p>{v.definition}</p>
            <dl class="glossary">
              {v.terms.map((term) => (
                <div id={`${id}-${term.id}`}>
                  <dt>
                    {term.translations?.[lang]?.label ?? term.label} {term.retired && <span class="badge">{t('vocab.retired')}</span>}
                  </dt>
                  <dd>
                    {term.translations?.[lang]?.definition ?? term.definition}{' '}
                    <a class="muted" href={`/vocabularies/${id}/${term.id}/history`} aria-label={t('vocab.historyLabel', { label: term.label })}>
                      {t('vocab.history')}
                    </a>
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        );
      })}
    </Layout>
  );
}

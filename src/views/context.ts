/**
 * What every view can read without it being passed down by hand: the language, messages and
 * the labels of vocabulary terms and countries.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { countryName } from '../domain/countries.ts';
import { termLabel, type Vocabularies, type VocabularyId } from '../domain/vocabulary.ts';
import { translator, type Translator } from '../i18n/translator.ts';

export interface ViewContext extends Translator {
  vocabs: Vocabularies;
  term: (vocab: VocabularyId, id: string) => string;
  country: (code: string) => string;
}

export function viewContext(vocabs: Vocabularies, lang?: string): ViewContext {
  const tr = translator(lang);
  return {
    ...tr,
    vocabs,
    term: (vocab, id) => termLabel(vocabs, vocab, id, tr.lang),
    country: (code) => countryName(code, tr.lang),
  };
}

export const ViewCtx = createContext<ViewContext | null>(null);

export function useView(): ViewContext {
  const ctx = useContext(ViewCtx);
  if (!ctx) throw new Error('views must be rendered through renderPage()');
  return ctx;
}

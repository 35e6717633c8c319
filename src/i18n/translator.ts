/**
 * Looks up messages by key and fills in {placeholders}. Languages are registered here; a
 * right-to-left language sets `dir` so layouts built with logical properties flip.
 */
import { en, type MessageKey, type Messages, type PluralKey } from './en.ts';

interface Language {
  messages: Messages;
  dir: 'ltr' | 'rtl';
}

const LANGUAGES: Record<string, Language> = { en: { messages: en, dir: 'ltr' } };

export const DEFAULT_LANGUAGE = 'en';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface Translator {
  lang: string;
  dir: 'ltr' | 'rtl';
  t: Translate;
  /** Numbers formatted for the language (12,000). */
  number: (n: number) => string;
  /** A count in words with the right plural form ("1 deployment", "12 deployments"). */
  plural: (key: PluralKey, count: number) => string;
}

export function translator(lang = DEFAULT_LANGUAGE): Translator {
  const language = LANGUAGES[lang] ?? LANGUAGES[DEFAULT_LANGUAGE]!;
  const format = new Intl.NumberFormat(lang);
  const rules = new Intl.PluralRules(lang);
  const t: Translate = (key, params) => {
    const text = language.messages[key] ?? en[key] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
  };
  return {
    lang: LANGUAGES[lang] ? lang : DEFAULT_LANGUAGE,
    dir: language.dir,
    t,
    number: (n) => format.format(n),
    plural: (key, count) => {
      const form = `${key}.${rules.select(count)}` as MessageKey;
      return t(form in language.messages ? form : (`${key}.other` as MessageKey), { count: format.format(count) });
    },
  };
}

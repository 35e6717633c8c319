/**
 * Countries are ISO 3166-1 alpha-2 codes, plus `EU` for deployments by the Union itself. Names
 * come from the ICU data built into Node, so every interface language gets them without a table
 * of our own; a code ICU does not know is not a country.
 */
const names = new Map<string, Intl.DisplayNames>();

function displayNames(lang: string): Intl.DisplayNames {
  let dn = names.get(lang);
  if (!dn) {
    dn = new Intl.DisplayNames([lang, 'en'], { type: 'region', fallback: 'code' });
    names.set(lang, dn);
  }
  return dn;
}

const known = new Map<string, boolean>();

/** True for ISO 3166-1 alpha-2 codes of real places and for `EU`. */
export function isCountryCode(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code)) return false;
  // At most 26 × 26 answers; imports ask the same few thousands of times.
  let answer = known.get(code);
  if (answer === undefined) known.set(code, (answer = checkCode(code)));
  return answer;
}

function checkCode(code: string): boolean {
  if (code === 'EU') return true;
  // User-assigned ranges (AA, QM–QZ, XA–XZ, ZZ) are not countries, Kosovo's XK apart.
  if (code === 'AA' || code === 'ZZ' || /^(Q[M-Z]|X[A-Z])$/.test(code)) return code === 'XK';
  // Old and alias codes (UK, DD, SU) canonicalise to their current code: accept only that one.
  if (new Intl.Locale(`und-${code}`).region !== code) return false;
  // Codes ICU does not know come back unchanged.
  return displayNames('en').of(code) !== code;
}

/** The name of a country code in a language ("GR" → "Greece"). */
export function countryName(code: string, lang = 'en'): string {
  // Pages name the same few countries over and over, and asking Intl each time is slow. Only
  // two-letter codes are kept: at most 26 × 26 names a language.
  if (!/^[A-Z]{2}$/.test(code)) return displayNames(lang).of(code) ?? code;
  const key = `${lang} ${code}`;
  let name = countryNames.get(key);
  if (name === undefined) countryNames.set(key, (name = displayNames(lang).of(code) ?? code));
  return name;
}
const countryNames = new Map<string, string>();

/** EU member states (2026), used to derive `in_eu` for the assessment rules and for grouping. */
export const EU_MEMBER_STATES: ReadonlySet<string> = new Set(
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' '),
);

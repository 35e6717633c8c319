/**
 * Hostile input for the security tests: payloads that try to run script, break out of HTML, XML
 * and CSV, confuse SQL or bidirectional text; records and actors carrying them in every free-text
 * field; the length limits of those fields; and a small HTML tag scanner that says whether a
 * page is inert (no script but the site's own, no event handler, no script URL).
 */
import { buildActor, buildDeployment } from './records.ts';

/** Every script payload sets this global when it runs; the browser test looks for it. */
export const PWNED = '__pwned';

export interface Payload {
  name: string;
  text: string;
}

/**
 * Payloads for free-text fields. Each fits the shortest limit (a title, 200 characters), has no
 * leading or trailing white space (titles, summaries and names are trimmed) and no `[n]` (a
 * citation mark must name a source).
 */
export const HOSTILE_PAYLOADS: readonly Payload[] = [
  { name: 'script tag', text: '<script>window.__pwned=1</script>' },
  { name: 'script tag in capitals, with a space', text: '<SCRIPT >window.__pwned=2</SCRIPT >' },
  { name: 'img onerror', text: '<img src=x onerror="window.__pwned=3">' },
  { name: 'double-quoted attribute breakout', text: '"><svg onload=window.__pwned=4>' },
  { name: 'single-quoted attribute breakout', text: "'><body onload='window.__pwned=5'>" },
  { name: 'closing raw-text elements', text: '</title></textarea></style></noscript><script>window.__pwned=6</script>' },
  { name: 'javascript: URL', text: 'javascript:window.__pwned=7' },
  { name: 'Markdown javascript: links', text: '[click me](javascript:window.__pwned=8) and <javascript:window.__pwned=8>' },
  { name: 'HTML javascript: link', text: '<a href="javascript:window.__pwned=9">link</a>' },
  { name: 'Markdown data: link and remote image', text: '[x](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xMDwvc2NyaXB0Pg==) ![y](https://evil.example/pixel.png)' },
  { name: 'entity-obfuscated javascript: link', text: '[x](jav&#x09;ascript:window.__pwned=11) [y](&#106;avascript:window.__pwned=11)' },
  { name: 'iframe srcdoc', text: '<iframe srcdoc="<script>window.__pwned=12</script>"></iframe>' },
  { name: 'text that is already escaped', text: '&lt;script&gt;window.__pwned=13&lt;/script&gt; &amp; &quot; &#39;' },
  { name: 'SQL metacharacters', text: "Robert'); DROP TABLE deployments;-- \" ` ; \\ %_ $1 $$ E'\\x27'" },
  { name: 'SQL tautology and union', text: "' OR '1'='1' /* */ UNION SELECT password_hash FROM users --" },
  { name: 'CDATA terminators', text: ']]> ]]><script>window.__pwned=16</script><![CDATA[ x' },
  { name: 'template syntax', text: '{{constructor.constructor("window.__pwned=17")()}} ${window.__pwned} <%= 1 %>' },
  { name: 'right-to-left override and isolates', text: 'invoice\u202Egnp.exe \u2066isolate\u2069 \u200Fmark\u200E \u202Bembed\u202C' },
  { name: 'zero-width and combining characters', text: 'a\u200Bb\u200Dc\uFEFFd e\u0301 Z\u0351\u0363\u0364 \uFDFD' },
  { name: 'astral characters and emoji', text: '\u{1D54F} \u{1F600} \u{1F469}\u200D\u{1F469}\u200D\u{1F467} \u{2070E} \u{10FFFD}' },
  { name: 'a real replacement character', text: 'U+FFFD \uFFFD is a character of its own' },
  { name: 'spreadsheet formula', text: '=HYPERLINK("https://evil.example","x") +1 -1 @SUM(A1)' },
  { name: 'line breaks and tabs', text: 'one\r\ntwo\nthree\rfour\tfive' },
  { name: 'control characters', text: 'bell\u0007 escape\u001B[31m red vertical\u000Btab form\u000Cfeed' },
  { name: 'prototype property names', text: '__proto__ constructor prototype hasOwnProperty' },
  { name: 'YAML and JSON syntax', text: '--- !!js/function "x" &a *a {"a": [true, null]} #c | > ? : @ `' },
  { name: 'meta refresh and base', text: '<meta http-equiv="refresh" content="0;url=https://evil.example/"><base href="https://evil.example/">' },
  { name: 'style and link', text: '<style>body{background:url(https://evil.example/)}</style><link rel=stylesheet href=https://evil.example/x.css>' },
];

/** A free-text field of a record: where it is, its limit, and whether it is Markdown. */
export interface TextField {
  path: readonly (string | number)[];
  max: number;
  markdown?: boolean;
}

/** The deployment's free-text fields (docs/record.md, src/domain/deployment.ts). */
export const DEPLOYMENT_TEXT_FIELDS: readonly TextField[] = [
  { path: ['title'], max: 200 },
  { path: ['summary'], max: 800 },
  { path: ['description'], max: 50_000, markdown: true },
  { path: ['concerns'], max: 50_000, markdown: true },
  { path: ['legal_basis'], max: 5000 },
  { path: ['scale', 'note'], max: 1000 },
  { path: ['legal_challenges', 0, 'forum'], max: 300 },
  { path: ['legal_challenges', 0, 'case'], max: 300 },
  { path: ['legal_challenges', 0, 'outcome'], max: 2000 },
  { path: ['sources', 0, 'title'], max: 500 },
  { path: ['sources', 0, 'publisher'], max: 300 },
];

/** The actor's free-text fields (src/domain/actor.ts). */
export const ACTOR_TEXT_FIELDS: readonly TextField[] = [
  { path: ['name'], max: 300 },
  { path: ['description'], max: 5000 },
  { path: ['sources', 0, 'title'], max: 500 },
  { path: ['sources', 0, 'publisher'], max: 300 },
];

export function hostileSlug(i: number): string {
  return `hostile-${i}`;
}
export function hostileActorSlug(i: number): string {
  return `hostile-actor-${i}`;
}

function setPath(target: Record<string, unknown>, path: readonly (string | number)[], value: unknown): void {
  let at: Record<string | number, unknown> = target;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path[path.length - 1]!] = value;
}

export function getPath(target: unknown, path: readonly (string | number)[]): unknown {
  let at = target;
  for (const key of path) at = (at as Record<string | number, unknown> | undefined)?.[key];
  return at;
}

/** A deployment with the same text in every free-text field, `fields` overriding single ones. */
export function deploymentWithText(slug: string, text: string | ((field: TextField) => string), actor = 'test-authority'): Record<string, unknown> {
  const record = buildDeployment({
    slug,
    authorities: [actor],
    scale: { people: 100, note: '' },
    legal_challenges: [{ forum: 'x', case: '', outcome: '', year: 2021, sources: [1] }],
    sources: [{ id: 1, title: 'x', publisher: '', url: 'https://example.org/source', published: '2021-04-01' }],
  });
  for (const field of DEPLOYMENT_TEXT_FIELDS) setPath(record, field.path, typeof text === 'string' ? text : text(field));
  return record;
}

export function actorWithText(slug: string, text: string | ((field: TextField) => string)): Record<string, unknown> {
  const actor = buildActor({ slug, sources: [{ id: 1, title: 'x', publisher: '', url: 'https://example.org/actor' }] });
  for (const field of ACTOR_TEXT_FIELDS) setPath(actor, field.path, typeof text === 'string' ? text : text(field));
  return actor;
}

/** The hostile records: record i and actor i carry payload i in every free-text field. */
export function hostileRecords(): { actors: Record<string, unknown>[]; deployments: Record<string, unknown>[] } {
  return {
    actors: HOSTILE_PAYLOADS.map((p, i) => actorWithText(hostileActorSlug(i), p.text)),
    deployments: HOSTILE_PAYLOADS.map((p, i) => deploymentWithText(hostileSlug(i), p.text, hostileActorSlug(i))),
  };
}

/** A string of exactly `length` UTF-16 code units, built from hostile text. */
export function textOfLength(length: number): string {
  const unit = '<script>window.__pwned=1</script>"\'&';
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** Decodes the character references an HTML or XML serializer writes. */
export function decodeEntities(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return String.fromCodePoint(code);
    }
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0' };
    return named[ref.toLowerCase()] ?? whole;
  });
}

export interface Tag {
  name: string;
  attributes: [name: string, value: string][];
}

/**
 * The start tags of an HTML document, attributes parsed (quoted values may hold ">"), comments
 * and text skipped; the contents of script and style elements are kept in `raw`.
 */
export function scanTags(html: string): { tags: Tag[]; raw: { tag: string; content: string }[] } {
  const tags: Tag[] = [];
  const raw: { tag: string; content: string }[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    const m = /^<([a-zA-Z][^\s/>]*)/.exec(html.slice(lt, lt + 64));
    if (!m) {
      i = lt + 1;
      continue;
    }
    const name = m[1]!.toLowerCase();
    let j = lt + m[0].length;
    const attributes: [string, string][] = [];
    for (;;) {
      while (j < html.length && /[\s/]/.test(html[j]!)) j++;
      if (j >= html.length || html[j] === '>') break;
      const an = /^[^\s/>=]+/.exec(html.slice(j))![0];
      j += an.length;
      while (j < html.length && /\s/.test(html[j]!)) j++;
      let value = '';
      if (html[j] === '=') {
        j++;
        while (j < html.length && /\s/.test(html[j]!)) j++;
        const q = html[j];
        if (q === '"' || q === "'") {
          const end = html.indexOf(q, j + 1);
          value = html.slice(j + 1, end < 0 ? html.length : end);
          j = end < 0 ? html.length : end + 1;
        } else {
          const v = /^[^\s>]*/.exec(html.slice(j))![0];
          value = v;
          j += v.length;
        }
      }
      attributes.push([an.toLowerCase(), decodeEntities(value)]);
    }
    tags.push({ name, attributes });
    i = j + 1;
    if (name === 'script' || name === 'style' || name === 'textarea' || name === 'title') {
      const close = html.toLowerCase().indexOf(`</${name}`, i);
      raw.push({ tag: name, content: html.slice(i, close < 0 ? html.length : close) });
      i = close < 0 ? html.length : close;
    }
  }
  return { tags, raw };
}

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'srcdoc']);
const FORBIDDEN_TAGS = new Set(['iframe', 'frame', 'object', 'embed', 'svg', 'math', 'base', 'applet', 'img', 'video', 'audio']);

/**
 * Why a page is not inert, if it is not: a script that is not the site's own file, inline
 * script or style, an event handler, a script or data URL, a tag the site never writes, a meta
 * refresh, or a link to another host's stylesheet. An empty list means inert.
 */
export function inertnessProblems(html: string): string[] {
  const problems: string[] = [];
  const { tags, raw } = scanTags(html);
  for (const name of ['html', 'head', 'body']) {
    if (tags.filter((tag) => tag.name === name).length > 1) problems.push(`more than one <${name}> tag`);
  }
  for (const tag of tags) {
    const attr = new Map(tag.attributes);
    if (tag.name === 'script' && !/^\/static\//.test(attr.get('src') ?? '')) problems.push(`a script that is not the site's own: ${JSON.stringify(tag)}`);
    if (FORBIDDEN_TAGS.has(tag.name)) problems.push(`a <${tag.name}> tag`);
    if (tag.name === 'meta' && attr.has('http-equiv')) problems.push(`a meta http-equiv: ${JSON.stringify(tag)}`);
    if (tag.name === 'link' && /stylesheet/i.test(attr.get('rel') ?? '') && !/^\//.test(attr.get('href') ?? '')) problems.push(`a stylesheet from elsewhere: ${JSON.stringify(tag)}`);
    for (const [name, value] of tag.attributes) {
      if (/^on/.test(name)) problems.push(`an event handler ${name} on <${tag.name}>`);
      if (URL_ATTRIBUTES.has(name) && /^(javascript|vbscript|data):/i.test(value.replace(/[\u0000-\u0020]/g, ''))) problems.push(`a script or data URL in ${name} of <${tag.name}>: ${value}`);
      if (name === 'style' && /url\(|expression\(/i.test(value)) problems.push(`a style attribute that loads or runs something on <${tag.name}>`);
    }
  }
  for (const r of raw) {
    if ((r.tag === 'script' || r.tag === 'style') && r.content.trim() !== '') problems.push(`inline ${r.tag}: ${r.content.slice(0, 80)}`);
  }
  if (html.includes(PWNED) && /<script[^>]*>[^<]*__pwned/i.test(html)) problems.push('a script tag holding a payload');
  return problems;
}

/**
 * Markdown for description and concerns fields. Raw HTML in the source is not passed through
 * (html: false renders it as text) and markdown-it refuses javascript:, vbscript: and data: links,
 * so a hostile record cannot inject script; images are off, so it cannot load anything either.
 * [n] becomes a link to source n.
 */
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
// No images: one would load from wherever the record says, and tell that host who reads it.
// `![alt](url)` is shown as "!" and a link.
md.disable('image');

// Citation marks: "[3]" not followed by "(" (which would make it a Markdown link). "[4][8]" is two
// citations, not a reference-style link: records do not use numeric link labels.
md.inline.ruler.before('link', 'citation', (state, silent) => {
  if (state.src.charCodeAt(state.pos) !== 0x5b /* [ */) return false;
  const m = /^\[(\d{1,3})\](?!\()/.exec(state.src.slice(state.pos));
  if (!m) return false;
  if (!silent) {
    const token = state.push('citation', '', 0);
    token.content = m[1]!;
  }
  state.pos += m[0].length;
  return true;
});
md.renderer.rules.citation = (tokens, idx) => {
  const n = tokens[idx]!.content;
  return `<sup class="cite"><a href="#source-${n}" aria-label="Source ${n}">[${n}]</a></sup>`;
};
// Links go to web pages (or an e-mail address) only: no data:, ftp: or other schemes.
const defaultValidate = md.validateLink.bind(md);
md.validateLink = (url) => defaultValidate(url) && /^(https?:|mailto:|#|\/(?!\/))/i.test(url.trim());

// External links open normally but send no referrer.
md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  tokens[idx]!.attrSet('rel', 'noreferrer');
  return self.renderToken(tokens, idx, options);
};

export function renderMarkdown(text: string): string {
  return md.render(text);
}

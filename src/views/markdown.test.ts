import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMarkdown } from './markdown.ts';

test('raw HTML and script links in Markdown are rendered inert', () => {
  const html = renderMarkdown('Hi <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) [y](data:text/html,hi)');
  assert.doesNotMatch(html, /<script|<img|href="javascript:|href="data:/);
  assert.match(html, /&lt;script&gt;/);
});

test('[n] becomes a link to source n, and ordinary links still work', () => {
  const html = renderMarkdown('Claim [2]. See [the report](https://example.org/r).');
  assert.match(html, /<sup class="cite"><a href="#source-2" aria-label="Source 2">\[2\]<\/a><\/sup>/);
  assert.match(html, /<a href="https:\/\/example.org\/r" rel="noreferrer">the report<\/a>/);
});

test('adjacent citations [4][8] are two links', () => {
  const html = renderMarkdown('About EUR 4.5 million [4][8].');
  assert.match(html, /href="#source-4"[^>]*>\[4\]<\/a><\/sup><sup class="cite"><a href="#source-8"/);
});

test('links go to web pages or e-mail only: no data:, ftp: or protocol-relative addresses', () => {
  const html = renderMarkdown('[a](data:image/png;base64,AAAA) [b](ftp://example.org/x) [c](//evil.example/x) [d](mailto:press@example.org) [e](/deployments)');
  assert.doesNotMatch(html, /href="data:|href="ftp:|href="\/\/evil/);
  assert.match(html, /href="mailto:press@example.org"/);
  assert.match(html, /href="\/deployments"/);
});

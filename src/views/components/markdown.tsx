/** A Markdown field, rendered sanitised (see views/markdown.ts). */
import { renderMarkdown } from '../markdown.ts';

export function Markdown({ text }: { text: string }) {
  return <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(text) }} />;
}

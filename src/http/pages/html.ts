/** A rendered HTML page, as the response cache takes it. */
import type { Rendered } from '../response-cache.ts';

export function html(body: string): Rendered {
  return { type: 'text/html; charset=utf-8', body };
}

/** Renders a page (or an htmx fragment) to an HTML string with the view context in place. */
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { ViewCtx, type ViewContext } from './context.ts';

export function renderPage(ctx: ViewContext, page: ComponentChildren): string {
  return `<!doctype html>${renderToString(<ViewCtx.Provider value={ctx}>{page}</ViewCtx.Provider>)}`;
}

export function renderFragment(ctx: ViewContext, fragment: ComponentChildren): string {
  return renderToString(<ViewCtx.Provider value={ctx}>{fragment}</ViewCtx.Provider>);
}

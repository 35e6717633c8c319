/**
 * The box at the top of a form sent back with problems: what to fix, each problem linking to its
 * field (so a keyboard or screen-reader user can jump there). Forms differ only in how a field is
 * named and where it is.
 */
import type { ComponentChildren } from 'preact';
import { useView } from '../context.ts';

export interface ErrorSummaryProps {
  errors: Map<string, string[]>;
  /** The id of the field's element, for the link; none: no link. */
  href?: (name: string) => string;
  /** How the field is named in the list (default: its name in code type; null: not named). */
  label?: (name: string) => ComponentChildren;
  /** The lead sentence (default: "Please correct…"). */
  lead?: string;
}

export function ErrorSummary({ errors, href, label = (name) => <code>{name}</code>, lead }: ErrorSummaryProps) {
  const { t } = useView();
  if (errors.size === 0) return null;
  return (
    <div class="error-summary" role="alert">
      <p>{lead ?? t('form.fix')}</p>
      <ul>
        {[...errors].map(([name, messages]) => {
          const named = label(name);
          const text = (
            <>
              {named != null && <>{named}: </>}
              {messages.join('; ')}
            </>
          );
          return <li>{href ? <a href={href(name)}>{text}</a> : text}</li>;
        })}
      </ul>
    </div>
  );
}

/** Plain text with its [n] citation marks turned into links to the numbered sources. */
import { useView } from '../context.ts';

export function CitedText({ text }: { text: string }) {
  const { t } = useView();
  const parts = text.split(/(\[\d{1,3}\])/);
  return (
    <>
      {parts.map((part) => {
        const m = /^\[(\d{1,3})\]$/.exec(part);
        if (!m) return part;
        return (
          <sup class="cite">
            <a href={`#source-${m[1]}`} aria-label={t('deployment.citation', { n: m[1]! })}>
              [{m[1]}]
            </a>
          </sup>
        );
      })}
    </>
  );
}

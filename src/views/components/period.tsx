/** A period in words: "2018-09 – 2019-08", "since 2004", or "not known". */
import { useView } from '../context.ts';

export function Period({ start, end }: { start?: string | null; end?: string | null }) {
  const { t } = useView();
  if (!start && !end) return <>{t('period.unknown')}</>;
  if (start && !end) return <>{t('period.since', { start })}</>;
  return <>{t('period.range', { start: start ?? '?', end: end ?? '' })}</>;
}

import { Button, Paragraph } from '@digdir/designsystemet-react';
import { useI18n } from '../i18n.ts';
import type { PagedState } from '../usePaged.ts';

type Props = {
  list: Pick<PagedState<unknown>, 'hasMore' | 'loadMore' | 'loading' | 'loadingMore'>;
  /** How many are shown, e.g. "50 organisations shown" (read out when it changes). */
  summary: string;
  /** On the "show more" button. */
  'data-testid': string;
};

/** Under a cursor-paged list: "show more" while there are more pages, and how many are shown. */
export function LoadMore({ list, summary, 'data-testid': testId }: Props) {
  const { t } = useI18n();
  return (
    <div className="button-row">
      {list.hasMore && (
        <Button variant="secondary" onClick={list.loadMore} loading={list.loadingMore} data-testid={testId}>
          {t('common.loadMore')}
        </Button>
      )}
      {!list.loading && (
        <Paragraph data-size="sm" className="muted" aria-live="polite">
          {summary}
        </Paragraph>
      )}
    </div>
  );
}

import { useCallback, useEffect, useRef, useState } from 'react';
import type { DependencyList } from 'react';
import { ProblemError } from './api.ts';
import type { Page } from './types.ts';

export type PagedState<T> = {
  items: T[];
  error: ProblemError | undefined;
  loading: boolean;
  loadingMore: boolean;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
  setItems: (updater: (prev: T[]) => T[]) => void;
};

/** A cursor-paginated list: loads the first page when deps change, appends pages on `loadMore`. */
export function usePaged<T>(
  load: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>,
  deps: DependencyList,
): PagedState<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<ProblemError | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const ctrlRef = useRef<AbortController | null>(null);

  const fail = (err: unknown) =>
    setError(err instanceof ProblemError ? err : new ProblemError({ title: String(err) }, 0));

  useEffect(() => {
    ctrlRef.current?.abort();
    const ctrl = new AbortController();
    ctrlRef.current = ctrl;
    setLoading(true);
    setError(undefined);
    loadRef.current(undefined, ctrl.signal).then(
      (page) => {
        if (ctrl.signal.aborted) return;
        setItems(page.items);
        setCursor(page.nextCursor ?? null);
        setLoading(false);
      },
      (err: unknown) => {
        if (ctrl.signal.aborted) return;
        fail(err);
        setItems([]);
        setLoading(false);
      },
    );
    return () => ctrl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);

  const loadMore = useCallback(() => {
    if (!cursor) return;
    const ctrl = new AbortController();
    ctrlRef.current = ctrl;
    setLoadingMore(true);
    setError(undefined);
    loadRef.current(cursor, ctrl.signal).then(
      (page) => {
        if (ctrl.signal.aborted) return;
        setItems((prev) => [...prev, ...page.items]);
        setCursor(page.nextCursor ?? null);
        setLoadingMore(false);
      },
      (err: unknown) => {
        if (ctrl.signal.aborted) return;
        fail(err);
        setLoadingMore(false);
      },
    );
  }, [cursor]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { items, error, loading, loadingMore, hasMore: !!cursor, loadMore, reload, setItems };
}

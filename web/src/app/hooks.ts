import { useCallback, useEffect, useRef, useState } from 'react';
import type { DependencyList } from 'react';
import { ProblemError } from './api.ts';

function asProblem(err: unknown): ProblemError {
  if (err instanceof ProblemError) return err;
  return new ProblemError({ title: err instanceof Error ? err.message : String(err) }, 0);
}

export type QueryState<T> = {
  data: T | undefined;
  error: ProblemError | undefined;
  loading: boolean;
  reload: () => void;
  setData: (updater: (prev: T | undefined) => T | undefined) => void;
};

/** Load data when the dependencies change; aborts the previous request. */
export function useQuery<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): QueryState<T> {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ProblemError | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    setError(undefined);
    loadRef.current(ctrl.signal).then(
      (value) => {
        if (ctrl.signal.aborted) return;
        setDataState(value);
        setLoading(false);
      },
      (err: unknown) => {
        if (ctrl.signal.aborted) return;
        setError(asProblem(err));
        setLoading(false);
      },
    );
    return () => ctrl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  const setData = useCallback((updater: (prev: T | undefined) => T | undefined) => setDataState(updater), []);
  return { data, error, loading, reload, setData };
}

export type ActionState<A extends unknown[], R> = {
  run: (...args: A) => Promise<R | undefined>;
  busy: boolean;
  error: ProblemError | undefined;
  reset: () => void;
};

/** Run a user action (submit, delete …): tracks busy state and keeps the problem for display. */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>): ActionState<A, R> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ProblemError | undefined>(undefined);
  const actionRef = useRef(action);
  actionRef.current = action;

  const run = useCallback(async (...args: A) => {
    setBusy(true);
    setError(undefined);
    try {
      return await actionRef.current(...args);
    } catch (err) {
      setError(asProblem(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const reset = useCallback(() => setError(undefined), []);
  return { run, busy, error, reset };
}

export type ListState<T> = QueryState<{ items: T[] }> & {
  /** Put a new item first. */
  prepend: (item: T) => void;
  /** Merge `change` into the item with this key. */
  patch: (key: string, change: Partial<T>) => void;
  /** Drop the item with this key. */
  remove: (key: string) => void;
};

/** `useQuery` for an `{ items }` list, with the local edits pages make after a successful action. */
export function useAsyncList<T>(
  load: (signal: AbortSignal) => Promise<{ items: T[] }>,
  deps: DependencyList,
  keyOf: (item: T) => string,
): ListState<T> {
  const query = useQuery(load, deps);
  const { setData } = query;
  const keyRef = useRef(keyOf);
  keyRef.current = keyOf;
  const prepend = useCallback((item: T) => setData((prev) => ({ items: [item, ...(prev?.items ?? [])] })), [setData]);
  const patch = useCallback(
    (key: string, change: Partial<T>) =>
      setData((prev) => prev && { items: prev.items.map((x) => (keyRef.current(x) === key ? { ...x, ...change } : x)) }),
    [setData],
  );
  const remove = useCallback(
    (key: string) => setData((prev) => prev && { items: prev.items.filter((x) => keyRef.current(x) !== key) }),
    [setData],
  );
  return { ...query, prepend, patch, remove };
}

export type ConfirmState<T, R = unknown> = ActionState<[T], R> & {
  /** The item waiting for the user's answer; the dialog is open while it is set. */
  target: T | null;
  ask: (target: T) => void;
  confirm: () => void;
  cancel: () => void;
};

/** An action that first asks (remove, revoke, disable …): `ask(item)` opens the dialog, success closes it. */
export function useConfirmAction<T, R>(action: (target: T) => Promise<R>): ConfirmState<T, R> {
  const [target, setTarget] = useState<T | null>(null);
  const act = useAction(async (item: T) => {
    const result = await action(item);
    setTarget(null);
    return result;
  });
  const { run, reset } = act;
  const confirm = useCallback(() => {
    if (target !== null) void run(target);
  }, [run, target]);
  const cancel = useCallback(() => {
    setTarget(null);
    reset();
  }, [reset]);
  return { ...act, target, ask: setTarget, confirm, cancel };
}

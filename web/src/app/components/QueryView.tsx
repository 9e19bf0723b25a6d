import type { ReactNode } from 'react';
import type { QueryState } from '../hooks.ts';
import { Loading } from './Loading.tsx';
import { ProblemAlert } from './ProblemAlert.tsx';

/** Spinner while loading, the problem if it failed, else the children built from the data. */
export function QueryView<T>({ query, children }: { query: QueryState<T>; children: (data: T) => ReactNode }) {
  if (query.error) return <ProblemAlert error={query.error} />;
  if (query.data === undefined) return query.loading ? <Loading /> : null;
  return <>{children(query.data)}</>;
}

import { Tag } from '@digdir/designsystemet-react';
import { Link } from 'react-router';

export const CLAUSE_ID = /^(T|S)-\d+(\.\d+)*$/;
export const isClauseId = (value: unknown): boolean => typeof value === 'string' && CLAUSE_ID.test(value);

/** A clause ID as a tag linking to its entry on the clauses page (`/clauses#S-2.2.3`). */
export function ClauseTag({ id }: { id: string }) {
  return (
    <Tag asChild data-color={id.startsWith('S') ? 'accent' : 'brand1'} data-size="sm" variant="outline">
      <Link to={`/clauses#${id}`} className="clause-tag" data-testid={`clause-link-${id}`}>
        {id}
      </Link>
    </Tag>
  );
}

export function ClauseTags({ ids, label }: { ids: readonly string[]; label?: string }) {
  if (ids.length === 0) return null;
  return (
    <ul className="tag-list" aria-label={label}>
      {ids.map((id) => (
        <li key={id}>{isClauseId(id) ? <ClauseTag id={id} /> : <Tag data-size="sm">{id}</Tag>}</li>
      ))}
    </ul>
  );
}

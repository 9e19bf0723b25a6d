import type { ReactNode } from 'react';

export type Definition = { term: ReactNode; value: ReactNode; key?: string };

export function DefinitionList({ items, className }: { items: Definition[]; className?: string }) {
  if (items.length === 0) return null;
  return (
    <dl className={['deflist', className].filter(Boolean).join(' ')}>
      {items.map((item, i) => (
        <div className="deflist__row" key={item.key ?? i}>
          <dt>{item.term}</dt>
          <dd>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

import { Button, Table } from '@digdir/designsystemet-react';
import type { ComponentProps, ReactNode } from 'react';
import { useI18n } from '../i18n.ts';

export type Column<T> = {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Cell class, e.g. `nowrap` or `mono`. */
  className?: string;
};

type Props<T> = {
  rows: readonly T[];
  /** `false` leaves a column out (e.g. actions the user may not take). */
  columns: readonly (Column<T> | false)[];
  rowKey: (row: T) => string | number;
  /** Each row gets `data-testid="<rowTestId>-<key>"`. */
  rowTestId: string;
  /** Read by screen readers only. */
  caption: string;
  size?: 'sm' | 'md';
  'data-testid': string;
};

/** A zebra table that scrolls sideways on narrow screens, with a row saying so when it is empty. */
export function DataTable<T>({ rows, columns, rowKey, rowTestId, caption, size, 'data-testid': testId }: Props<T>) {
  const { t } = useI18n();
  const shown = columns.filter((c): c is Column<T> => c !== false);
  return (
    <div className="table-wrap">
      <Table zebra data-size={size} data-testid={testId}>
        <caption className="ds-sr-only">{caption}</caption>
        <Table.Head>
          <Table.Row>
            {shown.map((c, i) => (
              <Table.HeaderCell key={i}>{c.header}</Table.HeaderCell>
            ))}
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {rows.length === 0 && (
            <Table.Row>
              <Table.Cell colSpan={shown.length}>{t('common.empty')}</Table.Cell>
            </Table.Row>
          )}
          {rows.map((row) => {
            const key = rowKey(row);
            return (
              <Table.Row key={key} data-testid={`${rowTestId}-${key}`}>
                {shown.map((c, i) => (
                  <Table.Cell key={i} className={c.className}>
                    {c.cell(row)}
                  </Table.Cell>
                ))}
              </Table.Row>
            );
          })}
        </Table.Body>
      </Table>
    </div>
  );
}

type RowActionProps = Omit<ComponentProps<typeof Button>, 'variant' | 'data-size'> & { danger?: boolean };

/** A small text button in a table row; `danger` for remove, revoke, disable. */
export function RowAction({ danger, ...rest }: RowActionProps) {
  return <Button variant="tertiary" data-size="sm" {...(danger ? { 'data-color': 'danger' as const } : {})} {...rest} />;
}

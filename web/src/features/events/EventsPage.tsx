import { Button, Dialog, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { ProblemError } from '../../app/api.ts';
import { DataTable, RowAction } from '../../app/components/DataTable.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { TitledDialog } from '../../app/components/TitledDialog.tsx';
import { formatDateTime } from '../../app/format.ts';
import { useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { hasRole, OPERATOR_STAFF } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { listEventTypes, listOrgs, pullEvents } from './api.ts';
import type { CloudEvent } from './api.ts';
import { eventMessages } from './messages.ts';
import { prefixesOf } from './NewSubscriptionDialog.tsx';
import './events.css';

const SIZES = ['25', '50', '100', '200'] as const;

/**
 * `/events` (every role): the event stream through the pull API, oldest first from a sequence number, page by
 * page. Digdir's staff see every event (and may narrow to one organisation); others what their organisation may see.
 */
export default function EventsPage() {
  const { t } = useMessages(eventMessages);
  const session = useRequiredSession();
  const isStaff = hasRole(session, OPERATOR_STAFF);
  const [params, setParams] = useSearchParams();
  const type = params.get('type') ?? '';
  const orgId = isStaff ? (params.get('orgId') ?? '') : '';
  const size = (SIZES as readonly string[]).includes(params.get('size') ?? '') ? params.get('size')! : '50';
  const start = /^\d+$/.test(params.get('after') ?? '') ? params.get('after')! : '0';
  const [afterInput, setAfterInput] = useState(start);
  const [items, setItems] = useState<CloudEvent[]>([]);
  const [next, setNext] = useState<string>(start);
  const [ended, setEnded] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ProblemError | undefined>();
  const [shown, setShown] = useState<CloudEvent | null>(null);
  const types = useQuery((signal) => listEventTypes(signal), []);
  const orgs = useQuery((signal) => (isStaff ? listOrgs(signal) : Promise.resolve({ items: [], nextCursor: null })), [isStaff]);
  const ctrl = useRef<AbortController | null>(null);

  const load = useCallback(
    async (after: string, append: boolean) => {
      ctrl.current?.abort();
      const c = new AbortController();
      ctrl.current = c;
      setLoading(true);
      setError(undefined);
      try {
        const page = await pullEvents({ after, type: type || undefined, size: Number(size), orgId: orgId || undefined }, c.signal);
        if (c.signal.aborted) return;
        setItems((prev) => (append ? [...prev, ...page] : page));
        const last = page[page.length - 1];
        setNext(last?.sequence ?? after);
        setEnded(page.length < Number(size));
      } catch (e) {
        if (c.signal.aborted) return;
        setError(e instanceof ProblemError ? e : new ProblemError({ title: String(e) }, 0));
      } finally {
        if (!c.signal.aborted) setLoading(false);
      }
    },
    [type, size, orgId],
  );

  useEffect(() => {
    setAfterInput(start);
    void load(start, false);
    return () => ctrl.current?.abort();
  }, [load, start]);

  const set = (changes: Record<string, string>) => {
    const nextParams = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v && !(k === 'after' && v === '0') && !(k === 'size' && v === '50')) nextParams.set(k, v);
      else nextParams.delete(k);
    }
    setParams(nextParams, { replace: true });
  };

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    set({ after: /^\d+$/.test(afterInput.trim()) ? afterInput.trim() : '0' });
  }

  const typeItems = types.data?.items ?? [];
  const typeOptions = [
    { value: '', label: t('events.typeAll') },
    ...prefixesOf(typeItems.map((i) => i.type)).map((p) => ({ value: `${p}.*`, label: `${p}.*` })),
    ...typeItems.map((i) => ({ value: i.type, label: i.type })),
  ];
  if (type && !typeOptions.some((o) => o.value === type)) typeOptions.push({ value: type, label: type });

  return (
    <div className="stack stack--lg">
      <PageHeader title={t('events.title')} lead={isStaff ? t('events.leadOperator') : t('events.leadOrg')} />
      <Paragraph>
        <RouterLink to="/events/subscriptions">{t('events.subscriptions')}</RouterLink>
      </Paragraph>
      <form className="ev-toolbar" onSubmit={onSubmit} data-testid="events-filter">
        <SelectField label={t('events.type')} value={type} onChange={(e) => set({ type: e.target.value })} options={typeOptions} data-testid="events-type" />
        {isStaff && (
          <SelectField
            label={t('filter.org')}
            value={orgId}
            onChange={(e) => set({ orgId: e.target.value })}
            options={[{ value: '', label: t('filter.allOrgs') }, ...(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))]}
            data-testid="events-org"
          />
        )}
        <SelectField label={t('events.size')} value={size} onChange={(e) => set({ size: e.target.value })} options={SIZES.map((s) => ({ value: s, label: s }))} data-testid="events-size" />
        <Textfield label={t('events.after')} inputMode="numeric" value={afterInput} onChange={(e) => setAfterInput(e.target.value)} data-testid="events-after" />
        <div>
          <Button type="submit" variant="secondary" data-testid="events-apply">
            {t('events.apply')}
          </Button>
        </div>
      </form>
      <ProblemAlert error={error} />
      <DataTable
        rows={items}
        rowKey={(e) => e.id}
        rowTestId="event-row"
        caption={t('events.caption')}
        size="sm"
        data-testid="events-table"
        columns={[
          { header: t('events.seq'), cell: (e) => <span className="ev-code">{e.sequence}</span> },
          { header: t('events.time'), cell: (e) => formatDateTime(e.time), className: 'nowrap' },
          { header: t('events.type'), cell: (e) => <span className="ev-code">{e.type}</span> },
          { header: t('events.subject'), cell: (e) => <span className="ev-code">{e.subject ?? ''}</span> },
          { header: t('events.resource'), cell: (e) => <span className="ev-code ev-small">{e.resource}</span> },
          {
            header: t('events.data'),
            cell: (e) => (
              <RowAction onClick={() => setShown(e)} data-testid={`event-show-${e.sequence}`}>
                {t('events.show')}
              </RowAction>
            ),
          },
        ]}
      />
      <div className="button-row">
        {!ended && items.length > 0 && (
          <Button variant="secondary" onClick={() => void load(next, true)} loading={loading} data-testid="events-more">
            {t('events.more')}
          </Button>
        )}
        <Paragraph data-size="sm" className="muted" aria-live="polite">
          {t('events.shown', { count: items.length })}
          {ended && !loading && <> · {t('events.end', { seq: next })}</>}
        </Paragraph>
      </div>
      <TitledDialog open={shown !== null} onClose={() => setShown(null)} title={t('events.cloudEvent', { seq: shown?.sequence ?? '' })} closedby="any" data-testid="event-dialog">
        <Dialog.Block>
          <pre className="ev-json ev-wide" data-testid="event-json">
            {shown ? JSON.stringify(shown, null, 2) : ''}
          </pre>
        </Dialog.Block>
      </TitledDialog>
    </div>
  );
}

import { Alert, Button, Dialog, Heading, Paragraph, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { formatDateTime, osloNowLocalInput, osloToday } from '../../app/format.ts';
import { useAction, useConfirmAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { hasRole } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ConfirmAction } from '../../app/components/ConfirmDialog.tsx';
import { DataTable, RowAction } from '../../app/components/DataTable.tsx';
import { FormActions } from '../../app/components/FormActions.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { TitledDialog } from '../../app/components/TitledDialog.tsx';
import { createDuty, deleteDuty, dutyNow, dutyOperators, listDuty } from './api.ts';
import type { DutyEntry, DutyNow } from './api.ts';
import { dutyMessages } from './messages.ts';

// ---------------------------------------------------------------- plain Oslo dates ('YYYY-MM-DD', no time zone maths)

function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}
/** 0 = Monday … 6 = Sunday. */
function weekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}
const mondayOf = (date: string) => addDays(date, -weekday(date));
/** ISO 8601 week number. */
function isoWeek(date: string): number {
  const thursday = addDays(mondayOf(date), 3);
  const jan1 = `${thursday.slice(0, 4)}-01-01`;
  const days = (Date.parse(thursday) - Date.parse(jan1)) / 86_400_000;
  return 1 + Math.floor(days / 7);
}
/** `13.04` */
const dayMonth = (date: string) => `${date.slice(8, 10)}.${date.slice(5, 7)}`;
/** An instant as Oslo wall-clock time `YYYY-MM-DDTHH:mm` (comparable as text). */
const local = (iso: string) => osloNowLocalInput(new Date(iso));

const FIELDS = ['userId', 'startsAt', 'endsAt', 'note'] as const;

// ---------------------------------------------------------------- on duty now

function NowPanel({ now }: { now: DutyNow }) {
  const { t } = useMessages(dutyMessages);
  const until = (userId: string) =>
    now.entries
      .filter((e) => e.userId === userId)
      .map((e) => e.endsAt)
      .sort()
      .at(-1);
  return (
    <section className="panel stack" aria-labelledby="duty-now-heading" data-testid="duty-now">
      <Heading level={2} data-size="sm" id="duty-now-heading">
        {t('duty.now')}
      </Heading>
      {now.fallback ? (
        <Alert data-color="warning" data-size="sm" data-testid="duty-now-fallback">
          {t('duty.nowNobody', { names: now.users.map((u) => u.name || u.email).join(', ') || '–' })}
        </Alert>
      ) : (
        <ul className="plain-list stack">
          {now.users.map((u) => {
            const end = until(u.userId);
            return (
              <li key={u.userId} data-testid={`duty-now-${u.userId}`}>
                <strong>{u.name}</strong> <span className="muted">{u.email}</span>
                {end && <span className="muted"> · {t('duty.nowUntil', { at: formatDateTime(end) })}</span>}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

// ---------------------------------------------------------------- a week as seven days

function WeekTimeline({ monday, entries, today }: { monday: string; entries: DutyEntry[]; today: string }) {
  const { t } = useMessages(dutyMessages);
  const week = isoWeek(monday);
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  const headingId = `duty-week-${monday}`;
  return (
    <section className="stack" aria-labelledby={headingId} data-testid={`duty-week-${week}`}>
      <Heading level={3} data-size="xs" id={headingId}>
        {t('duty.week', { week })} · {t('duty.weekRange', { from: dayMonth(days[0]), to: dayMonth(days[6]) })}
        {today >= days[0] && today <= days[6] && <span className="muted"> ({t('duty.thisWeek')})</span>}
      </Heading>
      <ol className="plain-list" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(7.5rem, 1fr))', gap: 'var(--ds-size-2)' }}>
        {days.map((day, i) => {
          const start = `${day}T00:00`;
          const end = `${addDays(day, 1)}T00:00`;
          const on = entries.filter((e) => local(e.startsAt) < end && local(e.endsAt) > start);
          return (
            <li
              key={day}
              data-testid={`duty-day-${day}`}
              aria-current={day === today ? 'date' : undefined}
              style={{
                border: `1px solid var(${day === today ? '--ds-color-accent-border-strong' : '--ds-color-neutral-border-subtle'})`,
                borderRadius: 'var(--ds-border-radius-md)',
                padding: 'var(--ds-size-2)',
                minHeight: '4.5rem',
                minWidth: 0,
                overflowWrap: 'anywhere',
              }}
            >
              <div>
                <strong>{t(`duty.day.${i}` as 'duty.day.0')}</strong> <span className="muted">{dayMonth(day)}</span>
              </div>
              {on.length === 0 ? (
                <div className="muted">{t('duty.noneThisDay')}</div>
              ) : (
                on.map((e) => {
                  const s = local(e.startsAt);
                  const f = local(e.endsAt);
                  const partial = s > start || f < end;
                  return (
                    <div key={e.id}>
                      {e.name}
                      {partial && (
                        <span className="muted">
                          {' '}
                          {s > start ? s.slice(11) : ''}–{f < end ? f.slice(11) : ''}
                        </span>
                      )}
                    </div>
                  );
                })
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

// ---------------------------------------------------------------- adding a duty

function AddDutyDialog({ onClose, onAdded }: { onClose: () => void; onAdded: (e: DutyEntry) => void }) {
  const { t } = useMessages(dutyMessages);
  const operators = useQuery((signal) => dutyOperators(signal), []);
  const nextMonday = addDays(mondayOf(osloToday()), 7);
  const [userId, setUserId] = useState('');
  const [startsAt, setStartsAt] = useState(`${nextMonday}T08:00`);
  const [endsAt, setEndsAt] = useState(`${addDays(nextMonday, 7)}T08:00`);
  const [note, setNote] = useState('');
  const chosen = userId || operators.data?.items[0]?.userId || '';
  const save = useAction(() => createDuty({ userId: chosen, startsAt, endsAt, note: note.trim() || null }));
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const made = await save.run();
    if (made) onAdded(made);
  }
  return (
    <TitledDialog open onClose={onClose} title={t('duty.add')} data-testid="duty-dialog">
      <Dialog.Block>
        <form className="stack" onSubmit={onSubmit} data-testid="duty-form">
          <ProblemAlert error={save.error ?? operators.error} fields={FIELDS} />
          <SelectField
            label={t('duty.person')}
            description={t('duty.personHint')}
            value={chosen}
            onChange={(e) => setUserId(e.target.value)}
            options={(operators.data?.items ?? []).map((o) => ({ value: o.userId, label: `${o.name} (${t(`role.${o.role}` as 'role.operator-agent')})` }))}
            error={save.error?.fieldError('userId')}
            data-testid="duty-user"
          />
          <div className="form-grid">
            <Textfield
              label={t('duty.startsAt')}
              type="datetime-local"
              required
              value={startsAt}
              onChange={(e) => setStartsAt(e.target.value)}
              error={save.error?.fieldError('startsAt')}
              data-testid="duty-starts"
            />
            <Textfield
              label={t('duty.endsAt')}
              type="datetime-local"
              required
              value={endsAt}
              onChange={(e) => setEndsAt(e.target.value)}
              error={save.error?.fieldError('endsAt')}
              data-testid="duty-ends"
            />
          </div>
          <Paragraph data-size="sm" className="muted">
            {t('duty.limits')}
          </Paragraph>
          <Textfield label={t('duty.note')} value={note} onChange={(e) => setNote(e.target.value)} error={save.error?.fieldError('note')} data-testid="duty-note" />
          <FormActions submit={t('duty.add')} busy={save.busy} onCancel={onClose} data-testid="duty-submit" />
        </form>
      </Dialog.Block>
    </TitledDialog>
  );
}

// ---------------------------------------------------------------- the page

/** `/duty` (operators and auditors): who is on duty now, this week and the next ones; operator admins add and remove duties. */
export default function DutyPage() {
  const { t } = useMessages(dutyMessages);
  const session = useRequiredSession();
  const canEdit = hasRole(session, ['operator-admin']);
  const today = osloToday();
  const from = mondayOf(today);
  const [weeks, setWeeks] = useState(4);
  const to = addDays(from, 7 * weeks);
  const roster = useQuery((signal) => listDuty(from, to, signal), [from, to]);
  const now = useQuery((signal) => dutyNow(signal), []);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const reload = () => {
    roster.reload();
    now.reload();
  };
  const remove = useConfirmAction(async (e: DutyEntry) => {
    await deleteDuty(e.id);
    setNotice(null);
    reload();
  });
  const mondays = Array.from({ length: weeks }, (_, i) => addDays(from, 7 * i));

  return (
    <div className="stack stack--lg">
      <PageHeader
        title={t('duty.title')}
        lead={t('duty.lead')}
        actions={
          canEdit && (
            <Button onClick={() => setAdding(true)} data-testid="duty-add">
              {t('duty.add')}
            </Button>
          )
        }
      />
      {!canEdit && (
        <Alert data-color="info" data-size="sm">
          {t('duty.readOnly')}
        </Alert>
      )}
      {notice && (
        <Alert data-color="success" data-size="sm" role="status" data-testid="duty-notice">
          {notice}
        </Alert>
      )}
      <QueryView query={now}>{(data) => <NowPanel now={data} />}</QueryView>
      <QueryView query={roster}>
        {(data) => (
          <div className="stack stack--lg">
            {mondays.map((monday) => (
              <WeekTimeline key={monday} monday={monday} today={today} entries={data.items} />
            ))}
            <DataTable
              rows={data.items}
              rowKey={(e) => e.id}
              rowTestId="duty-row"
              caption={t('duty.title')}
              data-testid="duty-table"
              columns={[
                {
                  header: t('duty.who'),
                  cell: (e) => (
                    <>
                      <div>{e.name}</div>
                      <div className="muted">{e.email}</div>
                    </>
                  ),
                },
                { header: t('duty.from'), cell: (e) => formatDateTime(e.startsAt), className: 'nowrap' },
                { header: t('duty.to'), cell: (e) => formatDateTime(e.endsAt), className: 'nowrap' },
                { header: t('duty.note'), cell: (e) => e.note ?? '' },
                {
                  header: t('common.status'),
                  cell: (e) =>
                    e.current ? (
                      <Tag data-color="success" data-size="sm">
                        {t('duty.current')}
                      </Tag>
                    ) : null,
                },
                canEdit && {
                  header: t('common.actions'),
                  cell: (e) => (
                    <RowAction
                      danger
                      onClick={() => remove.ask(e)}
                      aria-label={t('duty.removeLabel', { name: e.name, from: formatDateTime(e.startsAt) })}
                      data-testid={`duty-remove-${e.id}`}
                    >
                      {t('duty.remove')}
                    </RowAction>
                  ),
                },
              ]}
            />
            <div className="button-row">
              <Button variant="secondary" onClick={() => setWeeks((n) => n + 4)} data-testid="duty-more">
                {t('duty.moreWeeks')}
              </Button>
            </div>
          </div>
        )}
      </QueryView>
      {adding && (
        <AddDutyDialog
          onClose={() => setAdding(false)}
          onAdded={(e) => {
            setAdding(false);
            setNotice(t('duty.added', { name: e.name, from: formatDateTime(e.startsAt), to: formatDateTime(e.endsAt) }));
            reload();
          }}
        />
      )}
      <ConfirmAction
        state={remove}
        title={t('duty.removeTitle')}
        body={(e) => t('duty.removeBody', { name: e.name, from: formatDateTime(e.startsAt), to: formatDateTime(e.endsAt) })}
        confirmLabel={t('duty.remove')}
      />
    </div>
  );
}

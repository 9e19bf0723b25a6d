import { Alert, Button, Checkbox, Dialog, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { formatDate, formatDateTime } from '../../app/format.ts';
import { useAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { activeMembership } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { DataTable, RowAction } from '../../app/components/DataTable.tsx';
import { DefinitionList } from '../../app/components/DefinitionList.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { TitledDialog } from '../../app/components/TitledDialog.tsx';
import { currentReview, getReview, listReviews, submitReview } from './api.ts';
import type { AdminChange, CurrentReview, Review, ReviewEntry } from './api.ts';
import { USER_ROLES } from '../../app/types.ts';
import type { UserRole } from '../../app/types.ts';
import { obligationMessages } from './messages.ts';
import { ReviewStatusTag } from './Tags.tsx';

type Row = ReviewEntry & { key: string; member: boolean };

const isRole = (value: string): value is UserRole => (USER_ROLES as readonly string[]).includes(value);

function AdminChanges({ items, testId }: { items: AdminChange[]; testId: string }) {
  const { t } = useMessages(obligationMessages);
  if (items.length === 0) return <Paragraph className="muted">{t('reviews.changesNone')}</Paragraph>;
  return (
    <DataTable
      rows={items}
      rowKey={(c) => `${c.at}-${c.userId ?? c.email}`}
      rowTestId="admin-change-row"
      caption={t('reviews.changes')}
      size="sm"
      data-testid={testId}
      columns={[
        { header: t('reviews.changeAt'), cell: (c) => formatDateTime(c.at), className: 'nowrap' },
        { header: t('reviews.changeWhat'), cell: (c) => t(`reviews.change.${c.change}` as 'reviews.change.added') },
        { header: t('common.name'), cell: (c) => `${c.name ?? ''}${c.email ? ` (${c.email})` : ''}` },
        {
          header: t('reviews.changeRole'),
          cell: (c) => [c.fromRole, c.toRole].filter((x): x is string => !!x).map((x) => (isRole(x) ? t(`role.${x}`) : x)).join(' → '),
        },
        { header: t('reviews.changeBy'), cell: (c) => c.by },
      ]}
    />
  );
}

function CurrentReviewForm({ review, onSubmitted }: { review: CurrentReview; onSubmitted: (next: Review) => void }) {
  const { t } = useMessages(obligationMessages);
  const m = activeMembership(useRequiredSession())!;
  const isAdmin = m.role === 'serviceowner-admin';
  const [rows, setRows] = useState<Row[]>([]);
  const [note, setNote] = useState('');
  useEffect(() => {
    setRows(review.members.map((x, i) => ({ ...x, key: `m${i}`, member: true })));
  }, [review]);
  const submit = useAction(() =>
    submitReview(review.id, {
      entries: rows.filter((r) => r.name.trim() || r.email.trim()).map(({ name, email, role, active }) => ({ name: name.trim(), email: email.trim(), role: role.trim(), active })),
      ...(note.trim() ? { note: note.trim() } : {}),
    }),
  );
  const update = (key: string, change: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...change } : r)));

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const r = await submit.run();
    if (r) onSubmitted(r.next);
  }

  return (
    <form className="stack" onSubmit={onSubmit} data-testid="review-form">
      <Heading level={3} data-size="xs">
        {t('reviews.people')}
      </Heading>
      <Paragraph data-size="sm" className="muted">
        {t('reviews.peopleHint')}
      </Paragraph>
      {!isAdmin && (
        <Alert data-color="info" data-size="sm">
          {t('reviews.adminOnly')}
        </Alert>
      )}
      <ProblemAlert error={submit.error} />
      <DataTable
        rows={rows}
        rowKey={(r) => r.key}
        rowTestId="review-entry"
        caption={t('reviews.people')}
        size="sm"
        data-testid="review-entries"
        columns={[
          {
            header: t('reviews.active'),
            cell: (r) => (
              <Checkbox
                aria-label={t('reviews.activeFor', { name: r.name || r.email || '…' })}
                checked={r.active}
                disabled={!isAdmin}
                onChange={(e) => update(r.key, { active: e.target.checked })}
                data-testid={`review-active-${r.email || r.key}`}
              />
            ),
          },
          {
            header: t('common.name'),
            cell: (r) =>
              r.member ? (
                r.name
              ) : (
                <Textfield aria-label={t('common.name')} data-size="sm" required value={r.name} onChange={(e) => update(r.key, { name: e.target.value })} data-testid={`review-name-${r.key}`} />
              ),
          },
          {
            header: t('common.email'),
            cell: (r) =>
              r.member ? (
                r.email
              ) : (
                <Textfield aria-label={t('common.email')} data-size="sm" type="email" required value={r.email} onChange={(e) => update(r.key, { email: e.target.value })} data-testid={`review-email-${r.key}`} />
              ),
          },
          {
            header: t('reviews.access'),
            cell: (r) =>
              r.member ? (
                isRole(r.role) ? t(`role.${r.role}`) : r.role
              ) : (
                <Textfield aria-label={t('reviews.access')} data-size="sm" required value={r.role} onChange={(e) => update(r.key, { role: e.target.value })} data-testid={`review-role-${r.key}`} />
              ),
          },
          isAdmin && {
            header: t('common.actions'),
            cell: (r) =>
              !r.member && (
                <RowAction danger onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>
                  {t('reviews.removePerson')}
                </RowAction>
              ),
          },
        ]}
      />
      {isAdmin && (
        <>
          <div>
            <Button
              type="button"
              variant="secondary"
              data-size="sm"
              onClick={() => setRows((rs) => [...rs, { key: `x${Date.now()}`, member: false, name: '', email: '', role: '', active: true }])}
              data-testid="review-add"
            >
              {t('reviews.addPerson')}
            </Button>
          </div>
          <Textfield label={t('reviews.note')} multiline rows={2} value={note} onChange={(e) => setNote(e.target.value)} data-testid="review-note" />
          <div>
            <Button type="submit" loading={submit.busy} disabled={rows.length === 0} data-testid="review-submit">
              {t('reviews.submit')}
            </Button>
          </div>
        </>
      )}
    </form>
  );
}

function ReviewDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useMessages(obligationMessages);
  // Entries carry a platform role (translated) or free text about the access.
  const roleLabel = (role: string) => (isRole(role) ? t(`role.${role}`) : role);
  const review = useQuery((signal) => getReview(id, signal), [id]);
  return (
    <TitledDialog
      open
      onClose={onClose}
      title={review.data ? t('reviews.dialogTitle', { at: formatDate(review.data.submittedAt) }) : t('reviews.history')}
      closedby="any"
      data-testid="review-dialog"
    >
      <Dialog.Block>
        <QueryView query={review}>
          {(r) => (
            <div className="stack">
              <DefinitionList
                items={[
                  { term: t('reviews.period'), value: formatDate(r.periodStart) },
                  { term: t('reviews.dueAt'), value: formatDate(r.dueAt) },
                  { term: t('reviews.submittedAt'), value: formatDateTime(r.submittedAt) },
                  ...(r.note ? [{ term: t('reviews.noteShown'), value: r.note }] : []),
                ]}
              />
              <DataTable
                rows={r.entries ?? []}
                rowKey={(e) => e.email}
                rowTestId="review-history-entry"
                caption={t('reviews.people')}
                size="sm"
                data-testid="review-history-entries"
                columns={[
                  { header: t('common.name'), cell: (e) => e.name },
                  { header: t('common.email'), cell: (e) => e.email },
                  { header: t('reviews.access'), cell: (e) => roleLabel(e.role) },
                  { header: t('reviews.active'), cell: (e) => (e.active ? t('common.yes') : t('common.no')) },
                ]}
              />
              <Heading level={3} data-size="2xs">
                {t('reviews.changes')}
              </Heading>
              <AdminChanges items={r.adminChanges} testId="review-history-changes" />
            </div>
          )}
        </QueryView>
      </Dialog.Block>
    </TitledDialog>
  );
}

/** `/access-reviews` (service owners): the semi-annual access review (S-7.2.1) pre-filled with the members, and the history. */
export default function AccessReviewsPage() {
  const { t } = useMessages(obligationMessages);
  const m = activeMembership(useRequiredSession())!;
  const current = useQuery((signal) => currentReview(m.orgId, signal), [m.orgId]);
  const history = useQuery((signal) => listReviews(m.orgId, signal), [m.orgId]);
  const [submittedNext, setSubmittedNext] = useState<Review | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  return (
    <div className="stack stack--lg">
      <PageHeader title={t('reviews.title')} lead={t('reviews.lead')} />
      <ClauseTags ids={['S-7.2.1']} />
      {submittedNext && (
        <Alert data-color="success" role="status" data-testid="review-submitted">
          {t('reviews.submitted', { due: formatDate(submittedNext.dueAt) })}
        </Alert>
      )}
      <section className="panel stack" aria-labelledby="review-current-heading" data-testid="review-current">
        <Heading level={2} data-size="sm" id="review-current-heading">
          {t('reviews.current')}
        </Heading>
        <QueryView query={current}>
          {(r) => (
            <div className="stack stack--lg">
              <DefinitionList
                items={[
                  { term: t('common.status'), value: <ReviewStatusTag status={r.status} /> },
                  { term: t('reviews.period'), value: formatDate(r.periodStart) },
                  { term: t('reviews.dueAt'), value: <strong data-testid="review-due">{formatDate(r.dueAt)}</strong> },
                  { term: t('reviews.remindAt'), value: formatDate(r.remindAt) },
                  { term: t('reviews.previous'), value: r.previous ? formatDateTime(r.previous.submittedAt) : t('common.never') },
                ]}
              />
              <CurrentReviewForm
                review={r}
                onSubmitted={(next) => {
                  setSubmittedNext(next);
                  current.reload();
                  history.reload();
                }}
              />
              <section className="stack" aria-labelledby="review-changes-heading">
                <Heading level={3} data-size="xs" id="review-changes-heading">
                  {t('reviews.changes')}
                </Heading>
                <AdminChanges items={r.adminChanges} testId="review-changes" />
              </section>
            </div>
          )}
        </QueryView>
      </section>
      <section className="section" aria-labelledby="review-history-heading">
        <Heading level={2} data-size="sm" id="review-history-heading">
          {t('reviews.history')}
        </Heading>
        <QueryView query={history}>
          {(data) => (
            <DataTable
              size="sm"
              rows={data.items.filter((r) => r.submittedAt)}
              rowKey={(r) => r.id}
              rowTestId="review-row"
              caption={t('reviews.history')}
              data-testid="reviews-history"
              columns={[
                { header: t('reviews.period'), cell: (r) => formatDate(r.periodStart), className: 'nowrap' },
                { header: t('reviews.dueAt'), cell: (r) => formatDate(r.dueAt), className: 'nowrap' },
                { header: t('reviews.submittedAt'), cell: (r) => formatDateTime(r.submittedAt), className: 'nowrap' },
                {
                  header: t('reviews.entries'),
                  cell: (r) => (r.entries ? t('reviews.entriesCount', { active: r.entries.filter((e) => e.active).length, total: r.entries.length }) : ''),
                },
                {
                  header: t('common.actions'),
                  cell: (r) => (
                    <RowAction onClick={() => setOpen(r.id)} data-testid={`review-show-${r.id}`}>
                      {t('reviews.show')}
                    </RowAction>
                  ),
                },
              ]}
            />
          )}
        </QueryView>
      </section>
      {open && <ReviewDialog id={open} onClose={() => setOpen(null)} />}
    </div>
  );
}

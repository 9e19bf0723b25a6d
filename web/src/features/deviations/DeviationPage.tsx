import { Alert, Button, Dialog, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useParams } from 'react-router';
import { formatDateTime } from '../../app/format.ts';
import { useAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { hasRole, OPERATOR_ROLES } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { DataTable } from '../../app/components/DataTable.tsx';
import { DefinitionList } from '../../app/components/DefinitionList.tsx';
import { FormActions } from '../../app/components/FormActions.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { TitledDialog } from '../../app/components/TitledDialog.tsx';
import { addNote, escalateDeviation, getDeviation, joinClock, listCandidates, reopenDeviation, resolveDeviation } from './api.ts';
import type { DeviationDetail, DeviationEvent } from './api.ts';
import { LadderSteps, PartyLabel, StatusTag, useLevelName } from './Ladder.tsx';
import { deviationMessages } from './messages.ts';

type Setter = (d: DeviationDetail) => void;

/** A dialog asking for one required text (escalation reason, resolution, reopening reason). */
function TextDialog({
  title,
  lead,
  label,
  field,
  submit,
  testId,
  action,
  onClose,
  onDone,
}: {
  title: string;
  lead?: string;
  label: string;
  field: string;
  submit: string;
  testId: string;
  action: (text: string) => Promise<DeviationDetail>;
  onClose: () => void;
  onDone: Setter;
}) {
  const [text, setText] = useState('');
  const run = useAction(() => action(text));
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const d = await run.run();
    if (d) onDone(d);
  }
  return (
    <TitledDialog open onClose={onClose} title={title} data-testid={`${testId}-dialog`}>
      <Dialog.Block>
        <form className="stack" onSubmit={onSubmit} data-testid={`${testId}-form`}>
          {lead && <Paragraph data-size="sm">{lead}</Paragraph>}
          <ProblemAlert error={run.error} fields={[field]} />
          <Textfield label={label} multiline rows={4} required value={text} onChange={(e) => setText(e.target.value)} error={run.error?.fieldError(field)} data-testid={`${testId}-text`} />
          <FormActions submit={submit} busy={run.busy} onCancel={onClose} data-testid={`${testId}-submit`} />
        </form>
      </Dialog.Block>
    </TitledDialog>
  );
}

/** Adds a breached clock without a case to this case, chosen from the candidates (operators). */
function JoinDialog({ d, onClose, onDone }: { d: DeviationDetail; onClose: () => void; onDone: Setter }) {
  const { t } = useMessages(deviationMessages);
  const cands = useQuery((signal) => listCandidates(signal), []);
  const clocks = new Map<string, { incidentId: string; targetId: string; label: string }>();
  for (const g of cands.data?.groups ?? []) {
    for (const k of g.clocks) clocks.set(`${k.incidentId}/${k.targetId}`, { incidentId: k.incidentId, targetId: k.targetId, label: `${k.incidentRef} · ${k.targetId} · ${k.incidentTitle} (${formatDateTime(k.breachedAt)})` });
  }
  const [choice, setChoice] = useState('');
  const [note, setNote] = useState('');
  const join = useAction(async () => {
    const k = clocks.get(choice);
    if (!k) throw new Error(t('common.required'));
    return joinClock(d.id, { incidentId: k.incidentId, targetId: k.targetId, note: note.trim() || undefined });
  });
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const r = await join.run();
    if (r) onDone(r);
  }
  return (
    <TitledDialog open onClose={onClose} title={t('detail.joinTitle')} data-testid="deviation-join-dialog">
      <Dialog.Block>
        <form className="stack" onSubmit={onSubmit}>
          <Paragraph data-size="sm">{t('detail.joinLead')}</Paragraph>
          <ProblemAlert error={cands.error ?? join.error} />
          <SelectField
            label={t('detail.incident')}
            value={choice}
            required
            onChange={(e) => setChoice(e.target.value)}
            options={[{ value: '', label: cands.loading ? '…' : clocks.size ? '—' : t('cand.none') }, ...[...clocks].map(([value, k]) => ({ value, label: k.label }))]}
            data-testid="deviation-join-clock"
          />
          <Textfield label={t('detail.note')} value={note} onChange={(e) => setNote(e.target.value)} data-testid="deviation-join-note" />
          <FormActions submit={t('detail.join')} busy={join.busy} onCancel={onClose} data-testid="deviation-join-submit" />
        </form>
      </Dialog.Block>
    </TitledDialog>
  );
}

function History({ d }: { d: DeviationDetail }) {
  const { t } = useMessages(deviationMessages);
  const levelName = useLevelName(d.ladder);
  const title = (e: DeviationEvent) => {
    switch (e.type) {
      case 'opened':
        return t('event.opened', { level: levelName(e.toLevel) });
      case 'escalated':
        return t('event.escalated', { from: levelName(e.fromLevel), to: levelName(e.toLevel) });
      case 'joined':
        return t('event.joined', { ref: e.data.incidentRef ?? '', target: e.data.targetId ?? '' });
      case 'note':
      case 'resolved':
      case 'reopened':
        return t(`event.${e.type}`);
      default:
        return e.type;
    }
  };
  return (
    <ol className="timeline dev-timeline" data-testid="deviation-events">
      {d.events.map((e) => {
        const n = e.data.notified;
        return (
          <li key={e.id} className={`timeline-item timeline-item--${e.type}`} data-testid={`deviation-event-${e.type}`}>
            <span className="timeline-item__dot" aria-hidden="true" />
            <div>
              <div className="timeline-item__head">
                <span className="timeline-item__title">{title(e)}</span>
                <span className="timeline-item__meta">
                  {formatDateTime(e.at)} · {t('event.by', { who: e.actorName ?? t('event.system') })}
                </span>
              </div>
              {e.reason && (
                <div className="timeline-item__body">
                  {e.type === 'resolved' ? '' : `${t('detail.reason')}: `}
                  {e.reason}
                </div>
              )}
              {e.body && <div className="timeline-item__body">{e.body}</div>}
              {e.type === 'joined' && e.data.incidentId && (
                <div className="timeline-item__meta">
                  <RouterLink to={`/incidents/${e.data.incidentId}`}>{e.data.incidentRef ?? e.data.incidentId}</RouterLink>
                </div>
              )}
              {n && (
                <div className="timeline-item__meta" data-testid="deviation-event-mailed">
                  {n.mailed.length ? t('event.mailed', { to: n.mailed.map((m) => `${m.name} <${m.email}>`).join(', ') }) : t('event.mailedNone')}
                  {n.missingContacts.map((s) => (
                    <div key={s}>{t(`event.missing.${s}`)}</div>
                  ))}
                </div>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function NoteForm({ d, onSaved }: { d: DeviationDetail; onSaved: Setter }) {
  const { t } = useMessages(deviationMessages);
  const [body, setBody] = useState('');
  const save = useAction(() => addNote(d.id, body));
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const r = await save.run();
    if (r) {
      setBody('');
      onSaved(r);
    }
  }
  return (
    <form className="stack" onSubmit={onSubmit} data-testid="deviation-note-form">
      <ProblemAlert error={save.error} fields={['body']} />
      <Textfield label={t('detail.noteLabel')} multiline rows={3} required value={body} onChange={(e) => setBody(e.target.value)} error={save.error?.fieldError('body')} data-testid="deviation-note" />
      <div className="button-row">
        <Button type="submit" variant="secondary" loading={save.busy} data-testid="deviation-note-submit">
          {t('detail.addNote')}
        </Button>
      </div>
    </form>
  );
}

/** `/deviations/:id`: one case with the ladder, the current level's contacts, its breaches and history [S-8]. */
export default function DeviationPage() {
  const { id = '' } = useParams();
  const q = useQuery((signal) => getDeviation(id, signal), [id]);
  return <QueryView query={q}>{(d) => <DeviationView d={d} onChange={(next) => q.setData(() => next)} />}</QueryView>;
}

function DeviationView({ d, onChange }: { d: DeviationDetail; onChange: Setter }) {
  const { t } = useMessages(deviationMessages);
  const session = useRequiredSession();
  const isOperator = hasRole(session, OPERATOR_ROLES);
  const canNote = isOperator || hasRole(session, ['serviceowner-admin', 'serviceowner-member']);
  const [dialog, setDialog] = useState<'escalate' | 'resolve' | 'reopen' | 'join' | null>(null);
  const set: Setter = (next) => {
    onChange(next);
    setDialog(null);
  };
  const levelName = useLevelName(d.ladder);
  const next = d.nextLevel ? levelName(d.nextLevel) : null;
  return (
    <div className="stack stack--lg">
      <PageHeader title={d.title} lead={`${d.ref} · ${levelName(d.level)}`} />
      <DefinitionList
        items={[
          { term: t('dev.ref'), value: <span className="mono" data-testid="deviation-ref">{d.ref}</span> },
          { term: t('common.status'), value: <StatusTag status={d.status} /> },
          { term: t('dev.party'), value: <PartyLabel party={d.party} orgName={d.party === 'serviceOwner' ? d.orgName : null} /> },
          ...(d.orgId && d.party !== 'serviceOwner' ? [{ term: t('detail.org'), value: d.orgName ?? '' }] : []),
          { term: t('dev.clauses'), value: <ClauseTags ids={d.clauses} /> },
          { term: t('dev.opened'), value: `${formatDateTime(d.openedAt)}${d.openedByName ? ` · ${d.openedByName}` : ''}` },
          ...(d.status === 'resolved' && d.resolvedAt ? [{ term: t('detail.resolvedAt', { at: formatDateTime(d.resolvedAt) }), value: d.resolution ?? '' }] : []),
          ...(d.description ? [{ term: t('detail.description'), value: <span className="dev-text">{d.description}</span> }] : []),
        ]}
      />

      <section className="panel stack" aria-labelledby="ladder-heading">
        <Heading level={2} data-size="sm" id="ladder-heading">
          {t('detail.ladder')}
        </Heading>
        <LadderSteps ladder={d.ladder} current={d.level} />
        {isOperator && (
          <div className="button-row">
            {d.status === 'open' && next && (
              <Button onClick={() => setDialog('escalate')} data-testid="deviation-escalate">
                {t('detail.escalate', { level: next })}
              </Button>
            )}
            {d.status === 'open' && (
              <Button variant="secondary" onClick={() => setDialog('resolve')} data-testid="deviation-resolve">
                {t('detail.resolve')}
              </Button>
            )}
            {d.status === 'resolved' && (
              <Button variant="secondary" onClick={() => setDialog('reopen')} data-testid="deviation-reopen">
                {t('detail.reopen')}
              </Button>
            )}
          </div>
        )}
        {d.status === 'open' && !next && (
          <Paragraph data-size="sm" className="muted" data-testid="deviation-at-top">
            {t('detail.atTop')}
          </Paragraph>
        )}
      </section>

      <section className="stack" aria-labelledby="contacts-heading">
        <Heading level={2} data-size="sm" id="contacts-heading">
          {t('detail.contactsTitle')}
        </Heading>
        {d.contacts.length === 0 ? (
          <Alert data-color="warning" data-size="sm" data-testid="deviation-no-contacts">
            {t('detail.noContacts')}
          </Alert>
        ) : (
          <DataTable
            size="sm"
            rows={d.contacts}
            rowKey={(k) => k.id}
            rowTestId="deviation-contact"
            caption={t('detail.contactsTitle')}
            data-testid="deviation-contacts"
            columns={[
              { header: t('contacts.side'), cell: (k) => (k.side === 'operator' ? t('contacts.operatorSide') : (k.orgName ?? '')) },
              { header: t('common.name'), cell: (k) => k.name },
              { header: t('common.email'), cell: (k) => <a href={`mailto:${k.email}`}>{k.email}</a> },
              { header: t('contacts.phone'), cell: (k) => k.phone ?? '', className: 'nowrap' },
            ]}
          />
        )}
      </section>

      <section className="stack" aria-labelledby="items-heading">
        <Heading level={2} data-size="sm" id="items-heading">
          {t('detail.itemsTitle')}
        </Heading>
        <DataTable
          size="sm"
          rows={d.items}
          rowKey={(i) => i.id}
          rowTestId="deviation-item"
          caption={t('detail.itemsTitle')}
          data-testid="deviation-items"
          columns={[
            {
              header: t('detail.incident'),
              cell: (i) =>
                i.incidentId ? (
                  <>
                    <RouterLink to={`/incidents/${i.incidentId}`}>{i.incidentRef ?? i.incidentId}</RouterLink>
                    <div className="muted">{i.incidentTitle}</div>
                  </>
                ) : (
                  ''
                ),
            },
            { header: t('detail.clock'), cell: (i) => [i.category, i.targetId].filter(Boolean).join(' · ') },
            { header: t('detail.breachedAt'), cell: (i) => formatDateTime(i.breachedAt ?? i.occurredAt), className: 'nowrap' },
            { header: t('detail.note'), cell: (i) => i.note ?? '' },
          ]}
        />
        {isOperator && d.status === 'open' && (
          <div className="button-row">
            <Button variant="secondary" onClick={() => setDialog('join')} data-testid="deviation-join">
              {t('detail.joinTitle')}
            </Button>
          </div>
        )}
      </section>

      <section className="stack" aria-labelledby="history-heading">
        <Heading level={2} data-size="sm" id="history-heading">
          {t('detail.history')}
        </Heading>
        <History d={d} />
        {canNote && <NoteForm d={d} onSaved={onChange} />}
      </section>

      {dialog === 'escalate' && next && (
        <TextDialog
          title={t('detail.escalateTitle', { ref: d.ref, level: next })}
          lead={t('detail.escalateLead')}
          label={t('detail.reason')}
          field="reason"
          submit={t('detail.escalate', { level: next })}
          testId="deviation-escalate"
          action={(reason) => escalateDeviation(d.id, reason)}
          onClose={() => setDialog(null)}
          onDone={set}
        />
      )}
      {dialog === 'resolve' && (
        <TextDialog
          title={t('detail.resolveTitle', { ref: d.ref })}
          label={t('detail.resolution')}
          field="resolution"
          submit={t('detail.resolve')}
          testId="deviation-resolve"
          action={(resolution) => resolveDeviation(d.id, resolution)}
          onClose={() => setDialog(null)}
          onDone={set}
        />
      )}
      {dialog === 'reopen' && (
        <TextDialog
          title={t('detail.reopenTitle', { ref: d.ref })}
          lead={t('detail.reopenLead')}
          label={t('detail.reason')}
          field="reason"
          submit={t('detail.reopen')}
          testId="deviation-reopen"
          action={(reason) => reopenDeviation(d.id, reason)}
          onClose={() => setDialog(null)}
          onDone={set}
        />
      )}
      {dialog === 'join' && <JoinDialog d={d} onClose={() => setDialog(null)} onDone={set} />}
    </div>
  );
}

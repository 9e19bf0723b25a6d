/**
 * What a handler may do with an incident, one button per permission in `can` (the API checks the same), each opening
 * a small dialog. Every action answers with the fresh incident, which replaces the page's data.
 */
import { Button, Checkbox, Dialog, Fieldset, Paragraph, Radio, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { formatDateTime } from '../../app/format.ts';
import { useAction, useQuery } from '../../app/hooks.ts';
import type { ActionState } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { activeMembership } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { FormActions } from '../../app/components/FormActions.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { TitledDialog } from '../../app/components/TitledDialog.tsx';
import {
  DONE_STATES,
  INCIDENT_IMPACTS,
  MOVES,
  HOLD_REASONS,
  LINK_KINDS,
  VISIBILITIES,
  addLink,
  assign,
  changeState,
  classify,
  editIncident,
  hold,
  listCategories,
  listIncidents,
  listOrgMembers,
  listOrgs,
  listPolicyComponents,
  respond,
  setWorkaround,
} from './api.ts';
import type { HoldReason, IncidentDetail, IncidentState, LinkKind, Visibility } from './api.ts';
import { CategoryChoice } from './CategoryChoice.tsx';
import { incidentMessages } from './messages.ts';
import { StateTag } from './Tags.tsx';
import { ComponentChoice } from './ComponentChoice.tsx';

type Update = (detail: IncidentDetail) => void;

/** The state machine of the service (it refuses other moves with the allowed ones). */

/** The visibilities the caller may use for a message on this incident. */
export function allowedVisibilities(can: IncidentDetail['can']): Visibility[] {
  return VISIBILITIES.filter((v) => (v === 'internal' ? can.noteInternal : v === 'shared' ? can.noteShared : can.notePublic));
}

/** Holds in force now, from the history (the last hold/release per reason wins). */
export function activeHolds(incident: IncidentDetail): HoldReason[] {
  const on = new Map<string, boolean>();
  for (const e of incident.events) if (e.type === 'hold' || e.type === 'release') on.set(String(e.data.reason), e.type === 'hold');
  return HOLD_REASONS.filter((r) => on.get(r));
}

/** A dialog with one form: the problem on top, submit + cancel at the foot. */
function ActionDialog({
  title,
  open,
  onClose,
  onSubmit,
  action,
  submit,
  fields,
  testId,
  children,
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  onSubmit: () => void;
  action: ActionState<[], unknown>;
  submit: string;
  fields?: string[];
  testId: string;
  children: ReactNode;
}) {
  return (
    <TitledDialog open={open} onClose={onClose} title={title} data-testid={`${testId}-dialog`}>
      <Dialog.Block>
        <form
          className="stack"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            onSubmit();
          }}
        >
          <ProblemAlert error={action.error} fields={fields} />
          {children}
          <FormActions submit={submit} busy={action.busy} onCancel={onClose} data-testid={`${testId}-submit`} />
        </form>
      </Dialog.Block>
    </TitledDialog>
  );
}

/** Visibility radios with their hints. */
export function VisibilityChoice({
  value,
  onChange,
  allowed,
  legend,
  name,
  testId,
}: {
  value: Visibility;
  onChange: (v: Visibility) => void;
  allowed: readonly Visibility[];
  legend: string;
  name: string;
  testId: string;
}) {
  const { t } = useMessages(incidentMessages);
  return (
    <Fieldset>
      <Fieldset.Legend>{legend}</Fieldset.Legend>
      {allowed.map((v) => (
        <Radio
          key={v}
          name={name}
          value={v}
          checked={value === v}
          onChange={() => onChange(v)}
          label={t(`visibility.${v}`)}
          description={t(`visibility.${v}Hint` as 'visibility.internalHint')}
          data-testid={`${testId}-${v}`}
        />
      ))}
    </Fieldset>
  );
}

/** What the status page will show for a public message. */
export function StatusPreview({ incident, state, body }: { incident: IncidentDetail; state: IncidentState; body: string }) {
  const { t } = useMessages(incidentMessages);
  return (
    <div className="stack" data-testid="status-preview">
      <Paragraph data-size="sm">
        <strong>{t('note.preview')}</strong> – <span className="muted">{t('note.previewHint')}</span>
      </Paragraph>
      <div className="inc-preview">
        <div className="inc-preview__head">
          <span>{incident.title}</span>
          <StateTag state={state} />
        </div>
        <span className="muted">{formatDateTime(Date.now())}</span>
        <div className="inc-preview__body" data-testid="status-preview-body">
          {body.trim() || <span className="muted">{t('note.previewEmpty')}</span>}
        </div>
      </div>
    </div>
  );
}

function StateDialog({ incident, onClose, onDone }: { incident: IncidentDetail; onClose: () => void; onDone: Update }) {
  const { t } = useMessages(incidentMessages);
  const moves = MOVES[incident.state] ?? [];
  const allowed = allowedVisibilities(incident.can);
  const [to, setTo] = useState<IncidentState>(moves.includes('investigating') && incident.state === 'new' ? 'investigating' : moves[0]);
  const [message, setMessage] = useState('');
  const [visibility, setVisibility] = useState<Visibility>(allowed.includes('shared') ? 'shared' : allowed[0]);
  const [reason, setReason] = useState('');
  const reopen = DONE_STATES.includes(incident.state) && !DONE_STATES.includes(to);
  const action = useAction(async () => {
    const d = await changeState(incident.id, {
      state: to,
      ...(message.trim() ? { message: message.trim(), visibility } : {}),
      ...(reopen || reason.trim() ? { reason: reason.trim() } : {}),
    });
    onDone(d);
    onClose();
    return d;
  });
  return (
    <ActionDialog title={t('state.dialog')} open onClose={onClose} onSubmit={() => void action.run()} action={action} submit={t('state.submit')} fields={['state', 'message', 'reason']} testId="incident-state">
      <SelectField
        label={t('state.to')}
        value={to}
        onChange={(e) => setTo(e.target.value as IncidentState)}
        options={moves.map((s) => ({ value: s, label: t(`state.${s}`) }))}
        error={action.error?.fieldError('state')}
        data-testid="incident-state-to"
      />
      {reopen && (
        <Textfield
          label={t('state.reason')}
          description={t('state.reasonHint')}
          required
          minLength={3}
          multiline
          rows={2}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={action.error?.fieldError('reason')}
          data-testid="incident-state-reason"
        />
      )}
      <Textfield
        label={t('state.message')}
        description={t('state.messageHint')}
        multiline
        rows={4}
        value={message}
        onChange={(e) => setMessage(e.target.value)}
        error={action.error?.fieldError('message')}
        data-testid="incident-state-message"
      />
      {message.trim() && allowed.length > 0 && (
        <VisibilityChoice value={visibility} onChange={setVisibility} allowed={allowed} legend={t('state.visibility')} name="state-visibility" testId="incident-state-visibility" />
      )}
      {message.trim() && visibility === 'public' && <StatusPreview incident={incident} state={to} body={message} />}
    </ActionDialog>
  );
}

function RespondDialog({ incident, onClose, onDone }: { incident: IncidentDetail; onClose: () => void; onDone: Update }) {
  const { t } = useMessages(incidentMessages);
  const [message, setMessage] = useState('');
  const action = useAction(async () => {
    const d = await respond(incident.id, message.trim() ? { message: message.trim() } : {});
    onDone(d);
    onClose();
    return d;
  });
  return (
    <ActionDialog title={t('respond.dialog')} open onClose={onClose} onSubmit={() => void action.run()} action={action} submit={t('respond.submit')} testId="incident-respond">
      <Paragraph>{t('respond.lead')}</Paragraph>
      <ClauseTags ids={incident.clocks.filter((c) => c.kind === 'response').flatMap((c) => c.clauses)} />
      <Textfield label={t('respond.message')} multiline rows={3} value={message} onChange={(e) => setMessage(e.target.value)} data-testid="incident-respond-message" />
    </ActionDialog>
  );
}

function ClassifyDialog({ incident, onClose, onDone }: { incident: IncidentDetail; onClose: () => void; onDone: Update }) {
  const { t } = useMessages(incidentMessages);
  const categories = useQuery((signal) => listCategories(signal), []);
  const [category, setCategory] = useState(incident.category);
  const [reason, setReason] = useState('');
  const action = useAction(async () => {
    const d = await classify(incident.id, { category, reason: reason.trim() });
    onDone(d);
    onClose();
    return d;
  });
  return (
    <ActionDialog title={t('classify.dialog')} open onClose={onClose} onSubmit={() => void action.run()} action={action} submit={t('classify.submit')} fields={['category', 'reason']} testId="incident-classify">
      <Paragraph>{t('classify.lead')}</Paragraph>
      {categories.data && (
        <CategoryChoice
          categories={categories.data.items}
          value={category}
          onChange={setCategory}
          current={incident.category}
          name="classify-category"
          legend={t('detail.category')}
          error={action.error?.fieldError('category')}
          testId="incident-classify-category"
        />
      )}
      <ProblemAlert error={categories.error} />
      <Textfield
        label={t('classify.reason')}
        required
        minLength={3}
        multiline
        rows={3}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={action.error?.fieldError('reason')}
        data-testid="incident-classify-reason"
      />
    </ActionDialog>
  );
}

/** Operator agents (members of the operator organisation with an operator role) and service-owner organisations. */
export function useAssignOptions(enabled: boolean) {
  const session = useRequiredSession();
  const m = activeMembership(session);
  return useQuery(
    async (signal) => {
      if (!enabled || !m) return { users: [], orgs: [] };
      const [members, orgs] = await Promise.all([listOrgMembers(m.orgId, signal), listOrgs('serviceOwner', signal)]);
      return {
        users: members.items.filter((u) => (u.role === 'operator-agent' || u.role === 'operator-admin') && !u.disabled),
        orgs: orgs.items,
      };
    },
    [enabled, m?.orgId],
  );
}

function AssignDialog({ incident, onClose, onDone }: { incident: IncidentDetail; onClose: () => void; onDone: Update }) {
  const { t } = useMessages(incidentMessages);
  const options = useAssignOptions(true);
  const [userId, setUserId] = useState(incident.assignee.userId ?? '');
  const [orgId, setOrgId] = useState(incident.assignee.orgId ?? '');
  const action = useAction(async () => {
    const d = await assign(incident.id, { userId: userId || null, orgId: orgId || null });
    onDone(d);
    onClose();
    return d;
  });
  return (
    <ActionDialog title={t('assign.dialog')} open onClose={onClose} onSubmit={() => void action.run()} action={action} submit={t('assign.submit')} fields={['userId', 'orgId']} testId="incident-assign">
      <Paragraph>{t('assign.lead')}</Paragraph>
      <ClauseTags ids={['S-7.3.3']} />
      <ProblemAlert error={options.error} />
      <SelectField
        label={t('assign.user')}
        value={userId}
        onChange={(e) => setUserId(e.target.value)}
        options={[{ value: '', label: t('assign.none') }, ...(options.data?.users ?? []).map((u) => ({ value: u.userId, label: `${u.name} (${u.email})` }))]}
        error={action.error?.fieldError('userId')}
        data-testid="incident-assign-user"
      />
      <SelectField
        label={t('assign.org')}
        value={orgId}
        onChange={(e) => setOrgId(e.target.value)}
        options={[{ value: '', label: t('assign.none') }, ...(options.data?.orgs ?? []).map((o) => ({ value: o.id, label: o.name }))]}
        error={action.error?.fieldError('orgId')}
        data-testid="incident-assign-org"
      />
    </ActionDialog>
  );
}

function WorkaroundDialog({ incident, onClose, onDone }: { incident: IncidentDetail; onClose: () => void; onDone: Update }) {
  const { t } = useMessages(incidentMessages);
  const [inPlace, setInPlace] = useState(!incident.workaround);
  const [description, setDescription] = useState(incident.workaroundText ?? '');
  const action = useAction(async () => {
    const d = await setWorkaround(incident.id, { inPlace, ...(inPlace && description.trim() ? { description: description.trim() } : {}) });
    onDone(d);
    onClose();
    return d;
  });
  return (
    <ActionDialog title={t('workaround.dialog')} open onClose={onClose} onSubmit={() => void action.run()} action={action} submit={t('workaround.submit')} fields={['description']} testId="incident-workaround">
      <Paragraph>{t('workaround.lead')}</Paragraph>
      <ClauseTags ids={['S-2.2.3']} />
      <Checkbox label={t('workaround.inPlace')} checked={inPlace} onChange={(e) => setInPlace(e.target.checked)} data-testid="incident-workaround-on" />
      {inPlace && (
        <Textfield
          label={t('workaround.description')}
          required
          multiline
          rows={4}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          error={action.error?.fieldError('description')}
          data-testid="incident-workaround-text"
        />
      )}
    </ActionDialog>
  );
}

function HoldDialog({ incident, onClose, onDone }: { incident: IncidentDetail; onClose: () => void; onDone: Update }) {
  const { t } = useMessages(incidentMessages);
  const active = activeHolds(incident);
  const [reason, setReason] = useState<HoldReason>(active[0] ?? HOLD_REASONS[0]);
  const [message, setMessage] = useState('');
  const on = !active.includes(reason);
  const action = useAction(async () => {
    const d = await hold(incident.id, { reason, on, ...(message.trim() ? { message: message.trim() } : {}) });
    onDone(d);
    onClose();
    return d;
  });
  return (
    <ActionDialog title={t('hold.dialog')} open onClose={onClose} onSubmit={() => void action.run()} action={action} submit={on ? t('hold.on') : t('hold.off')} fields={['reason', 'message']} testId="incident-hold">
      <Paragraph>{t('hold.lead')}</Paragraph>
      <Fieldset>
        <Fieldset.Legend>{t('hold.reason')}</Fieldset.Legend>
        {HOLD_REASONS.map((r) => (
          <Radio
            key={r}
            name="hold-reason"
            value={r}
            checked={reason === r}
            onChange={() => setReason(r)}
            label={
              <span className="button-row">
                {t(`pause.${r}`)}
                {active.includes(r) && (
                  <Tag data-size="sm" data-color="warning">
                    {t('hold.active')}
                  </Tag>
                )}
              </span>
            }
            data-testid={`incident-hold-${r}`}
          />
        ))}
      </Fieldset>
      <Textfield label={t('hold.message')} multiline rows={2} value={message} onChange={(e) => setMessage(e.target.value)} data-testid="incident-hold-message" />
    </ActionDialog>
  );
}

function LinkDialog({ incident, onClose, onDone }: { incident: IncidentDetail; onClose: () => void; onDone: Update }) {
  const { t } = useMessages(incidentMessages);
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [other, setOther] = useState('');
  const [kind, setKind] = useState<LinkKind>('related');
  const results = useQuery(
    (signal) => (search ? listIncidents({ q: search }, undefined, signal, 10) : Promise.resolve({ items: [], nextCursor: null })),
    [search],
  );
  const candidates = (results.data?.items ?? []).filter((i) => i.id !== incident.id);
  const action = useAction(async () => {
    const d = await addLink(incident.id, { incidentId: other, kind });
    onDone(d);
    onClose();
    return d;
  });
  return (
    <ActionDialog title={t('link.dialog')} open onClose={onClose} onSubmit={() => void action.run()} action={action} submit={t('link.add')} fields={['incidentId', 'kind']} testId="incident-link">
      <div className="form-row">
        <Textfield label={t('link.search')} value={q} onChange={(e) => setQ(e.target.value)} data-testid="incident-link-search" />
        <Button type="button" variant="secondary" className="form-row__shrink" onClick={() => setSearch(q.trim())} data-testid="incident-link-search-submit">
          {t('common.search')}
        </Button>
      </div>
      {search && !results.loading && candidates.length === 0 && <Paragraph className="muted">{t('link.noResults')}</Paragraph>}
      {candidates.length > 0 && (
        <Fieldset>
          <Fieldset.Legend className="ds-sr-only">{t('link.search')}</Fieldset.Legend>
          {candidates.map((i) => (
            <Radio
              key={i.id}
              name="link-other"
              value={i.id}
              checked={other === i.id}
              onChange={() => setOther(i.id)}
              label={`${i.ref} – ${i.title}`}
              data-testid={`incident-link-option-${i.ref}`}
            />
          ))}
        </Fieldset>
      )}
      <SelectField
        label={t('link.kind')}
        value={kind}
        onChange={(e) => setKind(e.target.value as LinkKind)}
        options={LINK_KINDS.map((k) => ({ value: k, label: t(`link.kind.${k}`) }))}
        data-testid="incident-link-kind"
      />
    </ActionDialog>
  );
}

function EditDialog({ incident, onClose, onDone }: { incident: IncidentDetail; onClose: () => void; onDone: Update }) {
  const { t } = useMessages(incidentMessages);
  const [title, setTitle] = useState(incident.title);
  const [description, setDescription] = useState(incident.description);
  const [components, setComponents] = useState<string[]>(incident.components);
  const [impact, setImpact] = useState<string>(incident.impact ?? '');
  const classes = useQuery((signal) => listPolicyComponents(signal).catch(() => []), []);
  const action = useAction(async () => {
    const body: Parameters<typeof editIncident>[1] = { title: title.trim(), description, components };
    if (incident.can.changeState && (impact || null) !== (incident.impact ?? null)) body.impact = (impact || null) as never;
    const d = await editIncident(incident.id, body);
    onDone(d);
    onClose();
    return d;
  });
  return (
    <ActionDialog title={t('edit.dialog')} open onClose={onClose} onSubmit={() => void action.run()} action={action} submit={t('edit.submit')} fields={['title', 'description', 'components', 'impact']} testId="incident-edit">
      <Textfield label={t('new.fieldTitle')} required value={title} onChange={(e) => setTitle(e.target.value)} error={action.error?.fieldError('title')} data-testid="incident-edit-title" />
      <Textfield label={t('new.description')} multiline rows={5} value={description} onChange={(e) => setDescription(e.target.value)} error={action.error?.fieldError('description')} data-testid="incident-edit-description" />
      <ComponentChoice classes={classes.data ?? []} value={components} onChange={setComponents} />
      {incident.can.changeState && <ImpactField value={impact} onChange={setImpact} error={action.error?.fieldError('impact')} />}
    </ActionDialog>
  );
}

/** The state an open incident puts its components in (status page and availability, S-2.3.1). */
export function ImpactField({ value, onChange, error }: { value: string; onChange: (v: string) => void; error?: string }) {
  const { t } = useMessages(incidentMessages);
  return (
    <SelectField
      label={t('impact.label')}
      description={t('impact.hint')}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      options={[{ value: '', label: t('impact.none') }, ...INCIDENT_IMPACTS.map((v) => ({ value: v, label: t(`impact.${v}`) }))]}
      error={error}
      data-testid="incident-impact"
    />
  );
}

type DialogName = 'state' | 'respond' | 'classify' | 'assign' | 'workaround' | 'hold' | 'link' | 'edit';

/** The action buttons of the detail page, per `can`. */
export function IncidentActions({ incident, onChange }: { incident: IncidentDetail; onChange: Update }) {
  const { t } = useMessages(incidentMessages);
  const [open, setOpen] = useState<DialogName | null>(null);
  const can = incident.can;
  const close = () => setOpen(null);
  const isOpen = !DONE_STATES.includes(incident.state);
  const buttons: { name: DialogName; label: string; show: boolean; primary?: boolean }[] = [
    { name: 'respond', label: t('action.respond'), show: can.changeState && !incident.respondedAt && isOpen, primary: true },
    { name: 'state', label: t('action.state'), show: can.changeState && (MOVES[incident.state]?.length ?? 0) > 0, primary: !!incident.respondedAt || !isOpen },
    { name: 'classify', label: t('action.classify'), show: can.classify },
    { name: 'assign', label: t('action.assign'), show: can.assign },
    { name: 'workaround', label: t('action.workaround'), show: can.workaround && isOpen },
    { name: 'hold', label: t('action.hold'), show: can.changeState && isOpen },
    { name: 'link', label: t('action.link'), show: can.link },
    { name: 'edit', label: t('action.edit'), show: can.edit },
  ];
  const shown = buttons.filter((b) => b.show);
  if (shown.length === 0) return null;
  const props = { incident, onClose: close, onDone: onChange };
  return (
    <>
      <div className="inc-actions" role="group" aria-label={t('detail.actions')} data-testid="incident-actions">
        {shown.map((b) => (
          <Button key={b.name} variant={b.primary ? 'primary' : 'secondary'} data-size="sm" onClick={() => setOpen(b.name)} data-testid={`incident-action-${b.name}`}>
            {b.label}
          </Button>
        ))}
      </div>
      {open === 'state' && <StateDialog {...props} />}
      {open === 'respond' && <RespondDialog {...props} />}
      {open === 'classify' && <ClassifyDialog {...props} />}
      {open === 'assign' && <AssignDialog {...props} />}
      {open === 'workaround' && <WorkaroundDialog {...props} />}
      {open === 'hold' && <HoldDialog {...props} />}
      {open === 'link' && <LinkDialog {...props} />}
      {open === 'edit' && <EditDialog {...props} />}
    </>
  );
}

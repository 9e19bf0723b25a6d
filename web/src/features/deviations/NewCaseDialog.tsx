import { Dialog, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../../app/api.ts';
import { useAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { FormActions } from '../../app/components/FormActions.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { TitledDialog } from '../../app/components/TitledDialog.tsx';
import { PARTIES, openDeviation } from './api.ts';
import type { DeviationDetail, LadderLevel, OpenBody, Party } from './api.ts';
import { deviationMessages } from './messages.ts';

const FIELDS = ['title', 'description', 'clauses', 'party', 'orgId'] as const;

type Props = {
  ladder: readonly LadderLevel[];
  /** Prefilled from a group of breached clocks. */
  initial?: Partial<OpenBody>;
  onClose: () => void;
  onOpened: (d: DeviationDetail) => void;
};

/** Opens a case at the lowest level (operators). */
export function NewCaseDialog({ ladder, initial, onClose, onOpened }: Props) {
  const { t, pick } = useMessages(deviationMessages);
  const [title, setTitle] = useState(initial?.title ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [clauses, setClauses] = useState((initial?.clauses ?? []).join(', '));
  const [party, setParty] = useState<Party>(initial?.party ?? 'operator');
  const [orgId, setOrgId] = useState(initial?.orgId ?? '');
  const clocks = initial?.clocks ?? [];
  const orgs = useQuery(
    (signal) => api.get<{ items: Array<{ id: string; name: string }> }>('/organisations', { kind: 'serviceOwner', limit: 200 }, signal),
    [],
  );
  const save = useAction(() =>
    openDeviation({
      title: title.trim(),
      description: description.trim() || undefined,
      clauses: clauses
        .split(/[,\s]+/)
        .map((c) => c.trim())
        .filter(Boolean),
      party,
      orgId: orgId || null,
      ...(clocks.length ? { clocks } : {}),
    }),
  );
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const d = await save.run();
    if (d) onOpened(d);
  }
  const lowest = ladder[0];
  return (
    <TitledDialog open onClose={onClose} title={t('new.title')} data-testid="deviation-new-dialog">
      <Dialog.Block>
        <form className="stack" onSubmit={onSubmit} data-testid="deviation-new-form">
          {lowest && <Paragraph data-size="sm">{t('new.lead', { level: pick(lowest.name) })}</Paragraph>}
          <ProblemAlert error={save.error} fields={FIELDS} />
          <Textfield label={t('new.caseTitle')} required value={title} onChange={(e) => setTitle(e.target.value)} error={save.error?.fieldError('title')} data-testid="deviation-title" />
          <Textfield
            label={t('new.description')}
            multiline
            rows={3}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            error={save.error?.fieldError('description')}
            data-testid="deviation-description"
          />
          <Textfield
            label={t('new.clauses')}
            description={t('new.clausesHint')}
            required
            value={clauses}
            onChange={(e) => setClauses(e.target.value)}
            error={save.error?.fieldError('clauses')}
            data-testid="deviation-clauses"
          />
          <SelectField
            label={t('dev.party')}
            value={party}
            onChange={(e) => setParty(e.target.value as Party)}
            options={PARTIES.map((p) => ({ value: p, label: t(`dev.party.${p}`) }))}
            error={save.error?.fieldError('party')}
            data-testid="deviation-party"
          />
          <SelectField
            label={t('new.org')}
            description={t('new.orgHint')}
            value={orgId}
            onChange={(e) => setOrgId(e.target.value)}
            options={[{ value: '', label: t('new.orgNone') }, ...(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))]}
            error={save.error?.fieldError('orgId')}
            data-testid="deviation-org"
          />
          {clocks.length > 0 && (
            <Paragraph data-size="sm" data-testid="deviation-clocks">
              {t('new.clocks', { n: clocks.length })}
            </Paragraph>
          )}
          <FormActions submit={t('new.submit')} busy={save.busy} onCancel={onClose} data-testid="deviation-submit" />
        </form>
      </Dialog.Block>
    </TitledDialog>
  );
}

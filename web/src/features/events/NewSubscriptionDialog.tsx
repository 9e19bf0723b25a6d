import { Details, Dialog, Textfield } from '@digdir/designsystemet-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { FormActions } from '../../app/components/FormActions.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { TitledDialog } from '../../app/components/TitledDialog.tsx';
import { useAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { activeMembership } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { createSubscription, listEventTypes } from './api.ts';
import type { NewSubscription, Subscription } from './api.ts';
import { eventMessages } from './messages.ts';

const FIELDS = ['endPoint', 'typeFilter', 'resourceFilter', 'subjectFilter', 'sourceFilter', 'consumer'] as const;
const CUSTOM = '__custom__';

/** Every prefix "a.b.*" above the known types (no.samsvar.*, no.samsvar.incident.* …), for the picker. */
export function prefixesOf(types: readonly string[]): string[] {
  const out = new Set<string>();
  for (const type of types) {
    const parts = type.split('.');
    for (let i = 2; i < parts.length; i++) out.add(parts.slice(0, i).join('.'));
  }
  return [...out].sort();
}

/** Create a subscription: the receiver URL, a type from the catalogue (or a prefix, or one typed in), more filters. */
export function NewSubscriptionDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (s: Subscription) => void }) {
  const { t, pick } = useMessages(eventMessages);
  const membership = activeMembership(useRequiredSession());
  const types = useQuery((signal) => listEventTypes(signal), []);
  const [endPoint, setEndPoint] = useState('https://');
  const [typeChoice, setTypeChoice] = useState('');
  const [customType, setCustomType] = useState('');
  const [resourceFilter, setResourceFilter] = useState('');
  const [subjectFilter, setSubjectFilter] = useState('');
  const [sourceFilter, setSourceFilter] = useState('');

  const options = useMemo(() => {
    // The validation handshake is not something to subscribe to.
    const items = (types.data?.items ?? []).filter((i) => !i.type.startsWith('platform.'));
    const prefixes = prefixesOf(items.map((i) => i.type));
    return [
      { value: '', label: t('new.typeAll') },
      ...prefixes.map((p) => ({ value: `${p}.*`, label: t('new.typePrefix', { prefix: p }) })),
      ...items.map((i) => ({ value: i.type, label: i.title ? `${i.type} – ${pick(i.title)}` : i.type })),
      { value: CUSTOM, label: t('new.typeCustom') },
    ];
  }, [types.data, t, pick]);

  const chosen = types.data?.items.find((i) => i.type === typeChoice);

  const create = useAction(() => {
    const typeFilter = typeChoice === CUSTOM ? customType.trim() : typeChoice;
    const body: NewSubscription = { endPoint: endPoint.trim() };
    if (typeFilter) body.typeFilter = typeFilter;
    if (resourceFilter.trim()) body.resourceFilter = resourceFilter.trim();
    if (subjectFilter.trim()) body.subjectFilter = subjectFilter.trim();
    if (sourceFilter.trim()) body.sourceFilter = sourceFilter.trim();
    return createSubscription(body);
  });

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const created = await create.run();
    if (created) onCreated(created);
  }

  // The problem is shown at the top of a form that may be scrolled down: bring it into view.
  const problemRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (create.error) problemRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [create.error]);

  const err = (f: string) => create.error?.fieldError(f);
  const moreHasError = Boolean(err('resourceFilter') || err('subjectFilter') || err('sourceFilter'));
  return (
    <TitledDialog open onClose={onClose} title={t('new.title')} data-testid="subscription-dialog">
      <Dialog.Block>
        <form className="stack" onSubmit={onSubmit} data-testid="subscription-form">
          <div ref={problemRef}>
            <ProblemAlert error={create.error} fields={FIELDS} />
          </div>
          <Textfield
            label={t('new.endPoint')}
            description={t('new.endPointHint')}
            required
            type="url"
            value={endPoint}
            onChange={(e) => setEndPoint(e.target.value)}
            error={err('endPoint')}
            className="ev-mono-input"
            data-testid="subscription-endpoint"
          />
          <SelectField
            label={t('new.type')}
            description={chosen?.description ? pick(chosen.description) : t('new.typeHint')}
            value={typeChoice}
            onChange={(e) => setTypeChoice(e.target.value)}
            options={options}
            error={typeChoice === CUSTOM ? undefined : err('typeFilter')}
            data-testid="subscription-type"
          />
          {typeChoice === CUSTOM && (
            <Textfield
              label={t('new.typeCustomLabel')}
              required
              value={customType}
              onChange={(e) => setCustomType(e.target.value)}
              error={err('typeFilter')}
              className="ev-mono-input"
              data-testid="subscription-type-custom"
            />
          )}
          <Details defaultOpen={moreHasError} data-testid="subscription-more">
            <Details.Summary>{t('new.more')}</Details.Summary>
            <Details.Content>
              <div className="stack">
                <Textfield
                  label={t('new.resource')}
                  description={t('new.resourceHint')}
                  value={resourceFilter}
                  onChange={(e) => setResourceFilter(e.target.value)}
                  error={err('resourceFilter')}
                  data-testid="subscription-resource"
                />
                <Textfield
                  label={t('new.subject')}
                  description={t('new.subjectHint', { own: `/org/${membership?.orgNumber ?? '…'}` })}
                  value={subjectFilter}
                  onChange={(e) => setSubjectFilter(e.target.value)}
                  error={err('subjectFilter')}
                  data-testid="subscription-subject"
                />
                <Textfield
                  label={t('new.source')}
                  description={t('new.sourceHint')}
                  value={sourceFilter}
                  onChange={(e) => setSourceFilter(e.target.value)}
                  error={err('sourceFilter')}
                  data-testid="subscription-source"
                />
              </div>
            </Details.Content>
          </Details>
          <FormActions submit={t('new.submit')} busy={create.busy} onCancel={onClose} data-testid="subscription-submit" />
        </form>
      </Dialog.Block>
    </TitledDialog>
  );
}

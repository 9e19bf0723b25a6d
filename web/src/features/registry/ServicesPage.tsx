import { Button, Dialog, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useAction, useAsyncList } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { activeMembership, hasRole } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { DataTable } from '../../app/components/DataTable.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { SearchForm } from '../../app/components/SearchForm.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { TitledDialog } from '../../app/components/TitledDialog.tsx';
import { LIFECYCLES, SERVICE_FLAGS, SERVICE_KINDS, createService, listServices } from './api.ts';
import { registryMessages } from './messages.ts';
import { LifecycleTag, ServiceFlags } from './ServiceTags.tsx';
import { FormActions } from '../../app/components/FormActions.tsx';

const FIELDS = ['resourceId', 'name', 'kind', 'about.supportEmail'] as const;

function NewServiceDialog({ orgId, onClose }: { orgId: string; onClose: () => void }) {
  const { t } = useMessages(registryMessages);
  const navigate = useNavigate();
  const [resourceId, setResourceId] = useState('urn:altinn:resource:');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<string>('app');
  const [supportEmail, setSupportEmail] = useState('');
  const create = useAction(() =>
    createService(orgId, {
      resourceId: resourceId.trim(),
      name: name.trim(),
      kind,
      ...(supportEmail.trim() ? { about: { supportEmail: supportEmail.trim() } } : {}),
    }),
  );
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const s = await create.run();
    if (s) navigate(`/services/${s.id}`);
  }
  return (
    <TitledDialog open onClose={onClose} title={t('services.new')} data-testid="service-new-dialog">
      <Dialog.Block>
        <form className="stack" onSubmit={onSubmit} data-testid="service-new-form">
          <Paragraph data-size="sm">{t('services.newLead')}</Paragraph>
          <ProblemAlert error={create.error} fields={FIELDS} />
          <Textfield
            label={t('services.resourceId')}
            description={t('services.resourceIdHint')}
            required
            className="mono"
            value={resourceId}
            onChange={(e) => setResourceId(e.target.value)}
            error={create.error?.fieldError('resourceId')}
            data-testid="service-new-resource"
          />
          <Textfield label={t('services.name')} required value={name} onChange={(e) => setName(e.target.value)} error={create.error?.fieldError('name')} data-testid="service-new-name" />
          <SelectField
            label={t('services.kind')}
            value={kind}
            onChange={(e) => setKind(e.target.value)}
            options={SERVICE_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
            data-testid="service-new-kind"
          />
          <Textfield label={t('service.supportEmail')} type="email" value={supportEmail} onChange={(e) => setSupportEmail(e.target.value)} data-testid="service-new-support" />
          <FormActions submit={t('common.create')} busy={create.busy} onCancel={onClose} data-testid="service-new-submit" />
        </form>
      </Dialog.Block>
    </TitledDialog>
  );
}

/** `/services`: service owners' own services, operators all; filters by lifecycle and flag. */
export default function ServicesPage() {
  const { t } = useMessages(registryMessages);
  const session = useRequiredSession();
  const m = activeMembership(session);
  const operator = hasRole(session, ['operator-admin', 'operator-agent', 'auditor']);
  const canCreate = hasRole(session, ['serviceowner-admin', 'serviceowner-member']);
  const [lifecycle, setLifecycle] = useState('');
  const [flag, setFlag] = useState('');
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const services = useAsyncList((signal) => listServices({ lifecycle, flag, q }, signal), [lifecycle, flag, q], (s) => s.id);

  return (
    <div className="stack stack--lg">
      <PageHeader
        title={t('services.title')}
        lead={t('services.lead')}
        actions={
          canCreate && (
            <Button onClick={() => setCreating(true)} data-testid="service-new">
              {t('services.new')}
            </Button>
          )
        }
      />
      <ClauseTags ids={['S-7.1.2', 'S-7.3.1', 'S-7.3.2', 'S-7.3.4', 'S-7.3.6']} />
      <div className="form-grid">
        <SelectField
          label={t('services.filterLifecycle')}
          value={lifecycle}
          onChange={(e) => setLifecycle(e.target.value)}
          options={[{ value: '', label: t('services.all') }, ...LIFECYCLES.map((l) => ({ value: l, label: t(`lifecycle.${l}`) }))]}
          data-testid="services-filter-lifecycle"
        />
        <SelectField
          label={t('services.filterFlag')}
          value={flag}
          onChange={(e) => setFlag(e.target.value)}
          options={[{ value: '', label: t('services.all') }, ...SERVICE_FLAGS.map((f) => ({ value: f, label: t(`flag.${f}`) }))]}
          data-testid="services-filter-flag"
        />
      </div>
      <SearchForm label={t('services.search')} onSearch={setQ} data-testid="services-search" />
      <QueryView query={services}>
        {(data) => (
          <>
            <Paragraph data-size="sm" className="muted" aria-live="polite">
              {data.items.length === 1 ? t('services.count.one') : t('services.count', { count: data.items.length })}
            </Paragraph>
            <DataTable
              size="sm"
              rows={data.items}
              rowKey={(s) => s.id}
              rowTestId="service-row"
              caption={t('services.caption')}
              data-testid="services-table"
              columns={[
                {
                  header: t('services.name'),
                  className: 'col-name',
                  cell: (s) => (
                    <>
                      <RouterLink to={`/services/${s.id}`} data-testid={`service-link-${s.id}`}>
                        {s.name}
                      </RouterLink>
                      <div className="resource-id">{s.resourceId}</div>
                    </>
                  ),
                },
                operator && { header: t('services.owner'), cell: (s) => s.orgName },
                { header: t('services.kind'), cell: (s) => t(`kind.${s.kind}` as 'kind.app') },
                { header: t('services.lifecycle'), cell: (s) => <LifecycleTag lifecycle={s.lifecycle} /> },
                { header: t('service.library'), cell: (s) => s.libraryVersion ?? '', className: 'nowrap' },
                { header: t('services.flags'), cell: (s) => <ServiceFlags s={s} /> },
              ]}
            />
          </>
        )}
      </QueryView>
      {creating && m && <NewServiceDialog orgId={m.orgId} onClose={() => setCreating(false)} />}
    </div>
  );
}

import { Alert, Button, Card, Checkbox, Dialog, Fieldset, Heading, Paragraph, Textarea, Textfield, Field, Label, ValidationMessage } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useAction, useAsyncList, useConfirmAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { activeMembership } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ConfirmAction } from '../../app/components/ConfirmDialog.tsx';
import { DefinitionList } from '../../app/components/DefinitionList.tsx';
import { RowAction } from '../../app/components/DataTable.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { TitledDialog } from '../../app/components/TitledDialog.tsx';
import { PURPOSE_MIN_LENGTH, createSystem, deleteSystem, listProducts, listSystems, updateSystem } from './api.ts';
import type { Product, ProductUse, VendorSystem } from './api.ts';
import { registryMessages } from './messages.ts';
import { FormActions } from '../../app/components/FormActions.tsx';

const FIELDS = ['name', 'description', 'description.nb', 'description.en', 'clientIds', 'products'] as const;

export function useCanEditSystems(orgId: string): boolean {
  const m = activeMembership(useRequiredSession());
  if (!m) return false;
  return m.role === 'operator-admin' || ((m.role === 'vendor-admin' || m.role === 'vendor-developer') && m.orgId === orgId);
}

/** The product catalogue of the policy, loaded once per page. */
export function useProducts() {
  return useQuery((signal) => listProducts(signal), []);
}

function SystemDialog({
  orgId,
  orgNumber,
  system,
  products,
  onClose,
  onSaved,
}: {
  orgId: string;
  orgNumber: string;
  system: VendorSystem | null;
  products: Product[];
  onClose: () => void;
  onSaved: (s: VendorSystem, created: boolean) => void;
}) {
  const { t, pick } = useMessages(registryMessages);
  const [name, setName] = useState(system?.name ?? '');
  const [descNb, setDescNb] = useState(system?.description.nb ?? '');
  const [descEn, setDescEn] = useState(system?.description.en ?? '');
  const [clientIds, setClientIds] = useState((system?.clientIds ?? []).join('\n'));
  const [uses, setUses] = useState<Record<string, string>>(() => Object.fromEntries((system?.products ?? []).map((p) => [p.product, p.purpose])));
  const save = useAction(async () => {
    const description = { nb: descNb.trim(), ...(descEn.trim() ? { en: descEn.trim() } : {}) };
    const ids = clientIds
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const productList: ProductUse[] = Object.entries(uses).map(([product, purpose]) => ({ product, purpose: purpose.trim() }));
    return system
      ? updateSystem(system.id, { description, clientIds: ids, products: productList })
      : createSystem(orgId, { name: name.trim(), description, clientIds: ids, products: productList });
  });
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const saved = await save.run();
    if (saved) onSaved(saved, !system);
  }
  const productsError = save.error?.fieldError('products');
  return (
    <TitledDialog open onClose={onClose} title={system ? t('systems.editTitle', { name: system.id }) : t('systems.add')} data-testid="system-dialog">
      <Dialog.Block>
        <form className="stack" onSubmit={onSubmit} data-testid="system-form">
          <ProblemAlert error={save.error} fields={FIELDS} />
          {!system && (
            <Textfield
              label={t('systems.name')}
              description={t('systems.nameHint', { orgNumber })}
              required
              pattern="[a-z0-9][a-z0-9\-]{0,63}"
              value={name}
              onChange={(e) => setName(e.target.value)}
              error={save.error?.fieldError('name')}
              data-testid="system-name"
            />
          )}
          <Textfield
            label={t('systems.descriptionNb')}
            required
            value={descNb}
            onChange={(e) => setDescNb(e.target.value)}
            error={save.error?.fieldError('description.nb') ?? save.error?.fieldError('description')}
            data-testid="system-description-nb"
          />
          <Textfield label={t('systems.descriptionEn')} value={descEn} onChange={(e) => setDescEn(e.target.value)} data-testid="system-description-en" />
          <Field>
            <Label>{t('systems.clientIds')}</Label>
            <Field.Description>{t('systems.clientIdsHint')}</Field.Description>
            <Textarea rows={2} className="mono" value={clientIds} onChange={(e) => setClientIds(e.target.value)} data-testid="system-client-ids" />
            {save.error?.fieldError('clientIds') && <ValidationMessage>{save.error.fieldError('clientIds')}</ValidationMessage>}
          </Field>
          <Fieldset>
            <Fieldset.Legend>{t('systems.products')}</Fieldset.Legend>
            <Fieldset.Description>{t('systems.productsHint', { min: PURPOSE_MIN_LENGTH })}</Fieldset.Description>
            {products.map((p) => {
              const on = p.id in uses;
              return (
                <div key={p.id} className="product-use">
                  <Checkbox
                    label={pick(p.name)}
                    description={p.description ? pick(p.description) : undefined}
                    checked={on}
                    onChange={(e) => {
                      const next = { ...uses };
                      if (e.target.checked) next[p.id] = next[p.id] ?? '';
                      else delete next[p.id];
                      setUses(next);
                    }}
                    data-testid={`system-product-${p.id}`}
                  />
                  {on && (
                    <Textfield
                      multiline
                      rows={2}
                      label={t('systems.purpose', { product: pick(p.name) })}
                      required
                      minLength={PURPOSE_MIN_LENGTH}
                      value={uses[p.id]}
                      onChange={(e) => setUses({ ...uses, [p.id]: e.target.value })}
                      data-testid={`system-purpose-${p.id}`}
                      className="product-use__purpose"
                    />
                  )}
                </div>
              );
            })}
            {productsError && <ValidationMessage>{productsError}</ValidationMessage>}
          </Fieldset>
          <FormActions submit={t('common.save')} busy={save.busy} onCancel={onClose} data-testid="system-submit" />
        </form>
      </Dialog.Block>
    </TitledDialog>
  );
}

type Props = {
  orgId: string;
  orgNumber: string;
  onChange?: (items: VendorSystem[]) => void;
};

/** A vendor's system register: systems, client ids and the products each uses with a purpose (T-2.4, T-1.2.1). */
export function SystemsPanel({ orgId, orgNumber, onChange }: Props) {
  const { t, pick } = useMessages(registryMessages);
  const canEdit = useCanEditSystems(orgId);
  const products = useProducts();
  const systems = useAsyncList(
    async (signal) => {
      const r = await listSystems(orgId, signal);
      onChange?.(r.items);
      return r;
    },
    [orgId],
    (s) => s.id,
  );
  const [dialog, setDialog] = useState<{ system: VendorSystem | null } | null>(null);
  const items = systems.data?.items ?? [];
  const productName = (id: string) => {
    const p = products.data?.find((x) => x.id === id);
    return p ? pick(p.name) : id;
  };
  const remove = useConfirmAction(async (s: VendorSystem) => {
    await deleteSystem(s.id);
    systems.remove(s.id);
    onChange?.(items.filter((x) => x.id !== s.id));
  });

  return (
    <div className="stack" data-testid="systems-panel">
      {!canEdit && (
        <Alert data-color="info" data-size="sm">
          {t('systems.readOnly')}
        </Alert>
      )}
      <QueryView query={systems}>
        {(data) =>
          data.items.length === 0 ? (
            <Paragraph className="muted" data-testid="systems-empty">
              {t('systems.none')}
            </Paragraph>
          ) : (
            <ul className="plain-list stack">
              {data.items.map((s) => (
                <li key={s.id}>
                  <Card data-testid={`system-card-${s.id}`}>
                    <Card.Block>
                      <div className="card-head">
                        <Heading level={3} data-size="xs">
                          <span className="mono">{s.id}</span>
                        </Heading>
                        {canEdit && (
                          <span className="button-row">
                            <RowAction onClick={() => setDialog({ system: s })} data-testid={`system-edit-${s.id}`}>
                              {t('systems.edit')}
                            </RowAction>
                            <RowAction danger onClick={() => remove.ask(s)} data-testid={`system-remove-${s.id}`}>
                              {t('common.remove')}
                            </RowAction>
                          </span>
                        )}
                      </div>
                      <DefinitionList
                        items={[
                          { term: t('systems.description'), value: pick({ nb: s.description.nb ?? '', en: s.description.en || s.description.nb || '' }) },
                          { term: t('systems.clientIds'), value: s.clientIds.length ? <span className="mono">{s.clientIds.join(', ')}</span> : t('common.none') },
                          {
                            term: t('systems.products'),
                            value: s.products.length ? (
                              <ul className="plain-list stack">
                                {s.products.map((p) => (
                                  <li key={p.product} data-testid={`system-${s.id}-product-${p.product}`}>
                                    <strong>{productName(p.product)}</strong>: {p.purpose}
                                  </li>
                                ))}
                              </ul>
                            ) : (
                              t('systems.noProducts')
                            ),
                          },
                        ]}
                      />
                    </Card.Block>
                  </Card>
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
      {canEdit && (
        <div>
          <Button variant="secondary" onClick={() => setDialog({ system: null })} disabled={!products.data} data-testid="system-add">
            {t('systems.add')}
          </Button>
        </div>
      )}
      {dialog && products.data && (
        <SystemDialog
          key={dialog.system?.id ?? 'new'}
          orgId={orgId}
          orgNumber={orgNumber}
          system={dialog.system}
          products={products.data}
          onClose={() => setDialog(null)}
          onSaved={(s, created) => {
            if (created) systems.prepend(s);
            else systems.patch(s.id, s);
            onChange?.(created ? [s, ...items] : items.map((x) => (x.id === s.id ? s : x)));
            setDialog(null);
          }}
        />
      )}
      <ConfirmAction state={remove} title={t('systems.remove')} body={(s) => t('systems.removeConfirm', { name: s.id })} confirmLabel={t('common.remove')} />
    </div>
  );
}

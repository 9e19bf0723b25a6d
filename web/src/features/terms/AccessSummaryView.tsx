import { Alert, Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import { localiseInstants, formatDateTime } from '../../app/format.ts';
import { useMessages } from '../../app/i18n.ts';
import { ClauseTag } from '../../app/components/ClauseTags.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { hasRole, VENDORS } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import type { AccessReason, AccessSummary, ProductAccess } from './api.ts';
import { termsMessages } from './messages.ts';

function ReasonList({ items, kind, product }: { items: AccessReason[]; kind: 'reason' | 'warning'; product?: string }) {
  const { pick } = useMessages(termsMessages);
  if (items.length === 0) return null;
  return (
    <ul className={`reason-list reason-list--${kind}`}>
      {items.map((r) => (
        <li key={r.code} data-testid={product ? `access-${kind}-${product}-${r.code}` : `access-${kind}-${r.code}`} data-code={r.code}>
          <span>{localiseInstants(pick(r.message))}</span> <ClauseTag id={r.clause} />
        </li>
      ))}
    </ul>
  );
}

const same = (a: AccessReason, b: AccessReason) => a.code === b.code && a.message.nb === b.message.nb;

/** One product's decision: allowed or refused, every reason (in the UI language) and its own warnings. */
function ProductCard({ p, shared }: { p: ProductAccess; shared: AccessReason[] }) {
  const { t, pick } = useMessages(termsMessages);
  const warnings = p.warnings.filter((w) => !shared.some((x) => same(x, w)));
  return (
    <li className={`access-card access-card--${p.allowed ? 'allowed' : 'refused'}`} data-testid={`access-product-${p.product}`} data-allowed={p.allowed}>
      <div className="access-card__head">
        <Heading level={3} data-size="2xs">
          {pick(p.name)}
        </Heading>
        <Tag data-color={p.allowed ? 'success' : 'danger'} data-testid={`access-status-${p.product}`}>
          {p.allowed ? t('access.allowed') : t('access.refused')}
        </Tag>
      </div>
      {p.reasons.length > 0 ? (
        <>
          <Paragraph data-size="sm" className="muted">
            {t('access.missing')}:
          </Paragraph>
          <ReasonList items={p.reasons} kind="reason" product={p.product} />
        </>
      ) : (
        <Paragraph data-size="sm" className="muted">
          {t('access.nothingMissing')}
        </Paragraph>
      )}
      {warnings.length > 0 && (
        <div className="access-card__warnings">
          <Paragraph data-size="sm">
            <strong>{t('access.warning')}:</strong>
          </Paragraph>
          <ReasonList items={warnings} kind="warning" product={p.product} />
        </div>
      )}
    </li>
  );
}

type Props = {
  summary: AccessSummary;
  /** Only these products (e.g. the registered ones); the rest are summarised in one line. */
  only?: ReadonlySet<string>;
};

/** The access summary of a vendor: a card per product and the service owners' conditions still to accept. */
export function AccessSummaryView({ summary, only }: Props) {
  const { t } = useMessages(termsMessages);
  const products = only ? summary.products.filter((p) => only.has(p.product)) : summary.products;
  const allowed = products.filter((p) => p.allowed).length;
  // Warnings every product has (a new terms version, a termination) are shown once, above the products.
  const shared = products.length > 1 ? (products[0]?.warnings ?? []).filter((w) => products.every((p) => p.warnings.some((x) => same(x, w)))) : [];
  const staff = !hasRole(useRequiredSession(), VENDORS);
  return (
    <div className="stack" data-testid="access-summary">
      <Paragraph data-size="sm" className="muted">
        <span data-testid="access-count">{t('access.count', { allowed, total: products.length })}</span> ·{' '}
        {t('access.decidedAt', { at: formatDateTime(summary.at) })}
      </Paragraph>
      {shared.length > 0 && (
        <Alert data-color="warning" data-testid="access-warnings">
          <ReasonList items={shared} kind="warning" />
        </Alert>
      )}
      <ul className="access-grid">
        {products.map((p) => (
          <ProductCard key={p.product} p={p} shared={shared} />
        ))}
      </ul>
      {summary.conditionsToAccept.length > 0 && (
        <Alert data-color="warning" data-testid="access-conditions">
          <Heading level={3} data-size="2xs">
            {t('access.conditions')}
          </Heading>
          <Paragraph data-size="sm">{t('access.conditionsHint')}</Paragraph>
          <ul className="plain-list">
            {summary.conditionsToAccept.map((c) => (
              <li key={c.conditionId}>
                <RouterLink to={staff ? `/services/${c.serviceId}` : `/terms?service=${encodeURIComponent(c.serviceId)}`}>{c.name}</RouterLink>{' '}
                <span className="resource-id">{c.resourceId}</span> · {t('conditions.toAccept', { version: c.version })}
              </li>
            ))}
          </ul>
        </Alert>
      )}
    </div>
  );
}

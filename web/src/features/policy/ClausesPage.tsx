import { Alert, Card, Heading, Paragraph, Tag, Textfield } from '@digdir/designsystemet-react';
import { useEffect, useMemo, useState } from 'react';
import { useLocation } from 'react-router';
import { useQuery } from '../../app/hooks.ts';
import { DefinitionList } from '../../app/components/DefinitionList.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { listClauses } from './api.ts';
import type { Clause } from './api.ts';
import { PolicyValue, usePolicyText } from './PolicyValue.tsx';

const KNOWN = new Set(['id', 'agreement', 'section', 'title', 'summary', 'enforcement', 'source']);

/** Sort "S-2.10" after "S-2.9". */
function compareIds(a: string, b: string) {
  const pa = a.slice(2).split('.').map(Number);
  const pb = b.slice(2).split('.').map(Number);
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

function ClauseCard({ clause, highlighted }: { clause: Clause; highlighted: boolean }) {
  const p = usePolicyText();
  const extra = Object.keys(clause).filter((k) => !KNOWN.has(k));
  return (
    <Card
      id={clause.id}
      tabIndex={-1}
      className="clause-card"
      data-highlight={highlighted}
      data-testid={`clause-${clause.id}`}
      aria-labelledby={`${clause.id}-title`}
      asChild
    >
      <article>
        <Card.Block className="stack">
          <Heading level={3} data-size="xs" id={`${clause.id}-title`}>
            <Tag data-color={clause.agreement === 'sla' ? 'accent' : 'brand1'} className="clause-card__id">
              {clause.id}
            </Tag>{' '}
            {p.pick(clause.title)}
          </Heading>
          <Paragraph>{p.pick(clause.summary)}</Paragraph>
          <DefinitionList
            items={[
              { term: p.t('clauses.section'), value: clause.section },
              {
                term: p.t('clauses.enforcement'),
                value:
                  clause.enforcement === 'none' ? (
                    p.t('clauses.enforcementNone')
                  ) : (
                    <span lang="en">{clause.enforcement}</span>
                  ),
              },
              ...(clause.source !== undefined
                ? [{ term: p.t('clauses.source'), value: <PolicyValue value={clause.source} /> }]
                : []),
              ...extra.map((k) => ({ key: k, term: p.fieldLabel(k), value: <PolicyValue value={clause[k]} name={k} /> })),
            ]}
          />
        </Card.Block>
      </article>
    </Card>
  );
}

function ClausesView({ clauses }: { clauses: Clause[] }) {
  const p = usePolicyText();
  const { hash } = useLocation();
  const target = decodeURIComponent(hash.replace(/^#/, ''));
  const [filter, setFilter] = useState('');

  const groups = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const match = (c: Clause) =>
      !f ||
      c.id.toLowerCase().includes(f) ||
      [c.title.nb, c.title.en, c.summary.nb, c.summary.en, c.enforcement].some((s) => s?.toLowerCase().includes(f));
    const byAgreement = new Map<string, Clause[]>();
    for (const c of [...clauses].sort((a, b) => compareIds(a.id, b.id))) {
      if (!match(c)) continue;
      byAgreement.set(c.agreement, [...(byAgreement.get(c.agreement) ?? []), c]);
    }
    const order = ['terms', 'sla'];
    return [...byAgreement.entries()].sort(
      ([a], [b]) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99),
    );
  }, [clauses, filter]);

  // The list arrives after navigation, so jump to the #ID ourselves once it is rendered.
  useEffect(() => {
    if (!target) return;
    const el = document.getElementById(target);
    if (el) {
      el.scrollIntoView({ block: 'start' });
      el.focus({ preventScroll: true });
    }
  }, [target]);

  const missing = target && !clauses.some((c) => c.id === target);
  const groupLabel = (a: string) => (a === 'terms' ? p.t('clauses.terms') : a === 'sla' ? p.t('clauses.sla') : a);

  return (
    <div className="stack stack--lg">
      <PageHeader title={p.t('clauses.title')} lead={p.t('clauses.lead')} />
      {missing && <Alert data-color="warning">{p.t('clauses.notFound', { id: target })}</Alert>}
      <div className="form-row">
        <Textfield
          label={p.t('clauses.filter')}
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          data-testid="clauses-filter"
        />
      </div>
      {groups.length === 0 && <Paragraph>{p.t('clauses.none')}</Paragraph>}
      {groups.map(([agreement, items]) => (
        <section key={agreement} className="section" aria-labelledby={`agreement-${agreement}`} data-testid={`clauses-${agreement}`}>
          <Heading level={2} data-size="md" id={`agreement-${agreement}`}>
            {groupLabel(agreement)}{' '}
            <span className="muted heading-count">({p.t('clauses.count', { count: items.length })})</span>
          </Heading>
          <div className="stack">
            {items.map((c) => (
              <ClauseCard key={c.id} clause={c} highlighted={c.id === target} />
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}

/** `/clauses`: every clause grouped by agreement, each with `id="<clause ID>"` so `/clauses#S-2.2.3` jumps to it. */
export default function ClausesPage() {
  const query = useQuery((signal) => listClauses(signal), []);
  return <QueryView query={query}>{(data) => <ClausesView clauses={data.items} />}</QueryView>;
}

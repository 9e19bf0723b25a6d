import { Card, Heading, Paragraph } from '@digdir/designsystemet-react';
import { formatDate } from '../../app/format.ts';
import { useQuery } from '../../app/hooks.ts';
import { DefinitionList } from '../../app/components/DefinitionList.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { getPolicy } from './api.ts';
import type { Policy } from './api.ts';
import { PolicyCard, PolicyValue, isEntryMap, isObj, usePolicyText } from './PolicyValue.tsx';

const HEADER = new Set(['version', 'name', 'description', 'effectiveFrom']);

function sectionId(key: string) {
  return `policy-${key}`;
}

function Section({ sectionKey, value }: { sectionKey: string; value: unknown }) {
  const p = usePolicyText();
  const headingId = `${sectionId(sectionKey)}-heading`;
  let body;
  if (isEntryMap(value)) {
    body = (
      <div className="stack">
        {Object.entries(value).map(([k, v]) => (
          <PolicyCard key={k} entryKey={k} value={v} testId={`policy-entry-${sectionKey}-${k}`} />
        ))}
      </div>
    );
  } else if (Array.isArray(value) && value.every(isObj)) {
    body = (
      <div className="stack">
        {value.map((v, i) => {
          const key = typeof v.id === 'string' ? v.id : String(i + 1);
          return <PolicyCard key={key} entryKey={key} value={v} testId={`policy-entry-${sectionKey}-${key}`} />;
        })}
      </div>
    );
  } else if (isObj(value)) {
    body = <PolicyCard entryKey={sectionKey} value={value} showTitle={false} testId={`policy-entry-${sectionKey}`} />;
  } else {
    body = (
      <Card>
        <Card.Block>
          <PolicyValue value={value} name={sectionKey} />
        </Card.Block>
      </Card>
    );
  }
  return (
    <section id={sectionId(sectionKey)} className="section policy-section" aria-labelledby={headingId} data-testid={`policy-section-${sectionKey}`}>
      <Heading level={2} data-size="md" id={headingId}>
        {p.sectionLabel(sectionKey)}
      </Heading>
      {body}
    </section>
  );
}

function PolicyView({ policy }: { policy: Policy }) {
  const p = usePolicyText();
  const keys = Object.keys(policy).filter((k) => !HEADER.has(k));
  const sections = keys.filter((k) => !['string', 'number', 'boolean'].includes(typeof policy[k]));
  const scalars = keys.filter((k) => ['string', 'number', 'boolean'].includes(typeof policy[k]));
  return (
    <div className="stack stack--lg">
      <PageHeader title={p.t('policy.title')} lead={p.t('policy.lead')} />
      <section className="panel stack" data-testid="policy-summary" aria-labelledby="policy-name">
        <Heading level={2} data-size="sm" id="policy-name">
          {p.pick(policy.name)}
        </Heading>
        {policy.description && <Paragraph>{p.pick(policy.description)}</Paragraph>}
        <DefinitionList
          items={[
            { term: p.t('policy.version'), value: <span data-testid="policy-version">{policy.version}</span> },
            { term: p.t('policy.effectiveFrom'), value: formatDate(policy.effectiveFrom) },
            ...scalars.map((k) => ({ key: k, term: p.fieldLabel(k), value: <PolicyValue value={policy[k]} name={k} /> })),
          ]}
        />
        {sections.length > 0 && (
          <nav aria-labelledby="policy-toc">
            <Heading level={3} data-size="2xs" id="policy-toc">
              {p.t('policy.contents')}
            </Heading>
            <ul className="toc">
              {sections.map((k) => (
                <li key={k}>
                  <a href={`#${sectionId(k)}`}>{p.sectionLabel(k)}</a>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </section>
      {sections.map((k) => (
        <Section key={k} sectionKey={k} value={policy[k]} />
      ))}
    </div>
  );
}

/** `/policy`: the agreement policy, a section per top-level key and a card per entry. */
export default function PolicyPage() {
  const query = useQuery((signal) => getPolicy(signal), []);
  return <QueryView query={query}>{(policy) => <PolicyView policy={policy} />}</QueryView>;
}

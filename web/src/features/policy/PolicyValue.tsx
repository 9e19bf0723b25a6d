/**
 * Generic, readable rendering of policy JSON. Recognises a few shapes (bilingual text, durations, time ranges,
 * weekly opening hours, clause IDs, dates) and shows everything else as nested definition lists, so new policy
 * fields show up without changes here.
 */
import { Card, Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import type { ReactNode } from 'react';
import { formatDate, formatDateTime } from '../../app/format.ts';
import { isText, useMessages } from '../../app/i18n.ts';
import type { Text } from '../../app/i18n.ts';
import { ClauseTags, ClauseTag, isClauseId } from '../../app/components/ClauseTags.tsx';
import { DefinitionList } from '../../app/components/DefinitionList.tsx';
import { policyMessages } from './messages.ts';

type PolicyKey = keyof typeof policyMessages;
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** Keys shown in the card header rather than among the fields. */
const HEADER_KEYS = new Set(['title', 'name', 'description', 'clauses', 'id']);

type Obj = Record<string, unknown>;
type Range = { start: string; end: string };

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const isRange = (v: unknown): v is Range =>
  isObj(v) && Object.keys(v).length === 2 && typeof v.start === 'string' && typeof v.end === 'string';
const isDuration = (v: unknown): v is { amount: number; unit: string } =>
  isObj(v) && Object.keys(v).length === 2 && typeof v.amount === 'number' && typeof v.unit === 'string';
const isWeeklyHours = (v: unknown): v is Partial<Record<(typeof WEEKDAYS)[number], Range[]>> =>
  isObj(v) &&
  Object.keys(v).length > 0 &&
  Object.entries(v).every(
    ([k, x]) => (WEEKDAYS as readonly string[]).includes(k) && Array.isArray(x) && x.every(isRange),
  );

export function humanise(key: string): string {
  const words = key
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function usePolicyText() {
  const i18n = useMessages(policyMessages);
  const has = (key: string): key is PolicyKey => key in policyMessages;
  return {
    ...i18n,
    fieldLabel: (key: string) => (has(`field.${key}`) ? i18n.t(`field.${key}` as PolicyKey) : humanise(key)),
    sectionLabel: (key: string) => (has(`section.${key}`) ? i18n.t(`section.${key}` as PolicyKey) : humanise(key)),
    duration: (amount: number, unit: string) =>
      amount === 1 && has(`unit.${unit}.one`)
        ? i18n.t(`unit.${unit}.one` as PolicyKey)
        : has(`unit.${unit}`)
          ? i18n.t(`unit.${unit}` as PolicyKey, { n: amount })
          : `${amount} ${unit}`,
  };
}

/** The mono subtitle under a title: the entry's id or map key, when it differs from the title. */
function entrySubtitle(obj: Obj, key: string | undefined, title: string) {
  const id = typeof obj.id === 'string' ? obj.id : key;
  return id && id !== title ? id : undefined;
}

/** Title of an entry: its `title`, else its `name`, else the fallback (its key or id). */
export function entryTitle(obj: Obj, fallback: string, pick: (v: Text | string) => string) {
  for (const k of ['title', 'name'] as const) {
    const v = obj[k];
    if (isText(v) || typeof v === 'string') return pick(v);
  }
  if (typeof obj.id === 'string') return obj.id;
  return fallback;
}

/** Monday–Sunday opening hours, consecutive days with the same hours joined ("man–fre 08:00–16:00"). */
function WeeklyHours({ value }: { value: Partial<Record<(typeof WEEKDAYS)[number], Range[]>> }) {
  const { t } = usePolicyText();
  const text = (d: (typeof WEEKDAYS)[number]) => (value[d] ?? []).map((r) => `${r.start}–${r.end}`).join(', ');
  const groups: { from: (typeof WEEKDAYS)[number]; to: (typeof WEEKDAYS)[number]; hours: string }[] = [];
  for (const d of WEEKDAYS) {
    const last = groups[groups.length - 1];
    if (last && last.hours === text(d)) last.to = d;
    else groups.push({ from: d, to: d, hours: text(d) });
  }
  return (
    <ul className="plain-list hours-list">
      {groups.map((g) => (
        <li key={g.from}>
          <span className="hours-list__day">
            {t(`wd.${g.from}`)}
            {g.to !== g.from && `–${t(`wd.${g.to}`)}`}
          </span>{' '}
          {g.hours || <span className="muted">{t('hours.closed')}</span>}
        </li>
      ))}
    </ul>
  );
}

export function PolicyValue({ value, name }: { value: unknown; name?: string }): ReactNode {
  const p = usePolicyText();
  if (name === 'clauses' && Array.isArray(value)) return <ClauseTags ids={value.map(String)} label={p.t('policy.clauses')} />;
  if (value === null || value === undefined) return <span className="muted">—</span>;
  if (typeof value === 'boolean') return value ? p.t('common.yes') : p.t('common.no');
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    if (isClauseId(value)) return <ClauseTag id={value} />;
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return formatDateTime(value);
    // yearly dates (MM-DD) read as DD.MM.
    if (/^\d{2}-\d{2}$/.test(value)) return `${value.slice(3)}.${value.slice(0, 2)}.`;
    return value;
  }
  if (isText(value)) return p.pick(value);
  if (isDuration(value)) return p.duration(value.amount, value.unit);
  if (isRange(value)) return `${value.start}–${value.end}`;
  if (isWeeklyHours(value)) return <WeeklyHours value={value} />;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="muted">—</span>;
    if (value.every(isText)) {
      return (
        <ul className="policy-bullets">
          {value.map((v, i) => (
            <li key={i}>{p.pick(v)}</li>
          ))}
        </ul>
      );
    }
    if (value.every(isScalar)) {
      return (
        <ul className="tag-list">
          {value.map((v, i) => (
            <li key={i}>
              {isClauseId(v) ? (
                <ClauseTag id={String(v)} />
              ) : (
                <Tag data-color="neutral" data-size="sm">
                  {String(v)}
                </Tag>
              )}
            </li>
          ))}
        </ul>
      );
    }
    return (
      <ol className="plain-list stack policy-items">
        {value.map((item, i) => (
          <li key={i}>{isObj(item) ? <PolicyBlock obj={item} fallbackTitle={String(i + 1)} /> : <PolicyValue value={item} />}</li>
        ))}
      </ol>
    );
  }
  if (isObj(value)) return <PolicyFields obj={value} />;
  return String(value);
}

/** An object's fields as a definition list; `omit` leaves out keys shown elsewhere. */
export function PolicyFields({ obj, omit }: { obj: Obj; omit?: Set<string> }) {
  const p = usePolicyText();
  const entries = Object.entries(obj).filter(([k]) => !omit?.has(k));
  return (
    <DefinitionList
      items={entries.map(([k, v]) => ({
        key: k,
        term: k === 'clauses' ? p.t('policy.clauses') : p.fieldLabel(k),
        value: <PolicyValue value={v} name={k} />,
      }))}
    />
  );
}

/** A nested object (e.g. one SLA clock inside a category) as a light block. */
function PolicyBlock({ obj, fallbackTitle }: { obj: Obj; fallbackTitle: string }) {
  const p = usePolicyText();
  const title = entryTitle(obj, fallbackTitle, p.pick);
  const subtitle = entrySubtitle(obj, undefined, title);
  const description = isText(obj.description) || typeof obj.description === 'string' ? p.pick(obj.description) : '';
  return (
    <div className="policy-block">
      <div className="policy-block__title">
        {title} {subtitle && <span className="mono muted policy-block__key">{subtitle}</span>}
      </div>
      {description && <Paragraph data-size="sm">{description}</Paragraph>}
      {Array.isArray(obj.clauses) && <ClauseTags ids={obj.clauses.map(String)} label={p.t('policy.clauses')} />}
      <PolicyFields obj={obj} omit={HEADER_KEYS} />
    </div>
  );
}

/** One top-level policy entry (a calendar, a category, an obligation …) as a card. */
export function PolicyCard({
  entryKey,
  value,
  testId,
  showTitle = true,
}: {
  entryKey: string;
  value: unknown;
  testId?: string;
  /** False when the section heading already names the entry (single-object sections). */
  showTitle?: boolean;
}) {
  const p = usePolicyText();
  if (!isObj(value)) {
    return (
      <Card data-testid={testId}>
        <Card.Block>
          <Heading level={3} data-size="xs">
            {p.fieldLabel(entryKey)}
          </Heading>
          <PolicyValue value={value} name={entryKey} />
        </Card.Block>
      </Card>
    );
  }
  const title = entryTitle(value, entryKey, p.pick);
  const subtitle = entrySubtitle(value, entryKey, title);
  const description = isText(value.description) || typeof value.description === 'string' ? p.pick(value.description) : '';
  const clauses = Array.isArray(value.clauses) ? value.clauses.map(String) : [];
  const rest = Object.keys(value).filter((k) => !HEADER_KEYS.has(k));
  return (
    <Card data-testid={testId} className="policy-card">
      <Card.Block className="stack">
        {showTitle && (
          <div>
            <Heading level={3} data-size="xs">
              {title}
            </Heading>
            {subtitle && <span className="mono muted policy-card__key">{subtitle}</span>}
          </div>
        )}
        {description && <Paragraph>{description}</Paragraph>}
        {clauses.length > 0 && <ClauseTags ids={clauses} label={p.t('policy.clauses')} />}
      </Card.Block>
      {rest.length > 0 && (
        <Card.Block>
          <PolicyFields obj={value} omit={HEADER_KEYS} />
        </Card.Block>
      )}
    </Card>
  );
}

/** Is this top-level value a map of named entries (every value an object that is not bilingual text)? */
export function isEntryMap(value: unknown): value is Obj {
  return (
    isObj(value) &&
    !isText(value) &&
    !('clauses' in value) &&
    !('description' in value) &&
    Object.values(value).length > 0 &&
    Object.values(value).every((v) => isObj(v) && !isText(v))
  );
}

export { isObj };

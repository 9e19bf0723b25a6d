import { Alert, Button, Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import { useEffect, useRef, useState } from 'react';
import { formatDateTime } from '../../app/format.ts';
import { useMessages } from '../../app/i18n.ts';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { checkNotice } from './api.ts';
import type { CheckInput, CheckResult, NoticeIssue, NoticeState } from './api.ts';
import { noticeMessages } from './messages.ts';

const STATE_COLOR: Record<NoticeState, string> = { scheduled: 'info', in_progress: 'warning', completed: 'success', cancelled: 'neutral' };

export function NoticeStateTag({ state }: { state: NoticeState }) {
  const { t } = useMessages(noticeMessages);
  return (
    <Tag data-color={STATE_COLOR[state] ?? 'neutral'} data-size="sm" data-testid="notice-state-tag" data-state={state}>
      {t(`state.${state}`)}
    </Tag>
  );
}

export function LateTag() {
  const { t } = useMessages(noticeMessages);
  return (
    <Tag data-color="danger" data-size="sm" data-testid="notice-late-tag">
      {t('late.tag')}
    </Tag>
  );
}

/** "5 working days" / "8 weeks" in the UI language. */
export function leadText(lead: { amount: number; unit: string }, lang: 'nb' | 'en'): string {
  const nb: Record<string, [string, string]> = {
    workingDays: ['virkedag', 'virkedager'],
    calendarDays: ['dag', 'dager'],
    weeks: ['uke', 'uker'],
    months: ['måned', 'måneder'],
    hours: ['time', 'timer'],
    workingHours: ['arbeidstime', 'arbeidstimer'],
    minutes: ['minutt', 'minutter'],
  };
  const en: Record<string, [string, string]> = {
    workingDays: ['working day', 'working days'],
    calendarDays: ['day', 'days'],
    weeks: ['week', 'weeks'],
    months: ['month', 'months'],
    hours: ['hour', 'hours'],
    workingHours: ['working hour', 'working hours'],
    minutes: ['minute', 'minutes'],
  };
  if (lead.amount === 0) return lang === 'nb' ? 'ingen minstefrist' : 'no minimum';
  const w = (lang === 'nb' ? nb : en)[lead.unit] ?? [lead.unit, lead.unit];
  return `${lead.amount} ${lead.amount === 1 ? w[0] : w[1]}`;
}

/**
 * Runs the server's dry-run check (`POST /notices/check`) half a second after the input last changed; the answer
 * of an outdated request is dropped.
 */
export function useLiveCheck(input: CheckInput | null): { result: CheckResult | null; checking: boolean } {
  const [result, setResult] = useState<CheckResult | null>(null);
  const [checking, setChecking] = useState(false);
  const seq = useRef(0);
  const key = input ? JSON.stringify(input) : '';
  useEffect(() => {
    if (!input) {
      setResult(null);
      return;
    }
    const n = ++seq.current;
    setChecking(true);
    const timer = setTimeout(() => {
      checkNotice(input).then(
        (r) => {
          if (n === seq.current) {
            setResult(r);
            setChecking(false);
          }
        },
        () => {
          if (n === seq.current) {
            setResult(null);
            setChecking(false);
          }
        },
      );
    }, 500);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return { result, checking };
}

function IssueList({ items, testId }: { items: NoticeIssue[]; testId: string }) {
  const { lang } = useMessages(noticeMessages);
  return (
    <ul className="notice-issues" data-testid={testId}>
      {items.map((w, i) => (
        <li key={`${w.code}-${i}`} data-code={w.code}>
          {lang === 'nb' ? w.nb : w.message} <ClauseTags ids={w.clauses} />
        </li>
      ))}
    </ul>
  );
}

/** The live check: earliest allowed start, on time or late, warnings and errors. */
export function CheckPanel({ result, checking, onUseEarliest }: { result: CheckResult | null; checking: boolean; onUseEarliest?: (iso: string) => void }) {
  const { t, lang } = useMessages(noticeMessages);
  if (!result) return checking ? <Paragraph data-size="sm">{t('check.checking')}</Paragraph> : null;
  const color = result.errors.length || (result.late && !result.canOverride) ? 'danger' : result.late || result.warnings.length ? 'warning' : 'success';
  return (
    <Alert data-color={color} data-testid="notice-check" data-late={String(result.late)} aria-live="polite">
      <Heading level={2} data-size="xs">
        {t('check.title')} {checking ? `– ${t('check.checking')}` : ''}
      </Heading>
      <Paragraph data-testid="notice-check-earliest">
        {t('check.earliest', { time: formatDateTime(result.earliestStart) })} ({t('form.leadTime', { lead: leadText(result.leadTime, lang) })})
      </Paragraph>
      <Paragraph data-testid="notice-check-status">
        {result.late ? (result.onLate === 'refuse' ? `${t('check.late')} ${t('check.lateRefused')}` : t('check.late')) : t('check.ok')}
      </Paragraph>
      {result.late && onUseEarliest && (
        <Button variant="secondary" data-size="sm" onClick={() => onUseEarliest(result.earliestStart)} data-testid="notice-use-earliest">
          {t('check.useEarliest')}
        </Button>
      )}
      {result.errors.length > 0 && (
        <>
          <Heading level={3} data-size="2xs">
            {t('check.errors')}
          </Heading>
          <IssueList items={result.errors} testId="notice-check-errors" />
        </>
      )}
      {result.warnings.length > 0 && (
        <>
          <Heading level={3} data-size="2xs">
            {t('check.warnings')}
          </Heading>
          <IssueList items={result.warnings} testId="notice-check-warnings" />
        </>
      )}
      <ClauseTags ids={result.clauses} />
    </Alert>
  );
}

import { Button, Dialog, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useParams } from 'react-router';
import { formatDateTime } from '../../app/format.ts';
import { useAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { DefinitionList } from '../../app/components/DefinitionList.tsx';
import { FormActions } from '../../app/components/FormActions.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { hasRole, OPERATOR_STAFF, VENDORS } from '../../app/roles.ts';
import { useSession } from '../../app/session.tsx';
import { TitledDialog } from '../../app/components/TitledDialog.tsx';
import { addUpdate, cancelNotice, completeNotice, componentNames, extendNotice, getNotice, rescheduleNotice, startNotice } from './api.ts';
import type { NoticeDetail } from './api.ts';
import { noticeMessages } from './messages.ts';
import { CheckPanel, LateTag, NoticeStateTag, useLiveCheck } from './parts.tsx';
import { isoToLocal, localToIso } from './time.ts';
import './notices.css';

type DialogKind = 'start' | 'complete' | 'cancel' | 'update' | 'reschedule' | 'extend';

/** `/notices/:id`: one notice with its updates; operators start, complete, extend, reschedule, update and cancel it. */
export default function NoticePage() {
  const { id = '' } = useParams();
  const { t, pick, lang } = useMessages(noticeMessages);
  const { session } = useSession();
  const query = useQuery((signal) => getNotice(id, signal), [id]);
  const names = useQuery((signal) => componentNames(signal), []);
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  return (
    <QueryView query={query}>
      {(n) => (
        <div className="stack stack--lg">
          <PageHeader title={lang === 'en' && n.titleEn ? n.titleEn : n.title} lead={`${n.ref} · ${pick(n.className)}`} />
          <div className="notice-tags">
            <NoticeStateTag state={n.state} />
            {n.late && <LateTag />}
          </div>
          <RouterLink to="/notices">{t('detail.back')}</RouterLink>
          <Actions n={n} onOpen={setDialog} />
          {(lang === 'en' && n.bodyEn ? n.bodyEn : n.body) && <Paragraph data-testid="notice-body">{lang === 'en' && n.bodyEn ? n.bodyEn : n.body}</Paragraph>}
          <DefinitionList
            items={[
              { term: t('detail.class'), value: pick(n.className) },
              { term: t('detail.published'), value: formatDateTime(n.publishedAt) },
              { term: t('detail.window'), value: `${formatDateTime(n.startsAt)}${n.endsAt ? ` – ${formatDateTime(n.endsAt)}` : ''}` },
              { term: t('detail.components'), value: n.components.map((id) => (names.data?.get(id) ? pick(names.data.get(id)!) : id)).join(', ') || '–' },
              { term: t('detail.impact'), value: t(`impact.${n.impact as 'none'}`) },
              ...(n.incidentId ? [{ term: t('detail.incident'), value: <RouterLink to={`/incidents/${n.incidentId}`}>{n.incidentRef ?? n.incidentId}</RouterLink> }] : []),
            ]}
          />
          {n.apis.length > 0 && (
            <section className="stack">
              <Heading level={2} data-size="xs">
                {t('detail.apis')}
              </Heading>
              <ul data-testid="notice-apis">
                {n.apis.map((a, i) => (
                  <li key={i}>
                    <code>
                      {a.method} {a.path}
                    </code>
                    {a.product ? ` (${a.product})` : ''} – {t('detail.sunset', { time: formatDateTime(a.sunsetAt) })}
                  </li>
                ))}
              </ul>
              {hasRole(session, [...OPERATOR_STAFF, ...VENDORS]) && (
                <Paragraph data-size="sm">
                  <RouterLink to="/deprecations" data-testid="notice-deprecation-callers">
                    {t('detail.deprecationCallers')}
                  </RouterLink>
                </Paragraph>
              )}
            </section>
          )}
          {n.late && n.overrideReason && (
            <Paragraph data-testid="notice-override-reason">
              {t('detail.override', { reason: n.overrideReason })} {n.deviationId && <RouterLink to={`/deviations/${n.deviationId}`}>{t('detail.deviation')}</RouterLink>}
            </Paragraph>
          )}
          {n.check && n.check.warnings.length > 0 && (
            <section className="stack">
              <Heading level={2} data-size="xs">
                {t('detail.warnings')}
              </Heading>
              <ul className="notice-issues" data-testid="notice-warnings">
                {n.check.warnings.map((w, i) => (
                  <li key={i}>
                    {lang === 'nb' && w.nb ? w.nb : w.message} <ClauseTags ids={w.clauses} />
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section className="stack">
            <Heading level={2} data-size="xs">
              {t('detail.updates')}
            </Heading>
            <ol className="notice-timeline" data-testid="notice-updates">
              {[...n.updates].reverse().map((u, i) => (
                <li key={i} data-kind={u.kind}>
                  <strong>{t(`kind.${u.kind as 'note'}`)}</strong> · <time dateTime={u.at}>{formatDateTime(u.at)}</time>
                  {(lang === 'en' && u.bodyEn ? u.bodyEn : u.body) && <Paragraph data-size="sm">{lang === 'en' && u.bodyEn ? u.bodyEn : u.body}</Paragraph>}
                </li>
              ))}
            </ol>
          </section>
          {dialog && (
            <ActionDialog
              kind={dialog}
              n={n}
              onClose={() => setDialog(null)}
              onDone={(next) => {
                query.setData(() => next);
                setDialog(null);
              }}
            />
          )}
        </div>
      )}
    </QueryView>
  );
}

function Actions({ n, onOpen }: { n: NoticeDetail; onOpen: (k: DialogKind) => void }) {
  const { t } = useMessages(noticeMessages);
  const can = n.can;
  const list: [DialogKind, boolean][] = [
    ['start', can.start],
    ['complete', can.complete],
    ['update', can.update],
    ['reschedule', can.reschedule],
    ['extend', can.extend],
    ['cancel', can.cancel],
  ];
  const shown = list.filter(([, ok]) => ok);
  if (!shown.length) return null;
  return (
    <div className="button-row" data-testid="notice-actions">
      {shown.map(([k]) => (
        <Button key={k} variant={k === 'cancel' ? 'tertiary' : k === 'start' || k === 'complete' ? 'primary' : 'secondary'} onClick={() => onOpen(k)} data-testid={`notice-action-${k}`}>
          {t(`action.${k}`)}
        </Button>
      ))}
    </div>
  );
}

function ActionDialog({ kind, n, onClose, onDone }: { kind: DialogKind; n: NoticeDetail; onClose: () => void; onDone: (next: NoticeDetail) => void }) {
  const { t } = useMessages(noticeMessages);
  const [text, setText] = useState('');
  const [textEn, setTextEn] = useState('');
  const [startsAt, setStartsAt] = useState(isoToLocal(n.startsAt));
  const [endsAt, setEndsAt] = useState(isoToLocal(n.endsAt));
  const [override, setOverride] = useState('');
  const startIso = localToIso(startsAt);
  const endIso = endsAt ? localToIso(endsAt) : null;
  const { result, checking } = useLiveCheck(
    kind === 'reschedule' && startIso
      ? { noticeClass: n.noticeClass, components: n.components, impact: n.impact as 'none', startsAt: startIso, ...(endIso ? { endsAt: endIso } : {}), noticeId: n.id, ...(n.incidentId ? { incidentId: n.incidentId } : {}) }
      : null,
  );
  const act = useAction(async () => {
    const msg = { ...(text.trim() ? { body: text.trim() } : {}), ...(textEn.trim() ? { bodyEn: textEn.trim() } : {}) };
    switch (kind) {
      case 'start':
        return startNotice(n.id, msg);
      case 'complete':
        return completeNotice(n.id, msg);
      case 'update':
        return addUpdate(n.id, { body: text.trim(), ...(textEn.trim() ? { bodyEn: textEn.trim() } : {}) });
      case 'cancel':
        return cancelNotice(n.id, { reason: text.trim(), ...(textEn.trim() ? { reasonEn: textEn.trim() } : {}) });
      case 'extend':
        return extendNotice(n.id, { endsAt: endIso ?? '', ...msg });
      case 'reschedule':
        return rescheduleNotice(n.id, {
          startsAt: startIso ?? '',
          ...(endIso ? { endsAt: endIso } : {}),
          reason: text.trim(),
          ...(textEn.trim() ? { reasonEn: textEn.trim() } : {}),
          ...(result?.late && result.canOverride && override.trim() ? { override: { reason: override.trim() } } : {}),
        });
    }
  });
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const next = await act.run();
    if (next) onDone(next);
  }
  const textLabel = kind === 'cancel' || kind === 'reschedule' ? t('action.reason') : kind === 'update' ? t('action.update.body') : t('action.message');
  return (
    <TitledDialog open onClose={onClose} title={`${t(`action.${kind}`)} – ${n.ref}`} data-testid={`notice-dialog-${kind}`}>
      <Dialog.Block>
        <form className="stack" onSubmit={onSubmit} noValidate>
          <ProblemAlert error={act.error} />
          {kind === 'reschedule' && (
            <>
              <Paragraph data-size="sm">{t('action.rescheduleHint', { time: formatDateTime(n.publishedAt) })}</Paragraph>
              <Textfield label={t('form.startsAt')} type="datetime-local" value={startsAt} onChange={(e) => setStartsAt(e.target.value)} data-testid="notice-reschedule-start" />
            </>
          )}
          {(kind === 'reschedule' || kind === 'extend') && (
            <Textfield label={kind === 'extend' ? t('action.newEnd') : t('form.endsAt')} type="datetime-local" value={endsAt} onChange={(e) => setEndsAt(e.target.value)} data-testid="notice-new-end" />
          )}
          {kind === 'reschedule' && <CheckPanel result={result} checking={checking} onUseEarliest={(iso) => setStartsAt(isoToLocal(iso))} />}
          {kind === 'reschedule' && result?.late && result.canOverride && (
            <Textfield label={t('form.override')} description={t('form.overrideHint')} value={override} onChange={(e) => setOverride(e.target.value)} data-testid="notice-reschedule-override" />
          )}
          <Textfield label={textLabel} multiline rows={3} value={text} onChange={(e) => setText(e.target.value)} required={kind === 'cancel' || kind === 'reschedule' || kind === 'update'} data-testid="notice-dialog-text" />
          <Textfield label={t('action.messageEn')} multiline rows={2} value={textEn} onChange={(e) => setTextEn(e.target.value)} data-testid="notice-dialog-text-en" />
          <FormActions submit={t('action.save')} busy={act.busy} onCancel={onClose} data-testid="notice-dialog-submit" />
        </form>
      </Dialog.Block>
    </TitledDialog>
  );
}

import { Alert, Button, Heading, Paragraph, Select } from '@digdir/designsystemet-react';
import { useEffect, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { useAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { DataTable, RowAction } from '../../app/components/DataTable.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { getPreferences, listTypes, savePreferences } from './api.ts';
import type { Digest, Effective, NotificationType, Preference, PreferenceInput, PreferencesView } from './api.ts';
import { notificationMessages } from './messages.ts';

type ChannelChoice = 'default' | 'email' | 'inbox' | 'both' | 'none';
type Choice = { channel: ChannelChoice; digest: Digest };
const CHOICES: readonly ChannelChoice[] = ['default', 'email', 'inbox', 'both', 'none'];
const DIGESTS: readonly Digest[] = ['immediate', 'daily', 'weekly'];

/** The caller's exact rule (all organisations) for a type, as one choice. */
function choiceOf(items: readonly Preference[], type: string): Choice {
  const mine = items.filter((p) => p.typeFilter === type && p.orgId === null);
  const email = mine.find((p) => p.channel === 'email');
  const inbox = mine.some((p) => p.channel === 'inbox');
  if (mine.some((p) => p.channel === 'none')) return { channel: 'none', digest: 'immediate' };
  if (email && inbox) return { channel: 'both', digest: email.digest };
  if (email) return { channel: 'email', digest: email.digest };
  if (inbox) return { channel: 'inbox', digest: 'immediate' };
  return { channel: 'default', digest: 'immediate' };
}

/** Rules the table does not show as a row: prefixes, "*", and rules for one organisation's events. */
function otherRulesOf(items: readonly Preference[], types: readonly NotificationType[]): Preference[] {
  const known = new Set(types.map((d) => d.type));
  return items.filter((p) => p.orgId !== null || !known.has(p.typeFilter));
}

function rulesFrom(choices: Record<string, Choice>, others: readonly Preference[]): PreferenceInput[] {
  const out: PreferenceInput[] = others.map((p) => ({ typeFilter: p.typeFilter, orgId: p.orgId, channel: p.channel, digest: p.digest }));
  for (const [type, c] of Object.entries(choices)) {
    if (c.channel === 'default') continue;
    if (c.channel === 'none') out.push({ typeFilter: type, channel: 'none' });
    if (c.channel === 'email' || c.channel === 'both') out.push({ typeFilter: type, channel: 'email', digest: c.digest });
    if (c.channel === 'inbox' || c.channel === 'both') out.push({ typeFilter: type, channel: 'inbox' });
  }
  return out;
}

type Loaded = { types: NotificationType[]; prefs: PreferencesView };

/** `/notifications` (every signed-in user): per type the channel and the digest, the defaults shown. */
export default function NotificationsPage() {
  const { t } = useMessages(notificationMessages);
  const query = useQuery<Loaded>(async (signal) => {
    const [types, prefs] = await Promise.all([listTypes(signal), getPreferences(signal)]);
    return { types: types.items, prefs };
  }, []);
  return (
    <div className="stack stack--lg">
      <PageHeader title={t('notif.title')} lead={t('notif.lead')} />
      <QueryView query={query}>{(data) => <PreferencesForm data={data} onSaved={(prefs) => query.setData((d) => d && { ...d, prefs })} />}</QueryView>
    </div>
  );
}

function PreferencesForm({ data, onSaved }: { data: Loaded; onSaved: (prefs: PreferencesView) => void }) {
  const { t, pick } = useMessages(notificationMessages);
  const session = useRequiredSession();
  const initial = useMemo(() => Object.fromEntries(data.types.map((d) => [d.type, choiceOf(data.prefs.items, d.type)])), [data]);
  const initialOthers = useMemo(() => otherRulesOf(data.prefs.items, data.types), [data]);
  const [choices, setChoices] = useState<Record<string, Choice>>(initial);
  const [others, setOthers] = useState<Preference[]>(initialOthers);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    setChoices(initial);
    setOthers(initialOthers);
  }, [initial, initialOthers]);
  const effective = useMemo(() => new Map<string, Effective>(data.prefs.effective.map((e) => [e.type, e])), [data]);
  const dirty = JSON.stringify(rulesFrom(choices, others)) !== JSON.stringify(rulesFrom(initial, initialOthers));

  const save = useAction(async () => {
    const prefs = await savePreferences(rulesFrom(choices, others));
    onSaved(prefs);
    return true;
  });
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    if (await save.run()) setSaved(true);
  }
  const change = (type: string, c: Partial<Choice>) => {
    setSaved(false);
    setChoices((prev) => ({ ...prev, [type]: { ...prev[type], ...c } }));
  };

  const digestName = (d: Digest) => t(`notif.digest.${d}`).toLowerCase();
  const what = (email: Digest | null, inbox: boolean) => {
    if (email && inbox) return t('notif.what.both');
    if (email) return email === 'immediate' ? t('notif.what.email') : t('notif.what.emailDigest', { digest: digestName(email) });
    if (inbox) return t('notif.what.inbox');
    return t('notif.what.none');
  };
  const defaultWhat = (d: NotificationType) =>
    what(d.defaults.channel === 'email' ? d.defaults.digest : null, d.defaults.channel === 'inbox');
  const orgName = (id: string | null) => (id === null ? t('notif.rule.allOrgs') : (session.memberships.find((m) => m.orgId === id)?.orgName ?? id));

  return (
    <form className="stack stack--lg" onSubmit={onSubmit} data-testid="notifications-form">
      <Paragraph data-size="sm" className="muted">
        {t('notif.defaultNote')} {t('notif.language')}
      </Paragraph>
      <ProblemAlert error={save.error} />
      {saved && (
        <Alert data-color="success" role="status" data-testid="notifications-saved">
          {t('notif.saved')}
        </Alert>
      )}
      <DataTable
        rows={data.types}
        rowKey={(d) => d.type}
        rowTestId="notification-type"
        caption={t('notif.caption')}
        data-testid="notifications-table"
        columns={[
          {
            header: t('notif.type'),
            cell: (d) => (
              <div className="stack" style={{ gap: 'var(--ds-size-1)' }}>
                <strong>{pick(d.title)}</strong>
                <span>{pick(d.description)}</span>
                <span className="muted">{t('notif.who', { who: pick(d.audience) })}</span>
              </div>
            ),
          },
          { header: t('notif.default'), cell: (d) => <span data-testid={`notification-default-${d.type}`}>{defaultWhat(d)}</span>, className: 'nowrap' },
          {
            header: t('notif.channel'),
            cell: (d) => {
              const c = choices[d.type] ?? { channel: 'default', digest: 'immediate' };
              const eff = effective.get(d.type);
              const ruled = c.channel === 'default' && eff?.source === 'preference' && eff.typeFilter !== d.type;
              return (
                <div className="stack" style={{ gap: 'var(--ds-size-1)' }}>
                  <Select
                    aria-label={t('notif.channelFor', { title: pick(d.title) })}
                    value={c.channel}
                    width="auto"
                    data-size="sm"
                    onChange={(e) => change(d.type, { channel: e.target.value as ChannelChoice })}
                    data-testid={`notification-channel-${d.type}`}
                  >
                    {CHOICES.map((x) => (
                      <Select.Option key={x} value={x}>
                        {x === 'default' ? t('notif.choice.default', { what: defaultWhat(d) }) : t(`notif.choice.${x}`)}
                      </Select.Option>
                    ))}
                  </Select>
                  {ruled && eff && (
                    <span className="muted" data-testid={`notification-rule-${d.type}`}>
                      {t('notif.fromRule', { what: what(eff.email, eff.inbox), rule: eff.typeFilter ?? '' })}
                    </span>
                  )}
                </div>
              );
            },
          },
          {
            header: t('notif.digest'),
            cell: (d) => {
              const c = choices[d.type] ?? { channel: 'default', digest: 'immediate' };
              const mailed = c.channel === 'email' || c.channel === 'both';
              return (
                <div className="stack" style={{ gap: 'var(--ds-size-1)' }}>
                  <Select
                    aria-label={t('notif.digestFor', { title: pick(d.title) })}
                    value={mailed ? c.digest : 'immediate'}
                    width="auto"
                    data-size="sm"
                    disabled={!mailed}
                    onChange={(e) => change(d.type, { digest: e.target.value as Digest })}
                    data-testid={`notification-digest-${d.type}`}
                  >
                    {DIGESTS.map((x) => (
                      <Select.Option key={x} value={x}>
                        {t(`notif.digest.${x}`)}
                      </Select.Option>
                    ))}
                  </Select>
                  {c.channel === 'both' && c.digest !== 'immediate' && <span className="muted">{t('notif.digest.inboxOnly')}</span>}
                </div>
              );
            },
          },
        ]}
      />
      {others.length > 0 && (
        <section className="stack" aria-labelledby="notification-rules">
          <Heading level={2} data-size="xs" id="notification-rules">
            {t('notif.rules')}
          </Heading>
          <Paragraph data-size="sm">{t('notif.rulesLead')}</Paragraph>
          <DataTable
            rows={others}
            rowKey={(p) => `${p.typeFilter}|${p.orgId ?? ''}|${p.channel}`}
            rowTestId="notification-rule"
            caption={t('notif.rulesCaption')}
            data-testid="notification-rules"
            columns={[
              { header: t('notif.rule.filter'), cell: (p) => <code>{p.typeFilter}</code> },
              { header: t('notif.rule.org'), cell: (p) => orgName(p.orgId) },
              { header: t('notif.channel'), cell: (p) => (p.channel === 'email' ? what(p.digest, false) : what(null, p.channel === 'inbox')) },
              {
                header: t('common.actions'),
                cell: (p) => (
                  <RowAction
                    danger
                    aria-label={t('notif.rule.removeLabel', { rule: p.typeFilter })}
                    onClick={() => {
                      setSaved(false);
                      setOthers((prev) => prev.filter((x) => x !== p));
                    }}
                  >
                    {t('common.remove')}
                  </RowAction>
                ),
              },
            ]}
          />
        </section>
      )}
      <div className="button-row">
        <Button type="submit" loading={save.busy} disabled={!dirty} data-testid="notifications-submit">
          {t('notif.save')}
        </Button>
        <Button
          type="button"
          variant="tertiary"
          disabled={!dirty || save.busy}
          onClick={() => {
            setChoices(initial);
            setOthers(initialOthers);
          }}
          data-testid="notifications-reset"
        >
          {t('notif.reset')}
        </Button>
      </div>
    </form>
  );
}

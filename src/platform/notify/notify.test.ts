/**
 * The notification service's pure parts: type filters, preference precedence, the visibility cap, unsubscribe
 * tokens and the mail texts. The notifier over a database and HTTP is tested in
 * src/modules/notifications/notifications.api.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { mayReceive } from './audience.ts';
import { digestMail, noticeMail } from './mailtext.ts';
import { resolvePreference, type PreferenceRow } from './preferences.ts';
import { filterMatches, filterSpecificity, getNotification, isTypeFilter, notificationTypes, typesMatching, type NotifyEvent } from './registry.ts';
import { coveredBy, unsubscribeToken, verifyUnsubscribeToken } from './unsubscribe.ts';
import './catalogue.ts';

const ORG = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const USER = '33333333-3333-4333-8333-333333333333';
const SECRET = 'test-secret-test-secret-test-secret-0123';
const rule = (typeFilter: string, channel: PreferenceRow['channel'], extra: Partial<PreferenceRow> = {}): PreferenceRow => ({ typeFilter, orgId: null, channel, digest: 'immediate', ...extra });

describe('type filters', () => {
  it('match exactly, by prefix at a dot, or everything with "*"', () => {
    expect(filterMatches('no.samsvar.incident.created', 'no.samsvar.incident.created')).toBe(true);
    expect(filterMatches('no.samsvar.incident.*', 'no.samsvar.incident.created')).toBe(true);
    expect(filterMatches('no.samsvar.incident.*', 'no.samsvar.incidents.created')).toBe(false);
    expect(filterMatches('no.samsvar.incident', 'no.samsvar.incident.created')).toBe(false);
    expect(filterMatches('*', 'no.samsvar.terms.published')).toBe(true);
    expect(isTypeFilter('no.samsvar.*')).toBe(true);
    expect(isTypeFilter('no.samsvar*')).toBe(false);
    expect(isTypeFilter('no..samsvar')).toBe(false);
    expect(filterSpecificity('no.samsvar.incident.created')).toBeGreaterThan(filterSpecificity('no.samsvar.incident.*'));
    expect(filterSpecificity('no.samsvar.incident.*')).toBeGreaterThan(filterSpecificity('no.samsvar.*'));
    expect(filterSpecificity('no.samsvar.*')).toBeGreaterThan(filterSpecificity('*'));
  });

  it('a covering filter covers narrower ones only', () => {
    expect(coveredBy('*', 'no.samsvar.incident.*')).toBe(true);
    expect(coveredBy('no.samsvar.*', 'no.samsvar.incident.created')).toBe(true);
    expect(coveredBy('no.samsvar.*', 'no.samsvar.incident.*')).toBe(true);
    expect(coveredBy('no.samsvar.incident.*', 'no.samsvar.*')).toBe(false);
    expect(coveredBy('no.samsvar.incident.created', 'no.samsvar.incident.*')).toBe(false);
    expect(coveredBy('no.samsvar.incident.created', 'no.samsvar.incident.created')).toBe(true);
  });
});

describe('the catalogue', () => {
  it('[T-1.2.4] registers the incident, deviation, notice and terms types with defaults and texts in both languages', () => {
    const types = notificationTypes().map((d) => d.type);
    expect(types).toEqual([
      'no.samsvar.deviation.escalated',
      'no.samsvar.deviation.opened',
      'no.samsvar.deviation.resolved',
      'no.samsvar.incident.created',
      'no.samsvar.incident.resolved',
      'no.samsvar.incident.state',
      'no.samsvar.notice.cancelled',
      'no.samsvar.notice.scheduled',
      'no.samsvar.terms.published',
    ]);
    for (const d of notificationTypes()) {
      expect(d.title.nb && d.title.en && d.description.nb && d.description.en && d.audienceText.nb && d.audienceText.en, d.type).toBeTruthy();
      expect(d.title.nb).not.toBe(d.title.en);
    }
    expect(typesMatching('no.samsvar.incident.*').length).toBe(3);
  });

  it('[T-3.1.2] renders a breaking-change notice in both languages with its window in Oslo time and the APIs being retired', () => {
    const def = getNotification('no.samsvar.notice.scheduled')!;
    const e: NotifyEvent = {
      seq: 1,
      id: 'e1',
      type: 'no.samsvar.notice.scheduled',
      source: '/status/notices/VAR-2026-0009',
      subject: 'VAR-2026-0009',
      resource: 'urn:samsvar:notice:5b0c6f4e-0000-4000-8000-000000000009',
      time: new Date('2026-11-21T10:00:00Z'),
      visibility: 'public',
      orgId: null,
      data: {
        notice: {
          id: '5b0c6f4e-0000-4000-8000-000000000009',
          ref: 'VAR-2026-0009',
          noticeClass: 'breakingChange',
          className: { nb: 'Endring som krever tilpasning', en: 'Breaking change' },
          title: 'Nytt API for vedlegg',
          titleEn: 'New attachment API',
          startsAt: '2027-01-25T08:00:00Z',
          components: ['correspondence'],
          apis: [{ method: 'POST', path: '/correspondence/api/v1/attachment', sunsetAt: '2027-07-01T08:00:00Z' }],
        },
      },
    } as unknown as NotifyEvent;
    const nb = def.render(e, 'nb');
    const en = def.render(e, 'en');
    expect(nb.title).toBe('Endring som krever tilpasning: Nytt API for vedlegg');
    expect(en.title).toBe('Breaking change: New attachment API');
    expect(nb.text).toContain('25.01.2027 09:00');
    expect(nb.text).toContain('POST /correspondence/api/v1/attachment – fases ut 01.07.2027 10:00');
    expect(en.text).toContain('APIs being retired');
    expect(nb.link).toBe('/notices/5b0c6f4e-0000-4000-8000-000000000009');
  });

  it('[S-2.2.1] renders an incident in bokmål and English with the portal link from the resource', () => {
    const def = getNotification('no.samsvar.incident.created')!;
    const e: NotifyEvent = {
      seq: 1,
      id: 'e1',
      type: def.type,
      source: 'http://x/api/v1/incidents',
      subject: null,
      resource: 'urn:samsvar:incident:abc',
      time: new Date('2026-04-08T08:00:00Z'),
      data: { ref: 'INC-2026-0042', title: 'Innsending feiler', category: 'B', reporterOrgId: ORG, reporterOrgName: 'Fjordregnskap AS' },
      orgId: ORG,
      visibility: 'org',
    };
    const nb = def.render(e, 'nb');
    const en = def.render(e, 'en');
    expect(nb.subject).toBe('Ny hendelse INC-2026-0042 (kategori B): Innsending feiler');
    expect(en.subject).toBe('New incident INC-2026-0042 (category B): Innsending feiler');
    expect(nb.text).toContain('08.04.2026 10:00');
    expect(en.text).toContain('08.04.2026 10:00 Oslo time');
    expect(nb.link).toBe('/incidents/abc');
    // a move to resolved is told by incident.resolved, not twice
    const state = getNotification('no.samsvar.incident.state')!;
    expect(state.when!({ ...e, type: state.type, data: { from: 'monitoring', to: 'resolved' } })).toBe(false);
    expect(state.when!({ ...e, type: state.type, data: { from: 'new', to: 'investigating' } })).toBe(true);
  });
});

describe('preference precedence', () => {
  const T = 'no.samsvar.incident.created';
  const dflt = { channel: 'inbox', digest: 'immediate' } as const;

  it('no rule: the default for the audience, nothing for anyone else', () => {
    expect(resolvePreference([], T, ORG, dflt)).toMatchObject({ inbox: true, email: null, source: 'default' });
    expect(resolvePreference([], T, ORG, null)).toMatchObject({ inbox: false, email: null, source: 'none' });
  });

  it('exact type > longer prefix > shorter prefix > "*" > default', () => {
    const rows = [rule('*', 'none'), rule('no.samsvar.*', 'inbox'), rule('no.samsvar.incident.*', 'email', { digest: 'daily' })];
    expect(resolvePreference(rows, T, ORG, dflt)).toMatchObject({ email: 'daily', inbox: false, typeFilter: 'no.samsvar.incident.*' });
    expect(resolvePreference(rows, 'no.samsvar.terms.published', ORG, dflt)).toMatchObject({ email: null, inbox: true, typeFilter: 'no.samsvar.*' });
    expect(resolvePreference([rule('*', 'none')], T, ORG, dflt)).toMatchObject({ email: null, inbox: false, source: 'preference' });
    const exact = [...rows, rule(T, 'email'), rule(T, 'inbox')];
    expect(resolvePreference(exact, T, ORG, dflt)).toMatchObject({ email: 'immediate', inbox: true, typeFilter: T });
  });

  it('with equal filters a rule for the event’s organisation beats one for all; rules for other organisations never apply', () => {
    const rows = [rule(T, 'email'), rule(T, 'inbox', { orgId: ORG }), rule('*', 'email', { orgId: OTHER })];
    expect(resolvePreference(rows, T, ORG, dflt)).toMatchObject({ inbox: true, email: null, orgId: ORG });
    expect(resolvePreference(rows, T, OTHER, dflt)).toMatchObject({ inbox: false, email: 'immediate', orgId: null });
    expect(resolvePreference(rows, T, null, dflt)).toMatchObject({ email: 'immediate', orgId: null });
    // type specificity first: an organisation's prefix rule does not beat an exact rule for all
    expect(resolvePreference([rule(T, 'email'), rule('no.samsvar.*', 'none', { orgId: ORG })], T, ORG, dflt)).toMatchObject({ email: 'immediate' });
  });
});

describe('the visibility cap', () => {
  const staff = { memberships: [{ orgId: OTHER, role: 'auditor' }] };
  const member = { memberships: [{ orgId: ORG, role: 'vendor-developer' }] };
  const stranger = { memberships: [{ orgId: OTHER, role: 'serviceowner-admin' }] };
  it('org events reach members and Digdir’s staff, operators events staff only, public events anyone', () => {
    expect(mayReceive(member, { visibility: 'org', orgId: ORG })).toBe(true);
    expect(mayReceive(staff, { visibility: 'org', orgId: ORG })).toBe(true);
    expect(mayReceive(stranger, { visibility: 'org', orgId: ORG })).toBe(false);
    expect(mayReceive(member, { visibility: 'operators', orgId: ORG })).toBe(false);
    expect(mayReceive(staff, { visibility: 'operators', orgId: null })).toBe(true);
    expect(mayReceive(stranger, { visibility: 'public', orgId: null })).toBe(true);
    expect(mayReceive(member, { visibility: 'org', orgId: null })).toBe(false);
    expect(mayReceive(staff, { visibility: 'secret' as never, orgId: null })).toBe(false);
  });
});

describe('unsubscribe tokens', () => {
  it('carry user, filter and channel under an HMAC; any change is refused with 400', () => {
    const claim = { userId: USER, typeFilter: 'no.samsvar.incident.created', channel: 'email' as const };
    const token = unsubscribeToken(SECRET, claim);
    expect(verifyUnsubscribeToken(SECRET, token)).toEqual(claim);
    const [payload, sig] = token.split('.');
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const forged = Buffer.from(JSON.stringify([USER, '*', 'email'])).toString('base64url');
    for (const bad of [`${flip(payload, 3)}.${sig}`, `${payload}.${flip(sig, 5)}`, `${forged}.${sig}`, payload, `${token}x`, '']) {
      expect(() => verifyUnsubscribeToken(SECRET, bad)).toThrowError(expect.objectContaining({ status: 400, slug: 'unsubscribe-token' }));
    }
    expect(() => verifyUnsubscribeToken('another-secret-another-secret-another-1', token)).toThrowError(expect.objectContaining({ status: 400 }));
  });
});

describe('mail texts', () => {
  const env = { publicUrl: 'https://samsvar.example/', secret: SECRET };
  const def = getNotification('no.samsvar.terms.published')!;
  const r = { subject: 'S', text: 'Body', title: 'Title', body: 'Short', link: '/terms' };
  it('a notice ends with the absolute link, an unsubscribe link for its type and the preferences page', () => {
    const m = noticeMail(env, def, r, 'nb', { id: USER, email: 'a@b.no' }, null);
    expect(m).toMatchObject({ to: 'a@b.no', subject: 'S', kind: def.type });
    expect(m.text).toContain('Åpne i Samsvar: https://samsvar.example/terms');
    const token = /notifications\/unsubscribe\?token=(\S+)/.exec(m.text)![1];
    expect(verifyUnsubscribeToken(SECRET, token)).toEqual({ userId: USER, typeFilter: def.type, channel: 'email' });
    expect(m.text).toContain('Endre varslene dine: https://samsvar.example/notifications');
    expect(noticeMail(env, def, r, 'en', { id: USER, email: 'a@b.no' }, null).text).toContain('Stop getting this by e-mail: https://samsvar.example/notifications/unsubscribe?token=');
  });
  it('a digest lists every item and offers unsubscribing per type and from all e-mail', () => {
    const entries = [1, 2].map((n) => ({ def, rendered: { ...r, title: `Title ${n}` }, time: new Date('2026-11-20T12:00:00Z') }));
    const m = digestMail(env, 'weekly', entries, 'en', { id: USER, email: 'a@b.no' }, new Date('2026-11-23T06:00:00Z'));
    expect(m.subject).toBe('Samsvar: weekly digest 23.11.2026 – 2 notifications');
    expect(m.text).toContain('• 20.11.2026 13:00  Title 1');
    const tokens = [...m.text.matchAll(/token=(\S+)/g)].map((x) => verifyUnsubscribeToken(SECRET, x[1]).typeFilter);
    expect(tokens).toEqual([def.type, '*']);
  });
});

/**
 * How a polling finding's escalation reads (T-1.2.4): `no.samsvar.usage.polling`, published by the escalation job
 * with the vendor as the event's organisation. Level 2 (warning) and 3 (throttle) tell the vendor's admins and
 * developers by e-mail; level 4 (proposal to suspend) tells them and Digdir's operators. Level 1 is covered by the
 * header on every polled answer and the weekly report, so it notifies nobody (systems following the organisation's
 * events still get it). Every message names the event types to subscribe to instead.
 */
import { OPERATOR_ROLES } from '../../platform/auth/index.ts';
import { defineNotification, membersOf, usersWithRole, type Lang } from '../../platform/notify/index.ts';
import { POLLING_EVENT, type PollingEventData } from './service.ts';

const envName = (env: string, lang: Lang) => (env === 'production' ? (lang === 'nb' ? 'produksjon' : 'production') : lang === 'nb' ? 'test (TT02)' : 'test (TT02)');

export const pollingEscalated = defineNotification<PollingEventData>({
  type: POLLING_EVENT,
  title: { nb: 'Polling oppdaget', en: 'Polling detected' },
  description: {
    nb: 'Et system hos leverandøren spør igjen og igjen etter de samme dataene uten at svaret endrer seg; advarsel, struping og forslag om suspensjon (vilkårene punkt 1.2.4).',
    en: "A vendor's system asks for the same data again and again while the answer does not change; warning, throttling and a proposal to suspend (terms clause 1.2.4).",
  },
  audienceText: {
    nb: 'Leverandørens administratorer og utviklere; ved forslag om suspensjon også Digdirs driftsoperatører',
    en: "The vendor's admins and developers; for a proposal to suspend also Digdir's operators",
  },
  defaults: { channel: 'email', digest: 'immediate' },
  when: (e) => e.data.level >= 2,
  audience: async (_ctx, tx, e) => {
    const vendor = await membersOf(tx, e.data.vendorOrgId, ['vendor-admin', 'vendor-developer']);
    const ops = e.data.level >= 4 ? await usersWithRole(tx, OPERATOR_ROLES) : [];
    return [...new Set([...vendor, ...ops])];
  },
  render: (e, lang) => {
    const d = e.data;
    const events = d.eventTypes.length ? d.eventTypes.join(', ') : lang === 'nb' ? '(ingen hendelsestype for denne ruten ennå)' : '(no event type for this route yet)';
    const pctText = `${Math.round(d.unchangedShare * 1000) / 10} %`;
    const facts =
      lang === 'nb'
        ? `${d.route} i ${envName(d.env, lang)}: ${d.reads} kall med ${pctText} uendrede svar, omtrent hvert ${d.intervalSeconds}. sekund (f.eks. ${d.samplePath}).`
        : `${d.route} in ${envName(d.env, lang)}: ${d.reads} calls with ${pctText} unchanged answers, about every ${d.intervalSeconds} s (e.g. ${d.samplePath}).`;
    const rate = d.throttle ? `${d.throttle.requests}/${d.throttle.perSeconds}s` : '';
    const step =
      lang === 'nb'
        ? { 2: 'Advarsel: systemet deres poller.', 3: d.throttleApplied ? `Ruten er strupet til ${rate} for dere.` : `Digdir vurderer å strupe ruten til ${rate} for dere.`, 4: 'Digdir har fått forslag om å suspendere integrasjonen.' }
        : { 2: 'Warning: your system is polling.', 3: d.throttleApplied ? `The route is throttled to ${rate} for you.` : `Digdir is considering throttling the route to ${rate} for you.`, 4: 'Digdir has been proposed to suspend the integration.' };
    const title = (step as Record<number, string>)[d.level] ?? (lang === 'nb' ? 'Polling oppdaget' : 'Polling detected');
    const advice = lang === 'nb' ? `Abonner på ${events} i hendelsesnavet i stedet for å spørre igjen.` : `Subscribe to ${events} in the event hub instead of asking again.`;
    return {
      subject: `${title} ${d.route}`,
      title,
      body: `${facts} ${advice}`,
      text: `${title}\n\n${facts}\n\n${advice}\n`,
      link: '/usage',
    };
  },
});

/**
 * How measures read as notifications (T-7.1 written notice, S-7.3.5 "after notifying"): `no.samsvar.measure.applied`
 * and `no.samsvar.measure.lifted`, published to the organisation the measure is about. By default every member of
 * that organisation (the vendor's admins and developers, or the service owner's admins and members) is told by
 * e-mail at once, with the reason, what it concerns and a link to the measure in the portal.
 */
import type { DbOrTx } from '../../platform/db/index.ts';
import { defineNotification, membersOf, type Lang } from '../../platform/notify/index.ts';

interface MeasureEventData {
  id: string;
  kind: string;
  clause: string;
  vendor: string | null;
  product: string | null;
  route: string | null;
  app: { org: string; app: string } | null;
  environment: string;
  rate: { requests: number; perSeconds: number } | null;
  reason: string;
  endsAt: string | null;
  incident: string | null;
  deviationCase: string | null;
  liftReason?: string | null;
}

const KIND: Record<string, { nb: string; en: string }> = {
  throttle: { nb: 'Struping', en: 'Throttle' },
  suspend: { nb: 'Suspensjon', en: 'Suspension' },
  disconnect: { nb: 'Frakobling', en: 'Disconnection' },
  'block-route': { nb: 'Sperret rute', en: 'Blocked route' },
  'stop-app': { nb: 'Stanset app', en: 'Stopped app' },
};
const ENV: Record<string, { nb: string; en: string }> = {
  test: { nb: 'testmiljøet (TT02)', en: 'the test environment (TT02)' },
  production: { nb: 'produksjon', en: 'production' },
  both: { nb: 'test og produksjon', en: 'test and production' },
};
const osloTime = (iso: string) => new Date(iso).toLocaleString('nb-NO', { timeZone: 'Europe/Oslo', dateStyle: 'short', timeStyle: 'short' });

function concerns(d: MeasureEventData, lang: Lang): string {
  const parts: string[] = [];
  if (d.app) parts.push(`${lang === 'nb' ? 'appen' : 'the app'} ${d.app.org}/${d.app.app}`);
  if (d.route) parts.push(d.route);
  else if (d.kind === 'throttle') parts.push(d.product ?? (lang === 'nb' ? 'alle produkter' : 'every product'));
  if (d.rate) parts.push(lang === 'nb' ? `${d.rate.requests} kall per ${d.rate.perSeconds} s` : `${d.rate.requests} calls per ${d.rate.perSeconds} s`);
  parts.push(lang === 'nb' ? `i ${ENV[d.environment]?.nb ?? d.environment}` : `in ${ENV[d.environment]?.en ?? d.environment}`);
  return parts.join(', ');
}

const audience = async (_ctx: unknown, tx: DbOrTx, e: { orgId: string | null }) => membersOf(tx, e.orgId);

export const measureApplied = defineNotification<MeasureEventData>({
  type: 'no.samsvar.measure.applied',
  title: { nb: 'Tiltak satt i verk', en: 'Measure applied' },
  description: {
    nb: 'Digdir har strupet, suspendert eller koblet fra organisasjonen, sperret en rute eller stanset en app – med begrunnelse.',
    en: 'Digdir has throttled, suspended or disconnected the organisation, blocked a route or stopped an app – with the reason.',
  },
  audienceText: { nb: 'Medlemmene i organisasjonen tiltaket gjelder', en: 'Members of the organisation the measure concerns' },
  defaults: { channel: 'email', digest: 'immediate' },
  audience,
  render: (e, lang) => {
    const d = e.data;
    const kind = KIND[d.kind]?.[lang] ?? d.kind;
    const until = d.endsAt ? (lang === 'nb' ? `til ${osloTime(d.endsAt)}` : `until ${osloTime(d.endsAt)}`) : lang === 'nb' ? 'til det oppheves' : 'until lifted';
    const link = d.incident ?? d.deviationCase;
    const facts =
      lang === 'nb'
        ? `${kind}: ${concerns(d, lang)}, ${until} (${d.clause}${link ? `, ${link}` : ''}). Begrunnelse: ${d.reason}`
        : `${kind}: ${concerns(d, lang)}, ${until} (${d.clause}${link ? `, ${link}` : ''}). Reason: ${d.reason}`;
    const advice = lang === 'nb' ? 'Ta kontakt med Digdirs brukerstøtte om tiltaket.' : "Contact Digdir's service desk about the measure.";
    const title = lang === 'nb' ? `Tiltak: ${kind.toLowerCase()}` : `Measure: ${kind.toLowerCase()}`;
    return { subject: title, title, body: `${facts} ${advice}`, text: `${title}\n\n${facts}\n\n${advice}\n`, link: `/measures/${d.id}` };
  },
});

export const measureLifted = defineNotification<MeasureEventData>({
  type: 'no.samsvar.measure.lifted',
  title: { nb: 'Tiltak opphevet', en: 'Measure lifted' },
  description: { nb: 'Digdir har opphevet et tiltak overfor organisasjonen.', en: 'Digdir has lifted a measure concerning the organisation.' },
  audienceText: { nb: 'Medlemmene i organisasjonen tiltaket gjaldt', en: 'Members of the organisation the measure concerned' },
  defaults: { channel: 'email', digest: 'immediate' },
  audience,
  render: (e, lang) => {
    const d = e.data;
    const kind = KIND[d.kind]?.[lang] ?? d.kind;
    const title = lang === 'nb' ? `Opphevet: ${kind.toLowerCase()}` : `Lifted: ${kind.toLowerCase()}`;
    const facts = lang === 'nb' ? `${kind} (${concerns(d, lang)}) er opphevet. ${d.liftReason ?? ''}`.trim() : `${kind} (${concerns(d, lang)}) is lifted. ${d.liftReason ?? ''}`.trim();
    return { subject: title, title, body: facts, text: `${title}\n\n${facts}\n`, link: `/measures/${d.id}` };
  },
});

/**
 * Demo notices, posts and meetings (idempotent: each part is skipped when its table has rows). Relative to now:
 * a maintenance completed last month that was announced in time, a maintenance of Studio/TUL/TT in about ten days
 * on a Saturday (outside their Mon–Fri 07–20 window), a breaking change of Altinn Correspondence with an affected
 * API and its sunset date, change-log entries, roadmap items in each state, releases and two upcoming meetings.
 */
import { count } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { earliestStart } from '../../kernel/notices/index.ts';
import type { AppContext, DemoContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { publishEvent } from '../../platform/events/index.ts';
import { nextRef } from '../incidents/index.ts';
import { addUpdate, evaluate, publishNotice, REF_PREFIX, rememberPolicy } from './service.ts';
import { meetings, notices, posts } from './tables.ts';
import type { AffectedApi } from './tables.ts';
import type { NoticeImpact } from './schemas.ts';

const DAY = 86_400_000;
const ZONE = 'Europe/Oslo';
const oslo = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE });

interface DemoNotice {
  noticeClass: string;
  title: string;
  titleEn: string;
  body: string;
  bodyEn: string;
  components: string[];
  apis?: AffectedApi[];
  impact: NoticeImpact;
  publishedAt: Date;
  startsAt: Date;
  endsAt: Date | null;
  completed?: boolean;
}

async function insertNotice(ctx: AppContext, tx: DbOrTx, d: DemoNotice, author: string | null): Promise<void> {
  const out = await evaluate(ctx, tx, null, { noticeClass: d.noticeClass, components: d.components, apis: d.apis, impact: d.impact, startsAt: d.startsAt, endsAt: d.endsAt }, d.publishedAt);
  if (out.late || out.errors.length) throw new Error(`demo notice "${d.title}" does not pass its own check: ${JSON.stringify({ late: out.late, errors: out.errors })}`);
  const ref = await nextRef(tx, REF_PREFIX, d.publishedAt);
  const done = d.completed === true;
  const updatedAt = done && d.endsAt ? d.endsAt : d.publishedAt;
  const [row] = await tx
    .insert(notices)
    .values({
      ref,
      noticeClass: d.noticeClass,
      title: d.title,
      body: d.body,
      titleEn: d.titleEn,
      bodyEn: d.bodyEn,
      state: done ? 'completed' : 'scheduled',
      components: d.components,
      apis: d.apis ?? [],
      impact: d.impact,
      publishedAt: d.publishedAt,
      startsAt: d.startsAt,
      endsAt: d.endsAt,
      startedAt: done ? d.startsAt : null,
      completedAt: done ? d.endsAt : null,
      check: { earliestStart: out.earliestStart.toISOString(), late: false, warnings: out.warnings.map((w) => ({ code: w.code, message: w.message, clauses: w.clauses })) },
      late: false,
      createdBy: author,
      createdAt: d.publishedAt,
      updatedAt,
    })
    .returning();
  await addUpdate(tx, row!.id, { at: d.publishedAt, kind: 'scheduled', body: d.body, bodyEn: d.bodyEn, authorId: author });
  if (done && d.endsAt) {
    await addUpdate(tx, row!.id, { at: d.startsAt, kind: 'in_progress' });
    await addUpdate(tx, row!.id, { at: d.endsAt, kind: 'completed', body: 'Vedlikeholdet er fullført som planlagt.', bodyEn: 'The maintenance was completed as planned.' });
  }
  await publishNotice(ctx, tx, row!.id, done ? 'completed' : 'scheduled', updatedAt);
}

/** Local `hh:mm` on the first Saturday on or after `ms` (Oslo). */
function saturdayAt(ms: number, hour: number): Date {
  let d = oslo(ms).startOf('day');
  while (d.weekday !== 6) d = d.plus({ days: 1 });
  return d.set({ hour }).toJSDate();
}

export async function noticesDemo(ctx: AppContext, demo: DemoContext): Promise<void> {
  rememberPolicy(ctx.policy.policy);
  const now = Date.now();
  const author = demo.users.operatorAdmin?.id ?? null;
  const policy = ctx.policy.policy;
  const [{ n: nNotices }] = (await ctx.db.select({ n: count() }).from(notices)) as [{ n: number }];
  if (Number(nNotices) === 0) {
    const list: DemoNotice[] = [];
    // Last month: a Sunday night upgrade of the end-user solution, announced three weeks ahead.
    const lastMonth = oslo(now).minus({ months: 1 }).startOf('month').plus({ days: 9 });
    let sunday = lastMonth;
    while (sunday.weekday !== 7) sunday = sunday.plus({ days: 1 });
    const pastStart = sunday.set({ hour: 0, minute: 0 }).toJSDate();
    list.push({
      noticeClass: 'maintenance',
      title: 'Oppgradering av databasen til sluttbrukerløsningen',
      titleEn: 'Database upgrade of the end-user solution',
      body: 'Innlogget Altinn og Altinn Apps kan være utilgjengelige i inntil to timer natt til mandag.',
      bodyEn: 'Logged-in Altinn and Altinn Apps may be unavailable for up to two hours during the night to Monday.',
      components: ['sbl', 'apps'],
      impact: 'under_maintenance',
      publishedAt: new Date(pastStart.getTime() - 21 * DAY),
      startsAt: pastStart,
      endsAt: new Date(pastStart.getTime() + 2 * 3_600_000),
      completed: true,
    });
    // In about ten days: Studio, TUL and TT on a Saturday morning (their window is Mon–Fri 07–20).
    const soon = Math.max(now + 10 * DAY, earliestStart(ctx.policy, 'maintenance', now));
    const satStart = saturdayAt(soon, 8);
    list.push({
      noticeClass: 'maintenance',
      title: 'Planlagt vedlikehold av Altinn Studio, TUL og TT02',
      titleEn: 'Planned maintenance of Altinn Studio, TUL and TT02',
      body: 'Vi oppgraderer plattformen. Altinn Studio, tjenesteutviklingsløsningen og testmiljøet TT02 er utilgjengelige lørdag formiddag.',
      bodyEn: 'We are upgrading the platform. Altinn Studio, the service development solution and the TT02 test environment are unavailable on Saturday morning.',
      components: ['studio', 'tul', 'tt'],
      impact: 'under_maintenance',
      publishedAt: new Date(now),
      startsAt: satStart,
      endsAt: new Date(satStart.getTime() + 4 * 3_600_000),
    });
    // A breaking change of Correspondence: nine weeks ahead (the class needs eight), the old upload endpoint sunset
    // six months after the change.
    const changeAt = oslo(now).plus({ weeks: 9 }).startOf('day').set({ hour: 9 });
    const sunset = changeAt.plus({ months: 6 });
    list.push({
      noticeClass: 'breakingChange',
      title: 'Altinn Melding: nytt API for opplasting av vedlegg',
      titleEn: 'Altinn Correspondence: new API for uploading attachments',
      body: 'Opplasting av vedlegg flyttes til et eget endepunkt. Det gamle endepunktet fases ut seks måneder etter endringen; se dokumentasjonen for overgangen.',
      bodyEn: 'Attachment upload moves to its own endpoint. The old endpoint is sunset six months after the change; see the documentation for the transition.',
      components: ['correspondence'],
      apis: [
        {
          product: policy.products?.correspondence ? 'correspondence' : undefined,
          method: 'POST',
          path: '/correspondence/api/v1/correspondence/upload',
          deprecatedAt: changeAt.toUTC().toISO()!,
          sunsetAt: sunset.toUTC().toISO()!,
        },
      ].map((a) => (a.product ? a : { method: a.method, path: a.path, deprecatedAt: a.deprecatedAt, sunsetAt: a.sunsetAt })) as AffectedApi[],
      impact: 'none',
      publishedAt: new Date(now),
      startsAt: changeAt.toJSDate(),
      endsAt: null,
    });
    await ctx.db.transaction(async (tx) => {
      for (const d of list) await insertNotice(ctx, tx, d, author);
    });
    demo.log(`notices: ${list.length} demo notices (a completed maintenance last month, maintenance of Studio/TUL/TT on ${oslo(satStart.getTime()).toISODate()}, a breaking change with an API sunset)`);
  }

  const [{ n: nPosts }] = (await ctx.db.select({ n: count() }).from(posts)) as [{ n: number }];
  if (Number(nPosts) === 0) {
    const year = oslo(now).year;
    const ago = (days: number) => new Date(now - days * DAY);
    const rows: (typeof posts.$inferInsert)[] = [
      { kind: 'changelog', title: 'Dialogporten: søk på tjenesteressurs', titleEn: 'Dialogporten: search by service resource', body: 'Sluttbrukersystemer kan nå filtrere dialoger på tjenesteressurs.', bodyEn: 'End-user systems can now filter dialogs by service resource.', components: ['dialogporten'], publishedAt: ago(3) },
      { kind: 'changelog', title: 'Systembruker: forespørsler kan trekkes tilbake', titleEn: 'System user: requests can be withdrawn', body: 'Leverandører kan trekke tilbake en forespørsel om systembruker som ikke er godkjent.', bodyEn: 'Vendors can withdraw a system user request that has not been approved.', components: ['systemuser'], publishedAt: ago(12) },
      { kind: 'changelog', title: 'Altinn Events: raskere levering av webhooks', titleEn: 'Altinn Events: faster webhook delivery', body: 'Median leveringstid er redusert fra 4 til 1 sekund.', bodyEn: 'Median delivery time is down from 4 to 1 second.', components: ['events'], publishedAt: ago(26) },
      { kind: 'roadmap', title: 'Varsling på SMS fra Altinn Melding', titleEn: 'SMS notifications from Altinn Correspondence', body: 'Tjenesteeiere kan velge SMS i tillegg til e-post.', bodyEn: 'Service owners can choose SMS in addition to e-mail.', components: ['correspondence'], roadmapState: 'planned', target: `${year + 1}-Q1`, publishedAt: ago(30) },
      { kind: 'roadmap', title: 'Ny versjon av app-biblioteket (v9)', titleEn: 'New version of the app library (v9)', body: 'Forenklet oppsett og bedre ytelse for apper.', bodyEn: 'Simpler setup and better performance for apps.', components: ['apps', 'studio'], roadmapState: 'in_progress', target: `${year}-Q4`, publishedAt: ago(45) },
      { kind: 'roadmap', title: 'Dialogporten i produksjon', titleEn: 'Dialogporten in production', body: 'Dialogporten er tilgjengelig for alle tjenesteeiere.', bodyEn: 'Dialogporten is available to every service owner.', components: ['dialogporten'], roadmapState: 'done', target: `${year}-Q1`, publishedAt: ago(90) },
      { kind: 'release', title: 'Produksjonssetting av plattformen', titleEn: 'Platform release', body: 'Feilrettinger i Formidling og Melding; oppdaterte avhengigheter.', bodyEn: 'Fixes in Broker and Correspondence; updated dependencies.', components: ['broker', 'correspondence'], version: `v${year}.${oslo(now).month}.2`, publishedAt: ago(2) },
      { kind: 'release', title: 'Produksjonssetting av Altinn Studio', titleEn: 'Altinn Studio release', body: 'Ny editor for prosessflyt.', bodyEn: 'New process flow editor.', components: ['studio'], version: `v${year}.${oslo(now).month}.1`, publishedAt: ago(9) },
    ].map((r) => ({ ...r, createdBy: author, createdAt: r.publishedAt, updatedAt: r.publishedAt }));
    await ctx.db.transaction(async (tx) => {
      const inserted = await tx.insert(posts).values(rows).returning();
      for (const p of inserted) {
        await publishEvent(tx, ctx, { type: 'no.samsvar.post.published', resource: `urn:samsvar:post:${p.id}`, subject: p.kind, source: '/status/changelog', visibility: 'public', time: p.publishedAt, data: { post: { id: p.id, kind: p.kind, title: p.title, version: p.version, publishedAt: p.publishedAt } } });
      }
    });
    demo.log(`notices: ${rows.length} change-log entries, roadmap items and releases`);
  }

  const [{ n: nMeetings }] = (await ctx.db.select({ n: count() }).from(meetings)) as [{ n: number }];
  if (Number(nMeetings) === 0) {
    const at = (days: number, hour: number, minute = 0) => oslo(now).plus({ days }).startOf('day').set({ hour, minute });
    const firstWeekday = (days: number) => {
      let d = at(days, 10);
      while (d.weekday > 5) d = d.plus({ days: 1 });
      return d;
    };
    const a = firstWeekday(14);
    const b = firstWeekday(35).set({ hour: 13 });
    await ctx.db.insert(meetings).values([
      { title: 'Brukerforum for tjenesteeiere', description: 'Nytt i Altinn siste kvartal, veikart og spørsmål fra tjenesteeierne.', startsAt: a.toJSDate(), endsAt: a.plus({ minutes: 90 }).toJSDate(), location: 'Microsoft Teams', url: 'https://www.digdir.no/altinn/brukerforum', createdBy: author },
      { title: 'Driftsmøte: tilgjengelighet og planlagte endringer', description: 'Gjennomgang av månedens tilgjengelighet, hendelser og varslede endringer (tjenesteavtalen punkt 3.3).', startsAt: b.toJSDate(), endsAt: b.plus({ hours: 1 }).toJSDate(), location: 'Digdir, Oslo og Teams', url: null, createdBy: author },
    ]);
    demo.log('notices: two upcoming meetings with service owners');
  }
}

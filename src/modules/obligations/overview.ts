/**
 * The operators' compliance overview: one row per organisation with what the registry and the obligations know —
 * contacts, systems and products (vendors), services, outdated apps, idle services, the access review, overdue data
 * elements and pending deletion requests — and whether it needs attention, with the reasons as stable codes.
 */
import { and, asc, sql } from 'drizzle-orm';
import { authTables } from '../../platform/auth/index.ts';
import type { AppContext } from '../../platform/context.ts';
import { registrySummaries } from '../registry/index.ts';
import { productionAccess } from '../terms/index.ts';
import { ensureCurrentReviews, reviewStatus } from './access-reviews.ts';
import { toCsv } from './csv.ts';
import { elementSummaries } from './data-elements.ts';

const { organisations } = authTables;

/** Why an organisation needs attention; the portal translates the codes. */
export const ATTENTION_REASONS = {
  'contacts.missing': 'T-1.2.7 / S-3.2: no contacts registered',
  'contacts.stale': 'T-1.2.7 / S-7.2.2: contacts not confirmed within the policy period',
  'services.outdated': 'S-7.1.2: apps on an app library older than the minimum',
  'services.idle': 'S-7.3.1: services in production without traffic',
  'services.reviewOverdue': 'S-7.3.2: service information not reviewed in time',
  'accessReview.overdue': 'S-7.2.1: the semi-annual access review is overdue',
  'dataElements.overdue': 'S-7.4.1: data elements not confirmed downloaded in time',
  'deletionRequests.pending': 'S-7.4.3: deletion requests wait for a decision by ASF',
  'terms.notAccepted': 'T-1.1 / T-8: the terms version in force is not accepted (production access refused)',
  'terms.pending': 'T-8: the terms version in force is not accepted yet (deadline running)',
  'termination.pending': 'T-9: the vendor has terminated; access ends at the effective date',
  'terminated': 'T-9: the termination has taken effect',
} as const;
export type AttentionReason = keyof typeof ATTENTION_REASONS;

export interface OverviewRow {
  orgId: string;
  orgNumber: string;
  name: string;
  kinds: string[];
  contacts: { total: number; stale: number; soonStale: number };
  systems: number | null;
  products: string[] | null;
  services: {
    total: number;
    planned: number;
    notified: number;
    production: number;
    deactivated: number;
    removed: number;
    outdated: number;
    idle: number;
    reviewOverdue: number;
  } | null;
  accessReview: { id: string; dueAt: string; status: string } | null;
  dataElementsOverdue: number | null;
  deletionRequestsPending: number | null;
  /** Vendors: the terms and termination state, as the gateway's access decision sees it. */
  terms: { state: 'accepted' | 'pending' | 'notAccepted'; deadline: string | null; termination: string | null; terminated: boolean } | null;
  attention: boolean;
  reasons: AttentionReason[];
}

export async function complianceOverview(ctx: AppContext, q: { kind?: string; attention?: boolean } = {}, now = new Date()): Promise<OverviewRow[]> {
  const orgs = await ctx.db
    .select()
    .from(organisations)
    .where(and(q.kind ? sql`${q.kind} = any(${organisations.kinds})` : undefined))
    .orderBy(asc(organisations.name));
  const reg = await registrySummaries(ctx, now);
  const reviews = await ensureCurrentReviews(ctx);
  const el = await elementSummaries(ctx, now);
  // The terms state comes from the access decision itself (product-independent reasons), so the overview and the
  // gateway can never disagree.
  const firstProduct = Object.keys(ctx.policy.policy.products ?? {})[0] ?? 'dialogporten';
  const termsOf = async (orgId: string): Promise<OverviewRow['terms']> => {
    const d = await productionAccess(ctx, orgId, firstProduct, undefined, now.getTime());
    const refused = d.reasons.find((r) => r.code === 'terms-not-accepted');
    const pending = d.warnings.find((w) => w.code === 'terms-acceptance-pending');
    const term = d.warnings.find((w) => w.code === 'termination-pending');
    return {
      state: refused ? 'notAccepted' : pending ? 'pending' : 'accepted',
      deadline: (refused ?? pending)?.at ?? null,
      termination: term?.at ?? null,
      terminated: d.reasons.some((r) => r.code === 'terminated'),
    };
  };
  const termsByOrg = new Map<string, OverviewRow['terms']>();
  for (const o of orgs) if (o.kinds.includes('vendor')) termsByOrg.set(o.id, await termsOf(o.id));
  const rows = orgs.map((o): OverviewRow => {
    const r = reg.get(o.id);
    const vendor = o.kinds.includes('vendor');
    const owner = o.kinds.includes('serviceOwner');
    const review = reviews.get(o.id);
    const sv = r?.services;
    const row: OverviewRow = {
      orgId: o.id,
      orgNumber: o.orgNumber,
      name: o.name,
      kinds: o.kinds,
      contacts: r?.contacts ?? { total: 0, stale: 0, soonStale: 0 },
      systems: vendor ? (r?.systems ?? 0) : null,
      products: vendor ? (r?.products ?? []) : null,
      services: owner
        ? {
            total: sv?.total ?? 0,
            ...(sv?.byLifecycle ?? { planned: 0, notified: 0, production: 0, deactivated: 0, removed: 0 }),
            outdated: sv?.outdated ?? 0,
            idle: sv?.idle ?? 0,
            reviewOverdue: sv?.reviewOverdue ?? 0,
          }
        : null,
      accessReview: owner && review ? { id: review.id, dueAt: review.dueAt.toISOString(), status: reviewStatus(ctx, review, now).status } : null,
      dataElementsOverdue: owner ? (el.overdue.get(o.id) ?? 0) : null,
      deletionRequestsPending: owner ? (el.pending.get(o.id) ?? 0) : null,
      terms: vendor ? (termsByOrg.get(o.id) ?? null) : null,
      attention: false,
      reasons: [],
    };
    const reasons: AttentionReason[] = [];
    if ((vendor || owner) && row.contacts.total === 0) reasons.push('contacts.missing');
    if (row.contacts.stale > 0) reasons.push('contacts.stale');
    if (row.services?.outdated) reasons.push('services.outdated');
    if (row.services?.idle) reasons.push('services.idle');
    if (row.services?.reviewOverdue) reasons.push('services.reviewOverdue');
    if (row.accessReview?.status === 'overdue') reasons.push('accessReview.overdue');
    if (row.dataElementsOverdue) reasons.push('dataElements.overdue');
    if (row.deletionRequestsPending) reasons.push('deletionRequests.pending');
    if (row.terms?.state === 'notAccepted') reasons.push('terms.notAccepted');
    if (row.terms?.state === 'pending') reasons.push('terms.pending');
    if (row.terms?.terminated) reasons.push('terminated');
    else if (row.terms?.termination) reasons.push('termination.pending');
    row.reasons = reasons;
    row.attention = reasons.length > 0;
    return row;
  });
  return q.attention === undefined ? rows : rows.filter((r) => r.attention === q.attention);
}

export const OVERVIEW_CSV_HEADER = [
  'orgNumber',
  'name',
  'kinds',
  'attention',
  'reasons',
  'contactsTotal',
  'contactsStale',
  'contactsSoonStale',
  'systems',
  'products',
  'servicesPlanned',
  'servicesNotified',
  'servicesProduction',
  'servicesDeactivated',
  'servicesRemoved',
  'appsOutdated',
  'servicesIdle',
  'serviceReviewsOverdue',
  'accessReviewDue',
  'accessReviewStatus',
  'dataElementsOverdue',
  'deletionRequestsPending',
  'termsState',
  'termsDeadline',
  'terminationEffective',
];

const osloDay = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date(iso));

export function overviewCsv(rows: OverviewRow[]): string {
  return toCsv(
    OVERVIEW_CSV_HEADER,
    rows.map((r) => [
      r.orgNumber,
      r.name,
      r.kinds,
      r.attention ? 'yes' : 'no',
      r.reasons,
      r.contacts.total,
      r.contacts.stale,
      r.contacts.soonStale,
      r.systems,
      r.products,
      r.services?.planned,
      r.services?.notified,
      r.services?.production,
      r.services?.deactivated,
      r.services?.removed,
      r.services?.outdated,
      r.services?.idle,
      r.services?.reviewOverdue,
      r.accessReview ? osloDay(r.accessReview.dueAt) : null,
      r.accessReview?.status,
      r.dataElementsOverdue,
      r.deletionRequestsPending,
      r.terms?.state,
      r.terms?.deadline ? osloDay(r.terms.deadline) : null,
      r.terms?.termination ? osloDay(r.terms.termination) : null,
    ]),
  );
}

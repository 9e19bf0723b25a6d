/**
 * Publishing: an event is stored in the caller's transaction (so it exists exactly when the change it reports
 * does, and before the API answers) and fanned out in the same statement's neighbour — one `INSERT … SELECT` makes
 * a delivery for every subscription that receives events (active, validated, not deleted), whose filters match and
 * whose organisation may see the event. `notifyChange(tx, 'events')` wakes the delivery workers at commit.
 */
import { sql } from 'drizzle-orm';
import { notifyChange } from '../changes/index.ts';
import { rowsOf, type DbOrTx } from '../db/index.ts';
import { filtersMatchSql, receivingSql, visibleToOrgSql } from './filters.ts';
import { events } from './tables.ts';
import type { CloudEvent, EventVisibility, PublishedEvent, PublishInput } from './types.ts';

export type EventRow = typeof events.$inferSelect;

/** Event types: dot-separated lower-case words, e.g. "no.samsvar.incident.created". */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9-]*(\.[a-zA-Z0-9_-]+)+$/;
const VISIBILITIES: readonly EventVisibility[] = ['public', 'org', 'operators'];

/** What publishing needs of the context: the public URL that makes sources absolute. */
export interface PublishEnv {
  config: { PUBLIC_URL: string };
}

export function absoluteSource(publicUrl: string, source: string | undefined): string {
  const s = source ?? '/';
  if (/^[a-z][a-z0-9+.-]*:/i.test(s)) return s;
  return publicUrl.replace(/\/$/, '') + (s.startsWith('/') ? s : `/${s}`);
}

/**
 * Stores the event and creates its deliveries, in `tx` (call it inside the transaction of the change it reports).
 * Throws on an invalid type or visibility, or an "org" event without its organisation.
 */
export async function publishEvent(tx: DbOrTx, env: PublishEnv, input: PublishInput): Promise<PublishedEvent> {
  if (!EVENT_TYPE_PATTERN.test(input.type)) throw new Error(`invalid event type "${input.type}" (expected e.g. no.samsvar.incident.created)`);
  if (!VISIBILITIES.includes(input.visibility)) throw new Error(`invalid event visibility "${input.visibility}"`);
  if (input.visibility === 'org' && !input.orgId) throw new Error('an event with visibility "org" needs its orgId');
  if (!input.resource) throw new Error('an event needs its resource');
  const [row] = await tx
    .insert(events)
    .values({
      type: input.type,
      source: absoluteSource(env.config.PUBLIC_URL, input.source),
      subject: input.subject ?? null,
      resource: input.resource,
      time: input.time ?? new Date(),
      data: input.data === undefined ? null : (input.data as never),
      orgId: input.orgId ?? null,
      visibility: input.visibility,
    })
    .returning({ seq: events.seq, id: events.id });
  const fanned = await tx.execute(sql`
    insert into event_deliveries (subscription_id, event_seq)
    select s.id, e.seq
      from events e
      join event_subscriptions s on ${receivingSql}
      join organisations o on o.id = s.org_id
     where e.seq = ${row!.seq} and ${filtersMatchSql} and ${visibleToOrgSql}
     order by s.id
    on conflict do nothing
    returning id`);
  const n = rowsOf(fanned).length;
  // Always: the delivery workers wake for the deliveries, in-process consumers (the notifier) for the event.
  await notifyChange(tx, 'events', String(row!.seq));
  return { seq: Number(row!.seq), id: row!.id, deliveries: n };
}

/** The CloudEvents 1.0 structured form of a stored event (as delivered and as the pull API returns it). */
export function toCloudEvent(row: EventRow, publicUrl: string): CloudEvent {
  const ce: CloudEvent = {
    specversion: '1.0',
    id: row.id,
    source: absoluteSource(publicUrl, row.source),
    type: row.type,
    ...(row.subject ? { subject: row.subject } : {}),
    time: row.time.toISOString(),
    resource: row.resource,
    sequence: String(row.seq),
  };
  if (row.data !== null && row.data !== undefined) {
    ce.datacontenttype = 'application/json';
    ce.data = row.data;
  }
  return ce;
}

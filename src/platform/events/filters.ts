/**
 * Which subscriptions an event goes to, as SQL (fan-out at publish time, replay) and as JavaScript (the same rules,
 * for checks outside a query and for tests). Two questions, asked together:
 *
 * 1. Do the subscription's filters match (Altinn Events' rules)?
 *    - sourceFilter: the event's source, or a parent of it at a path boundary ("https://x/api/v1/incidents" matches
 *      "https://x/api/v1/incidents" and "https://x/api/v1/incidents/17", not "https://x/api/v1/incidents-old");
 *      a trailing "/" is ignored; for a URN the boundary is ":". This is how Altinn Events matches a source filter
 *      (it hashes every path-segment prefix of the event's source and looks the filter up among them).
 *    - resourceFilter, subjectFilter: exact.
 *    - typeFilter: exact, or — Samsvar's addition — a prefix ending in ".*": "no.samsvar.incident.*" matches
 *      "no.samsvar.incident.created" and "no.samsvar.incident.clock.breached", not "no.samsvar.incidents.x".
 *    An absent filter matches everything.
 * 2. May the subscription's organisation see the event?
 *    - public: every subscriber; org: that organisation and operator organisations (kind "operator");
 *      operators: operator organisations only.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { EventVisibility } from './types.ts';

/** Table aliases the fragments use: events `e`, event_subscriptions `s`, organisations `o` (the subscriber's). */
export const filtersMatchSql: SQL = sql.raw(`(
  (s.source_filter is null
    or rtrim(e.source, '/') = rtrim(s.source_filter, '/')
    or starts_with(e.source, rtrim(s.source_filter, '/') || '/')
    or (s.source_filter like 'urn:%' and starts_with(e.source, s.source_filter || ':')))
  and (s.resource_filter is null or e.resource = s.resource_filter)
  and (s.subject_filter is null or e.subject = s.subject_filter)
  and (s.type_filter is null
    or e.type = s.type_filter
    or (right(s.type_filter, 2) = '.*' and starts_with(e.type, left(s.type_filter, -1))))
)`);

/** The subscriber's organisation `o` may see event `e`. */
export const visibleToOrgSql: SQL = sql.raw(`(
  e.visibility = 'public'
  or (e.visibility = 'org' and (e.org_id = o.id or 'operator' = any(o.kinds)))
  or (e.visibility = 'operators' and 'operator' = any(o.kinds))
)`);

/** A subscription that receives events now: active, validated, not deleted. */
export const receivingSql: SQL = sql.raw(`(s.status = 'active' and s.validated and s.deleted_at is null)`);

/** Type filter of the pull API and notification preferences: exact, or a prefix ending in ".*". */
export function typeFilterSql(column: SQL, filter: string): SQL {
  if (filter.endsWith('.*')) return sql`starts_with(${column}, ${filter.slice(0, -1)})`;
  return sql`${column} = ${filter}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The same rules in JavaScript
// ---------------------------------------------------------------------------------------------------------------

export function typeMatches(filter: string | null | undefined, type: string): boolean {
  if (!filter) return true;
  if (filter.endsWith('.*')) return type.startsWith(filter.slice(0, -1));
  return type === filter;
}

export function sourceMatches(filter: string | null | undefined, source: string): boolean {
  if (!filter) return true;
  const f = filter.replace(/\/+$/, '');
  if (source.replace(/\/+$/, '') === f) return true;
  if (source.startsWith(f + '/')) return true;
  return filter.startsWith('urn:') && source.startsWith(filter + ':');
}

export interface MatchableEvent {
  type: string;
  source: string;
  subject?: string | null;
  resource: string;
}

export interface Filters {
  sourceFilter?: string | null;
  resourceFilter?: string | null;
  subjectFilter?: string | null;
  typeFilter?: string | null;
}

export function filtersMatch(f: Filters, e: MatchableEvent): boolean {
  return (
    sourceMatches(f.sourceFilter, e.source) &&
    (!f.resourceFilter || e.resource === f.resourceFilter) &&
    (!f.subjectFilter || e.subject === f.subjectFilter) &&
    typeMatches(f.typeFilter, e.type)
  );
}

/** May an organisation (its id and kinds) see an event? */
export function visibleTo(org: { id: string; kinds: readonly string[] }, e: { visibility: EventVisibility | string; orgId: string | null }): boolean {
  const operator = org.kinds.includes('operator');
  if (e.visibility === 'public') return true;
  if (e.visibility === 'org') return e.orgId === org.id || operator;
  if (e.visibility === 'operators') return operator;
  return false;
}

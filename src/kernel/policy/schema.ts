/**
 * TypeBox schemas of the agreement policy (policies/altinn.yaml). One schema gives validation, the TypeScript
 * type and documentation. Every object is closed (`additionalProperties: false`) so a misspelt key is an error.
 *
 * Non-standard schema option used here: `expected`, a human phrase for what a value must look like. The parser
 * uses it in error messages ("expected "HH:mm" local time, got "8:00"").
 */
import { Type, type Static, type TLiteral, type TSchema, type TString, type TUnion } from '@sinclair/typebox';
import type { CalendarSpec } from '../worktime/types.js';

// ---------------------------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------------------------

/** Union of string literals with a readable error ("expected one of: a, b"). */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: { description?: string } = {},
): TUnion<TLiteral<T[number]>[]> {
  return Type.Union(values.map((v) => Type.Literal(v)) as never, {
    ...options,
    expected: `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`,
  }) as never;
}

const closed = { additionalProperties: false } as const;

export const CLAUSE_ID_PATTERN = '^(T|S)-\\d+(\\.\\d+)*$';
export const ClauseIdSchema = Type.String({
  pattern: CLAUSE_ID_PATTERN,
  expected: 'a clause ID such as "S-2.2.1" or "T-5"',
});
/** The clause IDs a rule implements; never empty. */
export const ClausesSchema = Type.Array(ClauseIdSchema, { minItems: 1, expected: 'a non-empty list of clause IDs' });

const NonEmpty = Type.String({ minLength: 1, expected: 'a non-empty string' });

/** Text in bokmål and English. */
export const TextSchema = Type.Object({ nb: NonEmpty, en: NonEmpty }, closed);
export type Text = Static<typeof TextSchema>;

/** camelCase-ish key: calendars, classes, channels, target ids. */
export const IdentifierSchema = Type.String({
  pattern: '^[a-z][A-Za-z0-9]*$',
  expected: 'an identifier in camelCase (letters and digits, starting with a lower-case letter)',
});

export const LocalTimeSchema = Type.String({
  pattern: '^(?:(?:[01]\\d|2[0-3]):[0-5]\\d|24:00)$',
  expected: '"HH:mm" local time, e.g. "08:00" ("24:00" only as an end)',
});
export const MonthDaySchema = Type.String({
  pattern: '^\\d\\d-\\d\\d$',
  expected: '"MM-DD", e.g. "05-15"',
});
export const IsoDateSchema = Type.String({
  pattern: '^\\d{4}-\\d\\d-\\d\\d$',
  expected: 'a date "YYYY-MM-DD"',
});

// ---------------------------------------------------------------------------------------------------------------
// Calendars — mirrors src/kernel/worktime/types.ts (CalendarSpec) field by field
// ---------------------------------------------------------------------------------------------------------------

export const TimeRangeSchema = Type.Object({ start: LocalTimeSchema, end: LocalTimeSchema }, closed);
const Ranges = Type.Array(TimeRangeSchema);

export const WeeklyHoursSchema = Type.Object(
  {
    mon: Type.Optional(Ranges),
    tue: Type.Optional(Ranges),
    wed: Type.Optional(Ranges),
    thu: Type.Optional(Ranges),
    fri: Type.Optional(Ranges),
    sat: Type.Optional(Ranges),
    sun: Type.Optional(Ranges),
  },
  closed,
);

export const SeasonSpecSchema = Type.Object(
  { name: NonEmpty, from: MonthDaySchema, to: MonthDaySchema, hours: WeeklyHoursSchema },
  closed,
);

export const SpecialDaySchema = Type.Object(
  {
    name: NonEmpty,
    date: Type.String({
      pattern: '^(?:\\d\\d-\\d\\d|\\d{4}-\\d\\d-\\d\\d|easter(?:[+-]\\d{1,3})?)$',
      expected: '"MM-DD", "YYYY-MM-DD" or "easter+N" / "easter-N"',
    }),
    closeAt: Type.Optional(LocalTimeSchema),
    hours: Type.Optional(Ranges),
    closed: Type.Optional(Type.Boolean()),
  },
  closed,
);

export const CalendarSpecSchema = Type.Object(
  {
    name: IdentifierSchema,
    description: Type.Optional(Type.String()),
    clauses: Type.Optional(ClausesSchema),
    timezone: Type.String({ minLength: 1, expected: 'an IANA time zone such as "Europe/Oslo"' }),
    hours: WeeklyHoursSchema,
    seasons: Type.Optional(Type.Array(SeasonSpecSchema)),
    excludePublicHolidays: Type.Boolean(),
    specialDays: Type.Optional(
      Type.Union([Type.Literal('state'), Type.Array(SpecialDaySchema)], {
        expected: '"state" or a list of special days ({ name, date, closeAt | hours | closed })',
      }),
    ),
  },
  closed,
);

// The schema and the worktime type must describe the same thing (checked in both directions at compile time).
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type _CalendarSchemaMatchesType = Assert<Equal<Static<typeof CalendarSpecSchema>, CalendarSpec>>;
export type _CalendarSchemaSameKeys = Assert<Equal<keyof Static<typeof CalendarSpecSchema>, keyof CalendarSpec>>;
const _calendarAssignable = (spec: Static<typeof CalendarSpecSchema>): CalendarSpec => spec;
void _calendarAssignable;

// ---------------------------------------------------------------------------------------------------------------
// Durations and clock targets
// ---------------------------------------------------------------------------------------------------------------

/**
 * Units of a duration.
 *  - elapsed time, the calendar's opening hours do not matter: minutes, hours, calendarDays, weeks, months
 *    (months: same day of month N months on, clamped to the month's last day);
 *  - open time on a calendar: workingHours (hours the calendar is open), workingDays (the calendar's open days:
 *    due at the same local time N open days later, per the worktime engine).
 */
export const DURATION_UNITS = [
  'minutes',
  'hours',
  'workingHours',
  'workingDays',
  'calendarDays',
  'weeks',
  'months',
] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];
export const WORKING_UNITS: readonly DurationUnit[] = ['workingHours', 'workingDays'];

export const DurationSchema = Type.Object(
  {
    amount: Type.Number({ minimum: 0, expected: 'a number ≥ 0' }),
    unit: StringEnum(DURATION_UNITS),
  },
  closed,
);
export type Duration = Static<typeof DurationSchema>;

/** Durations for obligations: calendar time only. */
export const CalendarDurationSchema = Type.Object(
  {
    amount: Type.Integer({ minimum: 1, expected: 'a whole number ≥ 1' }),
    unit: StringEnum(['calendarDays', 'weeks', 'months'] as const),
  },
  closed,
);

export const CLOCK_KINDS = ['response', 'resolution', 'assessment'] as const;
export const PAUSE_REASONS = ['workaround', 'awaitingReporter', 'awaitingThirdParty'] as const;

/**
 * One SLA clock. It starts when the case is registered (reported / received) and counts time on `calendar`.
 *  - `duration` present: the clock is due after that much time; warnings at `warnAt` percent of it.
 *  - `duration` absent: the clock is tracked only (elapsed time is measured and reported, it cannot breach),
 *    e.g. "continuous work until resolved" for A and B incidents.
 *  - `pausedBy`: case states during which the clock stands still and resumes afterwards.
 *  - `stopOnWorkaround`: once a workaround is recorded before the due time, the clock stops and cannot breach
 *    (S-2.2.3: the deadline may be exceeded when a workaround is in place); the resolution time is still recorded.
 */
export const ClockTargetSchema = Type.Object(
  {
    id: IdentifierSchema,
    kind: StringEnum(CLOCK_KINDS),
    description: Type.Optional(TextSchema),
    duration: Type.Optional(DurationSchema),
    calendar: IdentifierSchema,
    pausedBy: Type.Optional(Type.Array(StringEnum(PAUSE_REASONS))),
    stopOnWorkaround: Type.Optional(Type.Boolean()),
    /** Warn when this share (percent) of the duration has run, e.g. [50, 75, 90]. */
    warnAt: Type.Optional(
      Type.Array(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 100, expected: 'a percentage in (0, 100)' })),
    ),
    clauses: ClausesSchema,
  },
  closed,
);
export type ClockTarget = Static<typeof ClockTargetSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Incidents
// ---------------------------------------------------------------------------------------------------------------

export const IncidentCategorySchema = Type.Object(
  {
    name: TextSchema,
    /** 1 = most severe. */
    rank: Type.Integer({ minimum: 1 }),
    definition: TextSchema,
    examples: Type.Array(TextSchema),
    targets: Type.Array(ClockTargetSchema),
    /** The reporter gets a status message when the incident is resolved. */
    feedbackOnResolution: Type.Object({ required: Type.Boolean(), clauses: ClausesSchema }, closed),
    clauses: ClausesSchema,
  },
  closed,
);
export type IncidentCategory = Static<typeof IncidentCategorySchema>;

const CategoryKey = Type.String({ pattern: '^[A-Z][A-Za-z0-9]*$', expected: 'a category key such as "A"' });

/**
 * How incident clocks behave across a re-classification (the SLA clock engine, src/kernel/sla, docs/sla-clocks.md):
 *  - `reported`: the current category's clocks count from the report, as if the case had always been in it;
 *  - `classified`: they count from the re-classification (the clocks reset).
 */
export const IncidentClocksSchema = Type.Object(
  {
    startOnReclassification: StringEnum(['reported', 'classified'] as const),
    clauses: ClausesSchema,
  },
  closed,
);
export type IncidentClocks = Static<typeof IncidentClocksSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Components and availability
// ---------------------------------------------------------------------------------------------------------------

/** A component status's weight in availability: 1 = counts as available, 0 = unavailable, "excluded" = not counted. */
export const StateWeightSchema = Type.Union(
  [Type.Number({ minimum: 0, maximum: 1 }), Type.Literal('excluded')],
  { expected: 'a number from 0 to 1, or "excluded"' },
);
export const COMPONENT_STATES = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
] as const;
export type ComponentState = (typeof COMPONENT_STATES)[number];

export const StateWeightsSchema = Type.Object(
  {
    operational: StateWeightSchema,
    degraded_performance: StateWeightSchema,
    partial_outage: StateWeightSchema,
    major_outage: StateWeightSchema,
    under_maintenance: StateWeightSchema,
  },
  closed,
);

/** A documentation link of a component (S-3.1). */
export const DocLinkSchema = Type.Object(
  { title: TextSchema, url: Type.String({ pattern: '^https?://', expected: 'an http(s) URL' }) },
  closed,
);

/** One component of the status page and the availability figures. */
export const ComponentSchema = Type.Object(
  {
    id: IdentifierSchema,
    name: TextSchema,
    description: Type.Optional(TextSchema),
    /** Key of `componentGroups` the status page lists it under (absent: its own group). */
    group: Type.Optional(IdentifierSchema),
    /** Key of `products` whose gateway traffic measures this component (passive availability, S-2.3.1). */
    product: Type.Optional(IdentifierSchema),
    /** Documentation for service development and integration (S-3.1). */
    docs: Type.Optional(Type.Array(DocLinkSchema)),
  },
  closed,
);
export type Component = Static<typeof ComponentSchema>;

/** A group of components on the status page, in the order given. */
export const ComponentGroupSchema = Type.Object({ name: TextSchema, description: Type.Optional(TextSchema) }, closed);

/** The public status page and its subscriptions (T-3.1.1). */
export const StatusPagePolicySchema = Type.Object(
  {
    /** Days of history on the status page's availability bars (default 90). */
    historyDays: Type.Optional(Type.Integer({ minimum: 7, maximum: 366 })),
    /** Reminders to subscribers before maintenance starts, e.g. 24 hours and 1 hour (calendar time). */
    maintenanceReminders: Type.Optional(Type.Array(DurationSchema)),
    clauses: ClausesSchema,
  },
  closed,
);
export type StatusPagePolicy = Static<typeof StatusPagePolicySchema>;

export const ComponentClassSchema = Type.Object(
  {
    name: TextSchema,
    description: Type.Optional(TextSchema),
    components: Type.Array(ComponentSchema),
    /** Calendar of the operating window (driftstid); availability is measured inside it. */
    operatingWindow: IdentifierSchema,
    availability: Type.Object(
      {
        /** Percent of the operating window, per period. */
        target: Type.Number({ exclusiveMinimum: 0, maximum: 100, expected: 'a percentage in (0, 100]' }),
        period: StringEnum(['calendarMonth'] as const),
        measuredBy: Type.Array(StringEnum(['usage', 'probes'] as const), { minItems: 1 }),
        stateWeights: StateWeightsSchema,
        clauses: ClausesSchema,
      },
      closed,
    ),
    maintenance: Type.Object(
      {
        /** Planned maintenance time leaves the denominator of availability. */
        excludedFromAvailability: Type.Boolean(),
        /** Only maintenance announced with a notice counts as planned. */
        requiresNotice: Type.Boolean(),
        /** What happens to planned maintenance that falls inside the operating window. */
        insideWindow: StringEnum(['allow', 'flag', 'refuse'] as const),
        clauses: ClausesSchema,
      },
      closed,
    ),
    clauses: ClausesSchema,
  },
  closed,
);
export type ComponentClass = Static<typeof ComponentClassSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Notices
// ---------------------------------------------------------------------------------------------------------------

/**
 * How a lead time is counted.
 *  - noticeDay0: the local date the notice is published is day 0; the change may start at any time on day N at the
 *    earliest (N working days on `calendar`, or N calendar days / weeks / months later).
 *  - exact: publication time + lead time ≤ start time, to the minute (working units via working-time arithmetic).
 */
export const NOTICE_COUNTING = ['noticeDay0', 'exact'] as const;

export const NoticeClassSchema = Type.Object(
  {
    name: TextSchema,
    description: TextSchema,
    issuedBy: StringEnum(['operator', 'serviceOwner', 'vendor'] as const),
    leadTime: DurationSchema,
    /** Needed when the lead time is in working units. */
    calendar: Type.Optional(IdentifierSchema),
    counting: StringEnum(NOTICE_COUNTING),
    /** Component classes the notice class covers (absent: not tied to components). */
    appliesTo: Type.Optional(Type.Array(IdentifierSchema)),
    /** A notice given later than its lead time: refused, or accepted and recorded as a deviation. */
    onLate: StringEnum(['deviation', 'refuse'] as const),
    /** The notice is only allowed when linked to an incident of one of these categories. */
    requiresIncident: Type.Optional(Type.Object({ categories: Type.Array(CategoryKey, { minItems: 1 }) }, closed)),
    /** Work inside an operating window that refuses maintenance is flagged instead of refused. */
    overridesWindowRule: Type.Optional(Type.Boolean()),
    clauses: ClausesSchema,
  },
  closed,
);
export type NoticeClass = Static<typeof NoticeClassSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Support, change requests, escalation
// ---------------------------------------------------------------------------------------------------------------

export const SupportChannelSchema = Type.Object(
  {
    name: TextSchema,
    description: Type.Optional(TextSchema),
    audience: StringEnum(['endUsers', 'serviceOwners', 'vendors'] as const),
    /** Open when this calendar is open. Exactly one of `calendar` and `outsideCalendar`. */
    calendar: Type.Optional(IdentifierSchema),
    /** Open when this calendar is closed (on-call). */
    outsideCalendar: Type.Optional(IdentifierSchema),
    /** SLA clocks on cases in this channel; [] = no SLA. */
    targets: Type.Array(ClockTargetSchema),
    /** Answering targets measured from call records. */
    phoneTargets: Type.Optional(
      Type.Object(
        {
          maxAverageAnswerSeconds: Type.Number({ exclusiveMinimum: 0 }),
          averagedOver: StringEnum(['week'] as const),
          minAnsweredDirectlyPercent: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
          clauses: ClausesSchema,
        },
        closed,
      ),
    ),
    /** The channel serves only incidents of these categories. */
    incidentCategories: Type.Optional(Type.Array(CategoryKey, { minItems: 1 })),
    /** Public contact point (phone number, address). */
    contact: Type.Optional(NonEmpty),
    clauses: ClausesSchema,
  },
  closed,
);
export type SupportChannel = Static<typeof SupportChannelSchema>;

export const ChangeRequestsSchema = Type.Object(
  { description: Type.Optional(TextSchema), targets: Type.Array(ClockTargetSchema, { minItems: 1 }), clauses: ClausesSchema },
  closed,
);

export const EscalationLadderSchema = Type.Object(
  {
    description: Type.Optional(TextSchema),
    levels: Type.Array(
      Type.Object(
        { id: IdentifierSchema, level: Type.Integer({ minimum: 1 }), name: TextSchema, description: Type.Optional(TextSchema) },
        closed,
      ),
      { minItems: 1 },
    ),
    /** Breaches of the same requirement by the same party this close together are a repeated failure (a deviation). */
    repeatWindow: Type.Optional(CalendarDurationSchema),
    clauses: ClausesSchema,
  },
  closed,
);
export type EscalationLadder = Static<typeof EscalationLadderSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Obligations (defaults for reminders and checks), critical periods, reports
// ---------------------------------------------------------------------------------------------------------------

const obligation = <P extends Record<string, TSchema>>(props: P) =>
  Type.Object({ description: TextSchema, ...props, clauses: ClausesSchema }, closed);

export const ObligationsSchema = Type.Object(
  {
    /** Contacts not confirmed for this long are stale. */
    contactStaleness: obligation({ maxAge: CalendarDurationSchema, remindBefore: CalendarDurationSchema }),
    /** Access review (users and whether they are active) due at this interval. */
    accessReview: obligation({ interval: CalendarDurationSchema, remindBefore: CalendarDurationSchema }),
    /** Delivered data elements not confirmed downloaded within this limit are overdue. */
    dataElementDownload: obligation({ limit: CalendarDurationSchema }),
    /** Services without traffic for this period are flagged to their owner. */
    serviceNoTraffic: obligation({ period: CalendarDurationSchema }),
    /** Apps on an app library older than this are listed and their owners notified. */
    appLibraryVersion: obligation({
      minVersion: Type.String({
        pattern: '^\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?$',
        expected: 'a semantic version such as "8.0.0"',
      }),
    }),
    serviceInfoReview: Type.Optional(
      obligation({ maxAge: CalendarDurationSchema, remindBefore: CalendarDurationSchema }),
    ),
    vendorTermination: Type.Optional(obligation({ noticePeriod: CalendarDurationSchema })),
    testBeforeProduction: Type.Optional(
      obligation({ minSuccessfulTestCalls: Type.Integer({ minimum: 1 }) }),
    ),
    /** After a new terms version takes effect, vendors keep production access this long without accepting it. */
    termsAcceptanceGrace: Type.Optional(obligation({ period: CalendarDurationSchema })),
  },
  closed,
);
export type Obligations = Static<typeof ObligationsSchema>;

/** A rate: at most `requests` per `perSeconds` seconds (enforced by the gateway's rate-limit gate). */
export const RateLimitSchema = Type.Object(
  { requests: Type.Integer({ minimum: 1 }), perSeconds: Type.Integer({ minimum: 1, maximum: 86_400 }) },
  closed,
);
export type RateLimit = Static<typeof RateLimitSchema>;

/**
 * A route of a product's API as the gateway matches it: method and path pattern. Path segments are literals,
 * `{name}` (one segment, captured) or a final `{name*}` (the rest of the path).
 */
export const GatewayRouteSchema = Type.Object(
  {
    method: StringEnum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const),
    path: Type.String({
      pattern: '^(/([A-Za-z0-9._~:@!$&\'()+,;=-]+|\\{[a-zA-Z][A-Za-z0-9]*\\*?\\}))+$',
      expected: 'a path such as "/broker/api/v1/filetransfer/{id}/confirmdownload"',
    }),
    /** The token needs at least one of these scopes (T-1.2.2). */
    scopes: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
    /** The request or answer may carry personal data (the audit record never holds bodies anyway, T-5). */
    mayContainPersonalData: Type.Optional(Type.Boolean()),
    /** A rate per vendor for this route, tighter than the product's. */
    rateLimit: Type.Optional(RateLimitSchema),
    /** Read routes: the event types to subscribe to instead of polling (T-1.2.4). */
    eventTypes: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
  },
  closed,
);
export type GatewayRoute = Static<typeof GatewayRouteSchema>;

/** Base URL of a product's API in one environment; `{name}` is filled from the path parameter of that name. */
const UpstreamSchema = Type.String({
  pattern: '^https?://[^\\s]+$',
  expected: 'an http(s) base URL such as "https://platform.tt02.altinn.no"',
});

/** An Altinn product a vendor may integrate with, and its API as the gateway proxies it. */
export const ProductSchema = Type.Object(
  {
    name: TextSchema,
    description: TextSchema,
    clauses: ClausesSchema,
    /** Upstream base URL per environment: test (TT02) and production. */
    upstreams: Type.Optional(Type.Object({ test: UpstreamSchema, production: UpstreamSchema }, closed)),
    /** Rate per vendor for the whole product. */
    rateLimit: Type.Optional(RateLimitSchema),
    /**
     * The Altinn resource a call reaches, as a template over the path parameters (e.g.
     * "urn:altinn:resource:app_{org}_{app}"): production calls need the service in production and its owner's
     * conditions accepted (S-7.3.6, T-1.2.5).
     */
    serviceResource: Type.Optional(Type.String({ minLength: 1 })),
    routes: Type.Optional(Type.Array(GatewayRouteSchema)),
  },
  closed,
);
export type Product = Static<typeof ProductSchema>;

/**
 * A product rule (gate 6 of the gateway): calls to `route` (a route id of `product`, "METHOD /path") are flagged —
 * answered with a `Samsvar-Notice` header and a `Link` to `link`, and counted — or refused with a 403 problem that
 * says `message`. E.g. listing correspondences for an overview instead of using Dialogporten (T-2.2).
 */
export const ProductRuleSchema = Type.Object(
  {
    id: IdentifierSchema,
    product: IdentifierSchema,
    route: Type.String({
      pattern: '^(GET|HEAD|POST|PUT|PATCH|DELETE) /',
      expected: 'a route id such as "GET /correspondence/api/v1/correspondence"',
    }),
    action: StringEnum(['flag', 'refuse'] as const),
    message: TextSchema,
    /** Where to go instead (documentation), sent as `Link: <…>; rel="alternate"`. */
    link: Type.Optional(Type.String({ pattern: '^https?://[^\\s]+$', expected: 'an http(s) URL' })),
    /** Environments the rule applies in (default both). */
    environments: Type.Optional(Type.Array(StringEnum(['test', 'production'] as const), { minItems: 1 })),
    clauses: ClausesSchema,
  },
  closed,
);
export type ProductRule = Static<typeof ProductRuleSchema>;

/** A yearly recurring date range (inclusive); `from` after `to` wraps over New Year. */
export const CriticalPeriodSchema = Type.Object(
  { id: IdentifierSchema, name: TextSchema, from: MonthDaySchema, to: MonthDaySchema, clauses: ClausesSchema },
  closed,
);
export type CriticalPeriod = Static<typeof CriticalPeriodSchema>;

export const ReportSchema = Type.Object(
  { name: TextSchema, period: StringEnum(['calendarMonth', 'week'] as const), clauses: ClausesSchema },
  closed,
);

/**
 * The event hub (T-1.2.4, T-2.5): a subscription whose every delivery attempt has failed for `disableAfterFailing`
 * (counted from its first failure after the last success) is disabled and its owner told.
 */
export const EventsPolicySchema = Type.Object({ disableAfterFailing: CalendarDurationSchema, clauses: ClausesSchema }, closed);
export type EventsPolicy = Static<typeof EventsPolicySchema>;

/**
 * Polling detection (T-1.2.4): a vendor polls when it reads the same resource of a read route at least `minRepeats`
 * times in a row, each read within `maxIntervalSeconds` of the one before, and at least `unchangedShare` of those
 * reads got an unchanged answer (304, or the same ETag or body digest). A finding escalates through `steps` while
 * the polling goes on — each step `after` the time spent at the step before — and is resolved after `quietPeriod`
 * without polling. The throttle step limits the route to `rate` for the vendor.
 */
export const POLLING_ACTIONS = ['report', 'warn', 'throttle', 'proposeSuspension'] as const;
export const PollingPolicySchema = Type.Object(
  {
    minRepeats: Type.Integer({ minimum: 2 }),
    maxIntervalSeconds: Type.Integer({ minimum: 1, maximum: 86_400 }),
    unchangedShare: Type.Number({ minimum: 0, maximum: 1 }),
    quietPeriod: CalendarDurationSchema,
    steps: Type.Array(
      Type.Object(
        {
          action: StringEnum(POLLING_ACTIONS),
          /** Time at the previous step, polling still seen, before this step applies (none for the first). */
          after: Type.Optional(CalendarDurationSchema),
          /** For `throttle`: the rate the vendor gets on the polled route. */
          rate: Type.Optional(RateLimitSchema),
        },
        closed,
      ),
      { minItems: 1, maxItems: 4 },
    ),
    clauses: ClausesSchema,
  },
  closed,
);
export type PollingPolicy = Static<typeof PollingPolicySchema>;

/**
 * Passive availability (S-2.3.1 "measured from usage"): per product, the gateway's production calls in a sliding
 * window of `windowSeconds`; with at least `minCalls` calls, the share answered 5xx or timed out / unreachable picks
 * the highest `levels` entry reached, and that state is signalled (source "gateway") on the components whose
 * `product` is the product. The signal ends after `clearAfterSeconds` without a level being reached.
 */
export const PassiveAvailabilitySchema = Type.Object(
  {
    windowSeconds: Type.Integer({ minimum: 10, maximum: 3600 }),
    minCalls: Type.Integer({ minimum: 1 }),
    levels: Type.Array(
      Type.Object({ errorShare: Type.Number({ exclusiveMinimum: 0, maximum: 1 }), state: StringEnum(['degraded_performance', 'partial_outage', 'major_outage'] as const) }, closed),
      { minItems: 1, maxItems: 3 },
    ),
    clearAfterSeconds: Type.Integer({ minimum: 0, maximum: 86_400 }),
    clauses: ClausesSchema,
  },
  closed,
);
export type PassiveAvailabilityPolicy = Static<typeof PassiveAvailabilitySchema>;

/**
 * Deprecated APIs (T-1.2.6, T-3.1.2): the gateway answers calls to APIs of a breaking-change notice with Deprecation
 * and Sunset headers; with `refuseAfterSunset` it refuses them with 410 Gone once the sunset has passed.
 */
export const DeprecationPolicySchema = Type.Object({ refuseAfterSunset: Type.Boolean(), clauses: ClausesSchema }, closed);
export type DeprecationPolicy = Static<typeof DeprecationPolicySchema>;

// ---------------------------------------------------------------------------------------------------------------
// The policy
// ---------------------------------------------------------------------------------------------------------------

/** A map with keys matching `key`'s pattern; other keys are errors. */
const mapOf = <T extends TSchema>(item: T, key: TString = IdentifierSchema) =>
  Type.Record(key, item, { additionalProperties: false, keyExpected: key.expected as string });

export const PolicySchema = Type.Object(
  {
    version: NonEmpty,
    name: TextSchema,
    description: Type.Optional(TextSchema),
    effectiveFrom: IsoDateSchema,
    calendars: mapOf(CalendarSpecSchema),
    incidentCategories: mapOf(IncidentCategorySchema, CategoryKey),
    /** When incident clocks start after a re-classification (default `reported`). */
    incidentClocks: Type.Optional(IncidentClocksSchema),
    componentClasses: mapOf(ComponentClassSchema),
    noticeClasses: mapOf(NoticeClassSchema),
    supportChannels: mapOf(SupportChannelSchema),
    changeRequests: ChangeRequestsSchema,
    escalationLadder: EscalationLadderSchema,
    obligations: ObligationsSchema,
    criticalPeriods: Type.Array(CriticalPeriodSchema),
    /** Groups of components on the status page, in display order. */
    componentGroups: Type.Optional(mapOf(ComponentGroupSchema)),
    statusPage: Type.Optional(StatusPagePolicySchema),
    products: Type.Optional(mapOf(ProductSchema)),
    /** Gate 6 of the gateway: product rules that flag or refuse calls to a route (T-2.2). */
    productRules: Type.Optional(Type.Array(ProductRuleSchema)),
    reports: Type.Optional(mapOf(ReportSchema)),
    /** The event hub's rules (default: disable after 5 calendar days of failures). */
    events: Type.Optional(EventsPolicySchema),
    /** Polling detection in the gateway and its escalation (T-1.2.4). */
    polling: Type.Optional(PollingPolicySchema),
    /** Passive availability from the gateway's traffic (S-2.3.1). */
    passiveAvailability: Type.Optional(PassiveAvailabilitySchema),
    /** Deprecated APIs in the gateway: refuse after the sunset or not (T-1.2.6, T-3.1.2). */
    deprecation: Type.Optional(DeprecationPolicySchema),
  },
  closed,
);
export type Policy = Static<typeof PolicySchema>;

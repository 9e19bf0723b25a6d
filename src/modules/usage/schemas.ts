/** The usage API's shapes (TypeBox): call efficiency per route and polling findings (T-1.2.4). */
import { Type } from '@sinclair/typebox';

export const Uuid = Type.String({ format: 'uuid' });
export const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a UTC day, YYYY-MM-DD' });
export const Env = Type.Union([Type.Literal('test'), Type.Literal('production')]);

export const UsageRow = Type.Object({
  vendorOrgId: Type.String(),
  vendorName: Type.String(),
  env: Type.String(),
  product: Type.String(),
  route: Type.String(),
  calls: Type.Integer(),
  unchanged: Type.Integer(),
  polling: Type.Integer(),
  rateLimited: Type.Integer(),
  refused: Type.Integer(),
  unchangedShare: Type.Number(),
});
export const Summary = Type.Object({
  from: Type.String(),
  to: Type.String(),
  totals: Type.Object({ calls: Type.Integer(), unchanged: Type.Integer(), polling: Type.Integer(), unchangedShare: Type.Number() }),
  days: Type.Array(Type.Object({ day: Type.String(), calls: Type.Integer(), unchanged: Type.Integer(), polling: Type.Integer() })),
  items: Type.Array(UsageRow),
});
export const Finding = Type.Object({
  id: Type.String(),
  vendorOrgId: Type.String(),
  vendorName: Type.String(),
  env: Type.String(),
  product: Type.String(),
  route: Type.String(),
  eventTypes: Type.Array(Type.String()),
  samplePath: Type.String(),
  resources: Type.Integer(),
  reads: Type.Integer(),
  unchanged: Type.Integer(),
  unchangedShare: Type.Number(),
  intervalSeconds: Type.Number(),
  level: Type.Integer(),
  action: Type.String(),
  levelSince: Type.String(),
  firstSeenAt: Type.String(),
  lastSeenAt: Type.String(),
  status: Type.String(),
  resolvedAt: Type.Union([Type.String(), Type.Null()]),
  throttle: Type.Union([Type.String(), Type.Null()]),
  decisionNote: Type.Union([Type.String(), Type.Null()]),
  nextStepAt: Type.Union([Type.String(), Type.Null()]),
});

export const FindingStatus = Type.Union([Type.Literal('open'), Type.Literal('resolved'), Type.Literal('dismissed')]);
export const Decision = Type.Object({ decision: Type.Union([Type.Literal('dismiss'), Type.Literal('resolve')]), note: Type.String({ minLength: 3, maxLength: 2000 }) }, { additionalProperties: false });

/** TypeBox request and response schemas of notification preferences and unsubscribe links (validation, types, OpenAPI). */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { CHANNELS, DIGESTS, TYPE_FILTER_PATTERN } from '../../platform/notify/registry.ts';

const lit = <const T extends readonly string[]>(xs: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...xs] });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Text = Type.Object({ nb: Type.String(), en: Type.String() });
const Uuid = Type.String({ format: 'uuid' });

export const Channel = lit(CHANNELS);
export const Digest = lit(DIGESTS);
export const TypeFilter = Type.String({
  minLength: 1,
  maxLength: 200,
  pattern: TYPE_FILTER_PATTERN,
  description: 'An event type ("no.samsvar.incident.created"), a prefix ending in ".*" ("no.samsvar.incident.*"), or "*" for every type',
});

export const NotificationType = Type.Object({
  type: Type.String({ description: 'Event type, e.g. "no.samsvar.incident.created"' }),
  title: Text,
  description: Text,
  audience: Type.Object({ nb: Type.String(), en: Type.String() }, { description: 'Who is told by default, in words' }),
  defaults: Type.Object({ channel: Channel, digest: Digest }),
});
export const TypeList = Type.Object({ items: Type.Array(NotificationType) });

export const Preference = Type.Object({
  typeFilter: TypeFilter,
  orgId: Nullable(Uuid),
  channel: Channel,
  digest: Digest,
});
export type Preference = Static<typeof Preference>;

export const Effective = Type.Object({
  type: Type.String(),
  email: Nullable(Digest),
  inbox: Type.Boolean(),
  source: lit(['preference', 'default', 'none'] as const),
  typeFilter: Nullable(Type.String()),
  orgId: Nullable(Uuid),
});
export type Effective = Static<typeof Effective>;

export const PreferencesView = Type.Object({
  items: Type.Array(Preference, { description: 'The caller’s rules' }),
  effective: Type.Array(Effective, { description: 'What the caller gets per type (for events of no particular organisation; the default applies when the type is meant for them)' }),
});
export type PreferencesView = Static<typeof PreferencesView>;

export const PreferenceInput = Type.Object(
  {
    typeFilter: TypeFilter,
    orgId: Type.Optional(Nullable(Uuid)),
    channel: Channel,
    digest: Type.Optional(Digest),
  },
  { additionalProperties: false },
);
export const PreferencesBody = Type.Object({ items: Type.Array(PreferenceInput, { maxItems: 200 }) }, { additionalProperties: false });
export type PreferencesBody = Static<typeof PreferencesBody>;

const Token = Type.String({ minLength: 20, maxLength: 2000, description: 'The token of the unsubscribe link' });
export const UnsubscribeQuery = Type.Object({ token: Token });
export const UnsubscribeBody = Type.Object({ token: Token }, { additionalProperties: false });

export const UnsubscribeView = Type.Object({
  /** The address the link was sent to, partly hidden. */
  email: Type.String(),
  typeFilter: Type.String(),
  channel: Channel,
  /** The registered types the link covers. */
  types: Type.Array(Type.Object({ type: Type.String(), title: Text })),
  /** False once the channel is off for every type the link covers. */
  subscribed: Type.Boolean(),
});
export type UnsubscribeView = Static<typeof UnsubscribeView>;

import { Type } from '@sinclair/typebox';

/** RFC 9457 problem details, as every error of the API is answered. */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'Stable URI of the kind of problem, urn:samsvar:problem:<slug>' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { additionalProperties: true, $id: undefined },
);

export const Instant = Type.String({ description: 'ISO 8601 instant with offset, e.g. 2026-04-08T10:00:00+02:00' });

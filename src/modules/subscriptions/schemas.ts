/** TypeBox schemas of status subscriptions' JSON API. */
import { Type, type Static } from '@sinclair/typebox';

const LANG_VALUES = ['nb', 'en'] as const;

export const SubscribeBody = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254, description: 'The address to subscribe; it gets a confirmation mail (double opt-in).' }),
    components: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 80 }), {
        maxItems: 200,
        description: 'Component ids of the policy (as on the status page); empty or absent = every component.',
      }),
    ),
    lang: Type.Optional(Type.Unsafe<(typeof LANG_VALUES)[number]>({ type: 'string', enum: [...LANG_VALUES], description: 'Language of the mails: nb (default) or en.' })),
  },
  { additionalProperties: false },
);
export type SubscribeBody = Static<typeof SubscribeBody>;

export const SubscribeAccepted = Type.Object({
  status: Type.Literal('accepted'),
  detail: Type.String(),
});

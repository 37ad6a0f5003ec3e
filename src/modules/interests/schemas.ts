// The expression of interest as a client sends it: POST /api/series/:id/interests and the
// interest form (read into this shape) are checked against the same schema.
import Type, { type Static } from 'typebox';
import { CountryCode, FreeText, Language, Name, nullable, ShortText, TimeZone } from '../schemas.js';
import { interestRoles } from './repository.js';

const RoleList = (options: { minItems?: number } = {}) =>
  Type.Array(Type.Enum([...interestRoles]), { uniqueItems: true, maxItems: 4, ...options });

/** At most this many ranked sessions, in either form. */
const MAX_RANKED = 50;

export const InterestBody = Type.Object(
  {
    name: Type.Optional(nullable(Name)),
    country: CountryCode,
    organisation: Type.Optional(nullable(ShortText)),
    language: Type.Optional(Language),
    timezone: Type.Optional(TimeZone),
    roles: Type.Optional(RoleList()),
    sessions: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
        maxItems: MAX_RANKED,
        description: 'Session ids, ranked: first = most wanted',
      }),
    ),
    choices: Type.Optional(
      Type.Array(
        Type.Object(
          { sessionId: Type.String({ minLength: 1, maxLength: 64 }), roles: RoleList({ minItems: 1 }) },
          { additionalProperties: false },
        ),
        {
          maxItems: MAX_RANKED,
          description:
            'Sessions with the roles wanted in each, ranked: first = most wanted. Instead of roles with sessions.',
        },
      ),
    ),
    workstreams: Type.Optional(
      Type.Array(
        Type.Object(
          { id: Type.String({ minLength: 1, maxLength: 64 }), asConvener: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        { maxItems: 20 },
      ),
    ),
    motivation: Type.Optional(nullable(FreeText)),
  },
  { additionalProperties: false },
);

export type InterestBody = Static<typeof InterestBody>;

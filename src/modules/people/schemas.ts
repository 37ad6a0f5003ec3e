// A person's own profile as they change it: PATCH /api/me and the profile form on /me.
import Type, { type Static } from 'typebox';
import { CountryCode, Language, Name, nullable, ShortText, TimeZone } from '../schemas.js';

export const MePatch = Type.Object(
  {
    name: Type.Optional(nullable(Name)),
    country: Type.Optional(nullable(CountryCode)),
    organisation: Type.Optional(nullable(ShortText)),
    language: Type.Optional(nullable(Language)),
    timezone: Type.Optional(nullable(TimeZone)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type MePatch = Static<typeof MePatch>;

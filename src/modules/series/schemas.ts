// A series as clients send it: created by an admin, changed by its chairs on the API or the
// settings page. How the API shows it is `SeriesView` (repository.ts).
import Type, { type Static } from 'typebox';
import { DeadlineInput, Email, FreeText, Name, nullable, TimeZone, Title } from '../schemas.js';

const ChairsInput = Type.Array(
  Type.Object({ email: Email, name: Type.Optional(Name) }, { additionalProperties: false }),
  { minItems: 1, maxItems: 20 },
);

export const SeriesCreate = Type.Object(
  {
    title: Title,
    description: Type.Optional(nullable(FreeText)),
    timezone: TimeZone,
    interestDeadline: Type.Optional(nullable(DeadlineInput)),
    chairs: ChairsInput,
  },
  { additionalProperties: false },
);

export const SeriesPatch = Type.Object(
  {
    title: Type.Optional(Title),
    description: Type.Optional(nullable(FreeText)),
    timezone: Type.Optional(TimeZone),
    interestDeadline: Type.Optional(nullable(DeadlineInput)),
    chairs: Type.Optional(ChairsInput),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type SeriesCreate = Static<typeof SeriesCreate>;
export type SeriesPatch = Static<typeof SeriesPatch>;

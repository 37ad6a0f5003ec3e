// A series as clients send it (created by an admin, changed by its chairs on the API or the
// settings page) and as the API shows it (also after planning a synthesis).
import Type, { type Static } from 'typebox';
import { DeadlineInput, Email, FreeText, Instant, Name, nullable, TimeZone, Title } from '../schemas.js';
import { SessionView } from '../sessions/view.js';

export const SeriesViewSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: nullable(Type.String()),
  timezone: Type.String(),
  interestDeadline: nullable(Instant),
  chairs: Type.Array(Type.Object({ name: Type.String(), email: Type.Optional(Type.String()) })),
  sessions: Type.Array(SessionView),
  synthesis: nullable(
    Type.Object(
      {
        title: nullable(Type.String()),
        status: Type.String(),
        url: nullable(Type.String()),
        dueAt: nullable(Instant),
        authors: Type.Array(Type.Object({ name: Type.String(), email: Type.Optional(Type.String()) })),
        sessions: Type.Array(Type.Object({ id: Type.String(), title: Type.String() })),
      },
      { description: "The series' synthesis paper, once planned" },
    ),
  ),
  workstreams: Type.Array(
    Type.Object({
      id: Type.String(),
      title: Type.String(),
      description: nullable(Type.String()),
      convener: nullable(Type.Object({ name: Type.String() })),
    }),
  ),
  createdAt: Instant,
  updatedAt: nullable(Instant),
});

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

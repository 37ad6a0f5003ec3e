// The bodies of the session routes that the pages also take, read from a form into this shape.
import Type, { type Static } from 'typebox';
import { weekdays, weeks } from '../../domain/planner.js';
import { DateTimeInput, Duration, FreeText, nullable, Title, Url } from '../schemas.js';

export const SessionPatch = Type.Object(
  {
    title: Type.Optional(Title),
    description: Type.Optional(nullable(FreeText)),
    startsAt: Type.Optional(nullable(DateTimeInput)),
    durationMinutes: Type.Optional(Duration),
    meetingUrl: Type.Optional(nullable(Url)),
    alternate: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type SessionPatch = Static<typeof SessionPatch>;

export const SessionCreate = Type.Object(
  {
    title: Title,
    description: Type.Optional(nullable(FreeText)),
    startsAt: Type.Optional(nullable(DateTimeInput)),
    durationMinutes: Type.Optional(Duration),
    meetingUrl: Type.Optional(nullable(Url)),
    alternate: Type.Optional(Type.Boolean({ description: 'A reserve topic; it may have no date yet' })),
  },
  { additionalProperties: false },
);

export const PlanBody = Type.Object(
  {
    firstMonth: Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'YYYY-MM' }),
    everyMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
    count: Type.Integer({ minimum: 1, maximum: 24 }),
    week: Type.Enum([...weeks]),
    weekday: Type.Enum([...weekdays]),
    time: Type.String({ pattern: '^\\d{1,2}:\\d{2}$', description: "HH:MM in the series' zone" }),
    durationMinutes: Type.Optional(Duration),
    titles: Type.Optional(Type.Array(Title, { maxItems: 24 })),
  },
  { additionalProperties: false },
);
export type SessionCreate = Static<typeof SessionCreate>;
export type PlanBody = Static<typeof PlanBody>;

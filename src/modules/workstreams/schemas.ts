// Workstreams as clients send them (the API and the chairs' pages alike).
import Type, { type Static } from 'typebox';
import { REPEAT_LIMITS } from '../../domain/recurrence.js';
import { repeatUnits } from '../../domain/vocabulary.js';
import { DateTimeInput, Duration, Email, FreeText, Name, nullable, Title, Url } from '../schemas.js';

export const WorkstreamCreate = Type.Object(
  { title: Title, description: Type.Optional(nullable(FreeText)) },
  { additionalProperties: false },
);
export type WorkstreamCreate = Static<typeof WorkstreamCreate>;

export const ConvenerBody = Type.Object(
  {
    email: Email,
    name: Type.Optional(Name),
    supportingChair: Type.Object({ email: Email }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type ConvenerBody = Static<typeof ConvenerBody>;

export const MeetingBody = Type.Object(
  {
    title: Title,
    description: Type.Optional(nullable(FreeText)),
    startsAt: DateTimeInput,
    durationMinutes: Type.Optional(Duration),
    meetingUrl: Type.Optional(nullable(Url)),
    linkedSessionId: Type.Optional(nullable(Type.String({ maxLength: 64 }))),
    repeat: Type.Optional(
      Type.Object(
        {
          every: Type.Integer({ minimum: REPEAT_LIMITS.every.min, maximum: REPEAT_LIMITS.every.max }),
          unit: Type.Enum([...repeatUnits]),
          count: Type.Integer({ minimum: REPEAT_LIMITS.count.min, maximum: REPEAT_LIMITS.count.max }),
        },
        { additionalProperties: false, description: 'A run of meetings: every N weeks or months, count in all' },
      ),
    ),
  },
  { additionalProperties: false },
);

export const MeetingPatch = Type.Object(
  {
    title: Type.Optional(Title),
    description: Type.Optional(nullable(FreeText)),
    startsAt: Type.Optional(DateTimeInput),
    durationMinutes: Type.Optional(Duration),
    meetingUrl: Type.Optional(nullable(Url)),
    linkedSessionId: Type.Optional(nullable(Type.String({ maxLength: 64 }))),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type MeetingBody = Static<typeof MeetingBody>;
export type MeetingPatch = Static<typeof MeetingPatch>;

/** One meeting of a repeating run: the meeting's id and the place in the run, from 1. */
export const OccurrenceParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  place: Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: 'The place of the meeting in the run, from 1' }),
});
export type OccurrenceParams = Static<typeof OccurrenceParams>;

export const OccurrenceMove = Type.Object({ startsAt: DateTimeInput }, { additionalProperties: false });
export type OccurrenceMove = Static<typeof OccurrenceMove>;

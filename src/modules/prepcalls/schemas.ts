// The bodies of the preparatory-call routes, shared with the pages that read a form into them.
import Type, { type Static } from 'typebox';
import { DateTimeInput, Duration, nullable, Url } from '../schemas.js';

export const PrepCallBody = Type.Object(
  {
    startsAt: DateTimeInput,
    durationMinutes: Type.Optional(Duration),
    meetingUrl: Type.Optional(nullable(Url)),
  },
  { additionalProperties: false },
);

export const PrepCallPatch = Type.Object(
  {
    startsAt: Type.Optional(DateTimeInput),
    durationMinutes: Type.Optional(Duration),
    meetingUrl: Type.Optional(nullable(Url)),
  },
  { additionalProperties: false, minProperties: 1 },
);

export type PrepCallBody = Static<typeof PrepCallBody>;
export type PrepCallPatch = Static<typeof PrepCallPatch>;

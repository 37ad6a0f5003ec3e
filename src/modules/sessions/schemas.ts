// The bodies of the session routes that the pages also take, read from a form into this shape.
import Type, { type Static } from 'typebox';
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

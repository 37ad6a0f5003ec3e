// Workstreams as clients send them (the API and the chairs' pages alike).
import Type, { type Static } from 'typebox';
import { Email, FreeText, Name, nullable, Title } from '../schemas.js';

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

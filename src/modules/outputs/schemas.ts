// The bodies of the output routes, shared with the pages that read a form into the same shape.
import Type, { type Static } from 'typebox';
import { agendaLeads, blogStatuses } from '../../domain/vocabulary.js';
import { Email, FreeText, Name, nullable, Title, Url } from '../schemas.js';

export const AgendaBody = Type.Object(
  {
    segments: Type.Array(
      Type.Object(
        {
          title: Title,
          starts: Type.String({ maxLength: 10, description: 'HH:MM in the series\' zone ("8:30" is 08:30)' }),
          ends: Type.String({ maxLength: 10 }),
          lead: Type.Optional(nullable(Type.Enum([...agendaLeads]))),
        },
        { additionalProperties: false },
      ),
      { maxItems: 40 },
    ),
  },
  { additionalProperties: false },
);

export const BlogBody = Type.Object(
  {
    title: Type.Optional(nullable(Title)),
    status: Type.Enum([...blogStatuses]),
    url: Type.Optional(nullable(Url)),
    dueAt: Type.Optional(nullable(Type.String({ minLength: 10, maxLength: 40 }))),
  },
  { additionalProperties: false },
);

export const QuestionBody = Type.Object({ question: nullable(FreeText) }, { additionalProperties: false });

export const SynthesisBody = Type.Object(
  {
    title: Type.Optional(nullable(Title)),
    status: Type.Enum([...blogStatuses]),
    url: Type.Optional(nullable(Url)),
    dueAt: Type.Optional(nullable(Type.String({ minLength: 10, maxLength: 40 }))),
    authors: Type.Optional(
      Type.Array(Type.Object({ email: Email, name: Type.Optional(Name) }, { additionalProperties: false }), {
        maxItems: 30,
      }),
    ),
    sessionIds: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 })),
  },
  { additionalProperties: false },
);

export type BlogBody = Static<typeof BlogBody>;
export type SynthesisBody = Static<typeof SynthesisBody>;

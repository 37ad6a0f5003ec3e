// A series as the API shows it: the series routes answer with it, and so does planning a synthesis.
import Type from 'typebox';
import { Instant, nullable } from '../schemas.js';
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

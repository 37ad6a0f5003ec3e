// What the API answers for an interest; the repository builds it, typed by this schema.
import Type, { type Static } from 'typebox';
import { interestRoles } from '../../domain/vocabulary.js';
import { Instant, nullable } from '../schemas.js';

const InterestRoleSchema = Type.Enum([...interestRoles]);

export const InterestView = Type.Object({
  id: Type.String(),
  seriesId: Type.String(),
  person: Type.Object({ name: Type.String(), email: Type.Optional(Type.String()) }),
  country: Type.String(),
  countryName: Type.String(),
  organisation: nullable(Type.String()),
  language: Type.String(),
  timezone: nullable(Type.String()),
  /** The union of the choices' roles, in the fixed role order. */
  roles: Type.Array(InterestRoleSchema),
  /** The choices' sessions, ranked. */
  sessions: Type.Array(Type.String()),
  /** Ranked: each session with the roles wanted in it. */
  choices: Type.Array(Type.Object({ sessionId: Type.String(), roles: Type.Array(InterestRoleSchema) })),
  workstreams: Type.Array(Type.Object({ id: Type.String(), asConvener: Type.Boolean() })),
  motivation: nullable(Type.String()),
  createdAt: Instant,
  updatedAt: Instant,
});
export type InterestView = Static<typeof InterestView>;

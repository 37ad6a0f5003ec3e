// The line-up's body: PUT /api/sessions/:id/roles and the session page's role form both read it.
import Type, { type Static } from 'typebox';
import { CountryCode, Email, Name, nullable } from '../schemas.js';

const PersonRef = Type.Object({ email: Email, name: Type.Optional(Name) }, { additionalProperties: false });
const CountryRole = Type.Object(
  { country: CountryCode, people: Type.Optional(Type.Array(PersonRef, { maxItems: 10 })) },
  { additionalProperties: false },
);

export const LineupBody = Type.Object(
  {
    chair: Type.Optional(
      nullable(
        Type.Object(
          { email: Email, name: Type.Optional(Name), country: Type.Optional(CountryCode) },
          { additionalProperties: false },
        ),
      ),
    ),
    supportingChair: Type.Optional(nullable(PersonRef)),
    focal: Type.Optional(nullable(CountryRole)),
    discussant: Type.Optional(nullable(CountryRole)),
    // More than three is a 409 (too_many_co_bloggers), not a schema failure; the bound only stops abuse.
    coBloggers: Type.Optional(nullable(Type.Array(PersonRef, { maxItems: 50 }))),
  },
  { additionalProperties: false, description: 'The whole line-up; a missing or null member is to be decided.' },
);
export type LineupBody = Static<typeof LineupBody>;

export const Warning = Type.Object({ code: Type.String(), message: Type.String() });

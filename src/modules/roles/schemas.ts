// The shapes of a line-up as the API takes and gives it: PUT /roles' body, its warnings, and
// the suggested line-up (whose roles can be sent back as they are).
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

/** The parameters of a rule's sentence: country and role codes, names, titles, counts. */
export const IssueParams = Type.Record(
  Type.String(),
  Type.Union([Type.String(), Type.Number(), Type.Array(Type.String())]),
);

export const Warning = Type.Object({ code: Type.String(), message: Type.String(), params: IssueParams });

const SuggestedRoles = Type.Object({ sessionId: Type.String(), title: Type.String(), roles: LineupBody });

const Obstacle = Type.Object({ code: Type.String(), params: IssueParams });

/**
 * Why a place stays open or a person has none: the English sentence, and its code and parameters
 * (session titles, country codes, people's names, counts) for a reader to word in their own
 * language; where several things stand in the way, each is one of the obstacles.
 */
const Reason = {
  reason: Type.String({ description: 'The reason in English, as a sentence.' }),
  code: Type.String(),
  params: IssueParams,
  obstacles: Type.Optional(Type.Array(Obstacle, { description: 'Present when several things stand in the way.' })),
};

export const SuggestionView = Type.Object({
  sessions: Type.Array(SuggestedRoles),
  unplaced: Type.Array(Type.Object({ name: Type.String(), email: Type.String(), ...Reason })),
  openPlaces: Type.Array(Type.Object({ sessionId: Type.String(), role: Type.String(), ...Reason })),
});
export type SuggestionView = Static<typeof SuggestionView>;

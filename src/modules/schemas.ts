// Schema pieces shared by routes. Each route has one schema; validation, TypeScript types and
// the OpenAPI document are all derived from it.
import Type, { type Static } from 'typebox';
import { languages } from '../domain/vocabulary.js';
import { Instant, nullable } from '../lib/schema-parts.js';

export { Instant, languages, nullable };

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

const ErrorBody = Type.Object(
  {
    error: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
  },
  { description: 'Every error: a code and a sentence a person can act on.' },
);

/** The error answers every guarded route can give, for the OpenAPI page. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
};

// Text (src/domain/text.ts): every string is valid Unicode; a single line holds no control
// character; free text may hold newlines and tabs; a title or a name holds more than spaces.
// Strings of request bodies and queries without a kind are read as one line.
export const Email = Type.String({ minLength: 3, maxLength: 254, description: 'An email address', 'x-text': 'line' });
export const Title = Type.String({ minLength: 1, maxLength: 200, 'x-text': 'label' });
/** A person's name: when given, more than spaces. */
export const Name = Type.String({ maxLength: 200, 'x-text': 'label' });
export const FreeText = Type.String({ maxLength: 4000, 'x-text': 'multiline' });
export const ShortText = Type.String({ maxLength: 200, 'x-text': 'line' });
export const Url = Type.String({ maxLength: 2000, description: 'An http(s) URL', 'x-text': 'line' });
export const CountryCode = Type.String({
  minLength: 2,
  maxLength: 2,
  description: 'ISO 3166-1 alpha-2, e.g. "AR"',
});
export const TimeZone = Type.String({ minLength: 1, maxLength: 64, description: 'IANA name, e.g. "Africa/Kigali"' });
export const DateTimeInput = Type.String({
  minLength: 10,
  maxLength: 40,
  description: "ISO 8601 with an offset, or a local date-time read in the series' zone",
});
export const DeadlineInput = Type.String({
  minLength: 10,
  maxLength: 40,
  description: "A date (the end of that day in the series' zone) or a date-time",
});
export const Duration = Type.Integer({ minimum: 15, maximum: 720, description: 'Minutes' });
export const Language = Type.Enum([...languages]);
export type Language = Static<typeof Language>;

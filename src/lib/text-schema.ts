// The text rule (src/domain/text.ts) as a JSON Schema keyword, `"x-text": "line" | "multiline" |
// "label"`, checked by the same validator as every other keyword so that its 400 names the
// field like any schema error. The schema pieces say which kind each field is; any other string
// a request body or query carries is read as one line, so that no route can forget the rule.
// `"x-text": false` leaves a string to its handler (a CSV, whose cells are checked one by one).
import type { DataValidateFunction, FuncKeywordDefinition } from 'ajv/dist/types/index.js';
import { type TextKind, textKinds, textProblem } from '../domain/text.js';

const TEXT_KEYWORD = 'x-text';

/** The part of Ajv this keyword needs. */
interface KeywordHost {
  addKeyword(definition: FuncKeywordDefinition): unknown;
}

/** Teaches a validator the `x-text` keyword. */
export function addTextKeyword(ajv: KeywordHost): void {
  ajv.addKeyword({
    keyword: TEXT_KEYWORD,
    type: 'string',
    schemaType: ['string', 'boolean'],
    metaSchema: { enum: [...textKinds, false] },
    errors: true,
    compile(kind: TextKind | false) {
      const check: DataValidateFunction = (data: unknown) => {
        const problem = kind !== false && typeof data === 'string' ? textProblem(data, kind) : null;
        // Ajv fills in where the error is (instancePath, schemaPath) when they are left out.
        const error = { keyword: TEXT_KEYWORD, message: problem, params: { kind: kind as TextKind } };
        check.errors = problem === null ? [] : [error as NonNullable<DataValidateFunction['errors']>[number]];
        return problem === null;
      };
      return check;
    },
  });
}

// Where a JSON Schema holds further schemas: one, a list of them, or a map of them.
const oneSchema = ['additionalProperties', 'items', 'not', 'if', 'then', 'else', 'contains', 'unevaluatedItems'];
const listOfSchemas = ['anyOf', 'oneOf', 'allOf', 'prefixItems', 'items'];
const mapOfSchemas = ['properties', 'patternProperties', '$defs', 'definitions'];

type Schema = Record<string, unknown>;
const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const acceptsStrings = (schema: Schema) =>
  schema.type === 'string' || (Array.isArray(schema.type) && schema.type.includes('string'));

/**
 * A copy of a schema in which every string without a text kind is one line. The original is
 * left as it is (the schema pieces are shared with the responses and the OpenAPI document).
 */
export function withTextRule<T>(schema: T): T {
  if (!isSchema(schema)) return schema;
  const copy: Schema = { ...schema };
  if (acceptsStrings(copy) && copy[TEXT_KEYWORD] === undefined) copy[TEXT_KEYWORD] = 'line';
  for (const key of oneSchema) if (isSchema(copy[key])) copy[key] = withTextRule(copy[key]);
  for (const key of listOfSchemas) {
    const list = copy[key];
    if (Array.isArray(list)) copy[key] = list.map((item) => withTextRule(item));
  }
  for (const key of mapOfSchemas) {
    const map = copy[key];
    if (isSchema(map)) copy[key] = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, withTextRule(v)]));
  }
  return copy as T;
}

// Fastify compiles every route's validators (Ajv) and response serializers
// (fast-json-stringify) while the app gets ready: about a third of a second for this app's
// routes, paid on every start before the first request can be answered. These compilers
// build each function on its first use instead, with Fastify's own compilers and options, so
// a route costs nothing until it is called and validates exactly as before.
//
// The validators also know the text rule (./text-schema.ts): every string in a body or a query
// is checked as text of its kind.
import AjvCompiler from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';
import type { Static, TSchema } from 'typebox';
import { addTextKeyword, withTextRule } from './text-schema.js';

/**
 * How every route validates (app.ts): Fastify's default Ajv coerces "123" into 123 and strips
 * unknown fields; a person who typed a wrong type or misspelled a field must hear about it instead.
 */
export const routeAjvOptions = { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } };

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

interface Validator {
  (data: unknown): unknown;
  errors?: unknown;
}

function lazyValidator(compile: () => Validator): Validator {
  let compiled: Validator | undefined;
  const validate: Validator = (data) => {
    compiled ??= compile();
    const result = compiled(data);
    validate.errors = compiled.errors;
    return result;
  };
  return validate;
}

function lazySerializer(compile: () => (data: unknown) => string): (data: unknown) => string {
  let compiled: ((data: unknown) => string) | undefined;
  return (data) => {
    compiled ??= compile();
    return compiled(data);
  };
}

type CompilerOptions = NonNullable<Parameters<ReturnType<typeof AjvCompiler>>[1]>;

interface RouteSchema {
  schema: unknown;
  httpPart?: string;
}

/** The parts of a request whose strings are text a person wrote (ids in the path are not). */
const textParts = new Set(['body', 'querystring']);

// One pool per process, shared by every app built in it: the same options give the same Ajv
// instance, which keeps what it compiled (by schema object), so a second app (tests build
// hundreds) does not compile a route's validator again.
const validators = AjvCompiler();
const serializers = SerializerSelector();
/** Serializers already built, by the factory's options and then by the response schema object. */
const builtSerializers = new Map<string, WeakMap<object, (data: unknown) => string>>();
/** The text rule applied once per schema object, so Ajv sees the same object again. */
const withTextRuleOnce = new WeakMap<object, unknown>();

function textRuled(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null) return withTextRule(schema);
  let ruled = withTextRuleOnce.get(schema);
  if (ruled === undefined) {
    ruled = withTextRule(schema);
    withTextRuleOnce.set(schema, ruled);
  }
  return ruled;
}

/** Fastify's `schemaController.compilersFactory`, compiling on first use. */
export function lazyCompilersFactory(): CompilersFactory {
  return {
    buildValidator: ((externalSchemas: Parameters<typeof validators>[0], options: CompilerOptions = {}) => {
      const compiler = validators(externalSchemas, {
        ...options,
        onCreate: (ajv) => {
          options.onCreate?.(ajv);
          addTextKeyword(ajv);
        },
      }) as unknown as (route: RouteSchema) => Validator;
      return (route: RouteSchema) =>
        lazyValidator(() =>
          compiler(textParts.has(route.httpPart ?? '') ? { ...route, schema: textRuled(route.schema) } : route),
        );
    }) as unknown as CompilersFactory['buildValidator'],
    buildSerializer: ((...factoryArgs: Parameters<typeof serializers>) => {
      const compiler = serializers(...factoryArgs);
      const optionsKey = JSON.stringify(factoryArgs);
      let built = builtSerializers.get(optionsKey);
      if (!built) {
        built = new WeakMap();
        builtSerializers.set(optionsKey, built);
      }
      const cache = built;
      return (route: Parameters<typeof compiler>[0]) =>
        lazySerializer(() => {
          const schema = route.schema as object;
          let serialize = cache.get(schema);
          if (!serialize) {
            serialize = compiler(route);
            cache.set(schema, serialize);
          }
          return serialize;
        });
    }) as CompilersFactory['buildSerializer'],
  };
}

/** One thing a body schema refused: where (`['coBloggers', '0', 'email']`), by which rule, and its bound. */
export interface SchemaProblem {
  path: string[];
  keyword: string;
  limit?: number;
}

interface AjvError {
  instancePath: string;
  keyword: string;
  params?: { limit?: number; missingProperty?: string };
}

/**
 * A route's body schema as a check outside the route (a page reads its form into the API's
 * body and holds it to the same rules, text rule included), compiled on first use. Every
 * problem is listed, so a page can mark each field at once.
 */
export function bodyCheck<T extends TSchema>(schema: T) {
  const buildValidator = lazyCompilersFactory().buildValidator as unknown as (
    externalSchemas: object,
    options: CompilerOptions,
  ) => (route: RouteSchema & { method: string; url: string }) => Validator;
  const build = buildValidator({}, { customOptions: { ...routeAjvOptions.customOptions, allErrors: true } });
  const validate = build({ schema, httpPart: 'body', method: 'POST', url: '' });
  return (data: unknown): { ok: true; value: Static<T> } | { ok: false; problems: SchemaProblem[] } => {
    if (validate(data)) return { ok: true, value: data as Static<T> };
    const errors = (validate.errors ?? []) as AjvError[];
    return {
      ok: false,
      problems: errors.map((e) => {
        const path = e.instancePath.split('/').slice(1);
        if (e.params?.missingProperty) path.push(e.params.missingProperty);
        return { path, keyword: e.keyword, ...(e.params?.limit !== undefined ? { limit: e.params.limit } : {}) };
      }),
    };
  };
}

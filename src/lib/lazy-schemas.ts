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
import { addTextKeyword, withTextRule } from './text-schema.js';

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

/** Fastify's `schemaController.compilersFactory`, compiling on first use. */
export function lazyCompilersFactory(): CompilersFactory {
  const validators = AjvCompiler();
  const serializers = SerializerSelector();
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
          compiler(textParts.has(route.httpPart ?? '') ? { ...route, schema: withTextRule(route.schema) } : route),
        );
    }) as unknown as CompilersFactory['buildValidator'],
    buildSerializer: ((...factoryArgs: Parameters<typeof serializers>) => {
      const compiler = serializers(...factoryArgs);
      return (route: Parameters<typeof compiler>[0]) => lazySerializer(() => compiler(route));
    }) as CompilersFactory['buildSerializer'],
  };
}

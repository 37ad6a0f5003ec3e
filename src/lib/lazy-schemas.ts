// Fastify compiles every route's validators (Ajv) and response serializers
// (fast-json-stringify) while the app gets ready: about a third of a second for this app's
// routes, paid on every start before the first request can be answered. These compilers
// build each function on its first use instead, with Fastify's own compilers and options, so
// a route costs nothing until it is called and validates exactly as before.
import AjvCompiler from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

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

/** Fastify's `schemaController.compilersFactory`, compiling on first use. */
export function lazyCompilersFactory(): CompilersFactory {
  const validators = AjvCompiler();
  const serializers = SerializerSelector();
  return {
    buildValidator: ((...factoryArgs: Parameters<typeof validators>) => {
      const compiler = validators(...factoryArgs);
      return (route: Parameters<typeof compiler>[0]) => lazyValidator(() => compiler(route) as unknown as Validator);
    }) as unknown as CompilersFactory['buildValidator'],
    buildSerializer: ((...factoryArgs: Parameters<typeof serializers>) => {
      const compiler = serializers(...factoryArgs);
      return (route: Parameters<typeof compiler>[0]) => lazySerializer(() => compiler(route));
    }) as CompilersFactory['buildSerializer'],
  };
}

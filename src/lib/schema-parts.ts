// Schema pieces that carry no rule of the domain, shared by the modules' schemas and by the mail
// machinery (which imports no module).
import Type from 'typebox';

export const Instant = Type.String({ description: 'UTC ISO 8601, e.g. 2030-04-24T12:00:00.000Z' });

export const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

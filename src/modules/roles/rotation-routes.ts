// The rotation: per country, how many times it has held each role, across every series. The
// suggestion reads the same counts to prefer countries that held a role less often.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { countryName } from '../../domain/countries.js';
import { errorResponses } from '../schemas.js';
import { rotation } from './repository.js';

const Times = Type.Integer({ minimum: 0 });

export const rotationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/rotation',
    {
      schema: {
        tags: ['roles'],
        summary: 'Per country, how many times it held each role, over every session not cancelled of every series',
        description:
          'Focal, discussant and chair count the sessions that name the country in that role; co-bloggers count the people in line-ups (not declined) by the country of their profile. Most roles first.',
        response: {
          200: Type.Object({
            countries: Type.Array(
              Type.Object({
                country: Type.String(),
                countryName: Type.String(),
                focal: Times,
                discussant: Times,
                chair: Times,
                coBlogger: Times,
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async () => ({
      countries: rotation(app.db).map((row) => ({ ...row, countryName: countryName(row.country) })),
    }),
  );
};

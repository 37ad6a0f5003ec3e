// Access rules: admin / series chair / anyone signed in. Each guard runs as a route's
// onRequest hook, so the order of answers is 401, then 404 or 403, then 400, then 409.
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db.js';
import { forbidden, notFound, unauthenticated } from '../../errors.js';
import type { Person } from '../people/repository.js';
import { isChairOf, type SeriesCatalogue, seriesCatalogue } from '../series/catalogue.js';

export function signedIn(request: FastifyRequest): Person {
  if (!request.person) throw unauthenticated();
  return request.person;
}

export function isSeriesChair(db: Db, person: Person | null, seriesId: string): boolean {
  if (!person) return false;
  if (person.isAdmin) return true;
  const catalogue = seriesCatalogue(db, seriesId);
  return catalogue !== undefined && isChairOf(catalogue, person);
}

/**
 * The privacy rule, asked by every response that names people, reads and writes alike: email
 * addresses go to the series' chairs and admins; everyone else (a session's chair, its
 * discussant, a visitor) gets names and countries. Takes the catalogue when the caller has it.
 */
export function seesAddresses(db: Db, person: Person | null, series: string | SeriesCatalogue): boolean {
  if (typeof series === 'string') return isSeriesChair(db, person, series);
  return isChairOf(series, person);
}

/** The rule's one exception: a workstream's convener also sees the addresses of its members. */
export function seesMemberAddresses(
  db: Db,
  person: Person | null,
  workstream: { seriesId: string; convenerId: string | null },
): boolean {
  if (person !== null && workstream.convenerId === person.id) return true;
  return seesAddresses(db, person, workstream.seriesId);
}

export async function requireSignedIn(request: FastifyRequest) {
  signedIn(request);
}

export async function requireAdmin(request: FastifyRequest) {
  if (!signedIn(request).isAdmin) throw forbidden('Only an administrator may do this.');
}

/** Finds the series an id in the URL belongs to (a series, a session, …), or undefined. */
type SeriesOf = (db: Db, id: string) => string | undefined;

type AlsoAllowed = (db: Db, person: Person, id: string) => boolean;

/** Allows on a thing what `allowed` allows on the thing it belongs to (a meeting's workstream, a call's session). */
export const throughOwner =
  <T>(find: (db: Db, id: string) => T | undefined, ownerOf: (thing: T) => string, allowed: AlsoAllowed): AlsoAllowed =>
  (db, person, id) => {
    const thing = find(db, id);
    return thing !== undefined && allowed(db, person, ownerOf(thing));
  };

interface ChairGuardOptions {
  /** What the id names, for the 404 message. */
  what: string;
  seriesOf: SeriesOf;
  /** Someone other than a series chair who may also pass (e.g. the session's own chair). */
  alsoAllowed?: AlsoAllowed;
  /** Who may do it, for the 403 message. */
  who?: string;
}

/** A guard for routes only the chairs of the series (or an admin) may use. */
export function requireSeriesChair(options: ChairGuardOptions) {
  return async function seriesChairGuard(request: FastifyRequest) {
    const person = signedIn(request);
    const id = (request.params as { id: string }).id;
    const seriesId = options.seriesOf(request.server.db, id);
    if (seriesId === undefined) throw notFound(options.what, id);
    if (isSeriesChair(request.server.db, person, seriesId)) return;
    if (options.alsoAllowed?.(request.server.db, person, id)) return;
    throw forbidden(`Only ${options.who ?? 'a chair of this series (or an administrator)'} may do this.`);
  };
}

/** A guard for public routes: only that the thing exists. */
export function requireExisting(what: string, seriesOf: SeriesOf) {
  return async function existenceGuard(request: FastifyRequest) {
    const id = (request.params as { id: string }).id;
    if (seriesOf(request.server.db, id) === undefined) throw notFound(what, id);
  };
}

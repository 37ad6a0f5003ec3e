// A person changing their own profile, from the API or their page.
import type { Clock } from '../../clock.js';
import type { Db } from '../../db.js';
import { mainZone } from '../../domain/countries.js';
import { checkedCountry, checkedZone, cleanText } from '../checks.js';
import { type Person, updatePerson } from './repository.js';
import type { MePatch } from './schemas.js';

/** Applies the fields given; a zone given is the person's choice, one estimated follows the country. */
export function changeProfile(db: Db, clock: Clock, person: Person, body: MePatch): Person {
  const changes: Partial<Person> = {};
  if (body.name !== undefined) changes.name = cleanText(body.name);
  if (body.organisation !== undefined) changes.organisation = cleanText(body.organisation);
  if (body.language !== undefined) changes.language = body.language;
  if (body.country !== undefined) changes.country = body.country ? checkedCountry(body.country) : null;
  if (body.timezone !== undefined) {
    changes.timezone = body.timezone ? checkedZone(body.timezone) : null;
    changes.timezoneChosen = Boolean(body.timezone);
  } else if (body.country !== undefined && !person.timezoneChosen) {
    changes.timezone = (changes.country ? mainZone(changes.country) : undefined) ?? null;
  }
  return updatePerson(db, clock, person.id, changes);
}

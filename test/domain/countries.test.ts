// The country data behind every default zone: each country's main zone is where most of its
// people live, never merely zone.tab's first row (America/Noronha for Brazil).
import { readFileSync } from 'node:fs';
import { IANAZone } from 'luxon';
import t from 'tap';
import { allCountries, findCountry, mainZone } from '../../src/domain/countries.js';
import { canonicalZone } from '../../src/domain/time.js';

// The examples API.md gives ("Expressions of interest"), exactly.
const documented: Record<string, string> = {
  AR: 'America/Argentina/Buenos_Aires',
  BR: 'America/Sao_Paulo',
  CA: 'America/Toronto',
  US: 'America/New_York',
  RU: 'Europe/Moscow',
  AU: 'Australia/Sydney',
  UA: 'Europe/Kyiv',
  CD: 'Africa/Kinshasa',
  MX: 'America/Mexico_City',
  ID: 'Asia/Jakarta',
  KZ: 'Asia/Almaty',
};

t.test("API.md's main zones, exactly", async (t) => {
  for (const [code, zone] of Object.entries(documented)) {
    t.equal(mainZone(code), zone, code);
    t.equal(findCountry(code)?.mainZone, zone, `${code} in the data`);
  }
  t.equal(mainZone('br'), 'America/Sao_Paulo', 'any letter case');
});

t.test('other countries with several zones: the zone of the largest city', async (t) => {
  const expected: Record<string, string> = {
    CL: 'America/Santiago',
    CN: 'Asia/Shanghai',
    CY: 'Asia/Nicosia',
    DE: 'Europe/Berlin',
    EC: 'America/Guayaquil',
    ES: 'Europe/Madrid',
    MN: 'Asia/Ulaanbaatar',
    MY: 'Asia/Kuala_Lumpur',
    NZ: 'Pacific/Auckland',
    PT: 'Europe/Lisbon',
    UZ: 'Asia/Tashkent',
  };
  t.same(Object.fromEntries(Object.keys(expected).map((code) => [code, mainZone(code)])), expected);
});

t.test('every country with a zone has a main zone that is one of its zones, and a real one', async (t) => {
  const wrong: string[] = [];
  for (const country of allCountries()) {
    if (country.zones.length === 0) {
      if (country.mainZone !== null) wrong.push(`${country.code}: main zone ${country.mainZone} without zones`);
      continue;
    }
    const zone = country.mainZone;
    if (!zone) wrong.push(`${country.code}: no main zone`);
    else if (!country.zones.includes(zone)) wrong.push(`${country.code}: ${zone} is not one of its zones`);
    else if (!IANAZone.isValidZone(zone)) wrong.push(`${country.code}: luxon does not know ${zone}`);
    else if (canonicalZone(zone) !== zone) wrong.push(`${country.code}: the service spells ${zone} otherwise`);
    if (country.zones.length === 1 && zone !== country.zones[0]) wrong.push(`${country.code}: not its only zone`);
  }
  t.same(wrong, []);
  t.equal(allCountries().length, 249);
  t.same(
    allCountries()
      .filter((c) => c.zones.length === 0)
      .map((c) => c.code),
    ['BV', 'HM'],
    'the two without a zone of their own',
  );
  t.equal(mainZone('BV'), undefined);
  t.equal(mainZone('XX'), undefined);
});

t.test('the main zone is not simply the first row, and the zones keep their zone.tab order', async (t) => {
  t.equal(findCountry('BR')?.zones[0], 'America/Noronha');
  t.equal(findCountry('CA')?.zones[0], 'America/St_Johns');
  t.equal(findCountry('UA')?.zones.length, 2);
  t.ok(findCountry('UA')?.zones.includes('Europe/Kyiv'));
});

t.test('the data names its sources', async (t) => {
  const data = JSON.parse(readFileSync(new URL('../../db/data/countries.json', import.meta.url), 'utf8'));
  t.match(data.source, /zone\.tab/);
  t.match(data.source, /mainZone: the only zone, else the Unicode CLDR [\d.]+ primary zone/);
  t.match(data.source, /scripts\/generate-countries\.ts/);
});

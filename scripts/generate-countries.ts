// Regenerates db/data/countries.json. Codes come from the IANA time zone database shipped by
// Debian's tzdata (iso3166.tab: every ISO 3166-1 alpha-2 code), English names from Unicode CLDR
// through Intl.DisplayNames (tzdata's own names are abbreviated, e.g. "Britain (UK)"), and each
// country's zones from zone.tab, in zone.tab's order.
//
// Each country also gets its main zone: the zone where most of its people live, the one a person
// of that country is shown times in until they choose a zone themselves. zone.tab's first row is
// not that: zone.tab orders a country's zones so that they "make some geographical sense" first
// and only then puts "the most populous timezones first" (zone1970.tab's header), which gives
// America/Noronha for Brazil and America/St_Johns for Canada. The main zone is, in order:
//   1. the country's only zone;
//   2. the country's primary zone in Unicode CLDR (metaZones.xml <primaryZones>), read from the
//      ICU data of this Node: CLDR writes a zone's generic location name with the country's
//      name ("Germany Time") only for a country's only or primary zone, and with the city's name
//      otherwise ("Büsingen Time");
//   3. the table below, one entry per remaining country with several zones, each with its reason.
// The generator stops when a country with several zones is settled by neither, or when an entry
// of the table names a zone that is not one of its country's zones, so that a new tzdata release
// cannot silently bring back a first-row default.
// Run: npx tsx scripts/generate-countries.ts [/usr/share/zoneinfo]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Main zones of the countries with several zones that CLDR names no primary zone for. */
const mainZones: Record<string, string> = {
  // No permanent population; McMurdo Station is the largest station (zone.tab's first row).
  AQ: 'Antarctica/McMurdo',
  // Buenos Aires and its metropolitan area hold about a third of Argentina's people; the whole
  // country keeps one time, Buenos Aires's.
  AR: 'America/Argentina/Buenos_Aires',
  // New South Wales is the most populous state, Sydney the largest city.
  AU: 'Australia/Sydney',
  // Brasília time: São Paulo, Rio de Janeiro, Minas Gerais, the South and most of the Northeast,
  // far more than half of Brazil's people.
  BR: 'America/Sao_Paulo',
  // Eastern time: Ontario and Quebec, about 60% of Canadians; Toronto is the largest city.
  CA: 'America/Toronto',
  // Kinshasa, the capital and largest city, and the west of the country.
  CD: 'Africa/Kinshasa',
  // Nicosia, the capital and largest city; Asia/Famagusta is only the north-east.
  CY: 'Asia/Nicosia',
  // Chuuk and Yap states (UTC+10) hold more than half of Micronesia's people.
  FM: 'Pacific/Chuuk',
  // Nuuk, the capital, and the west coast, where nearly all Greenlanders live.
  GL: 'America/Nuuk',
  // Western Indonesia time: Java and Sumatra, more than half of Indonesia's people; Jakarta is
  // the largest city.
  ID: 'Asia/Jakarta',
  // The Gilbert Islands, with South Tarawa, the capital: about 90% of Kiribati's people.
  KI: 'Pacific/Tarawa',
  // Almaty, the largest city, and Astana, the capital.
  KZ: 'Asia/Almaty',
  // Ulaanbaatar, the capital, holds about half of Mongolia's people.
  MN: 'Asia/Ulaanbaatar',
  // Central time: Mexico City and most of the country's people.
  MX: 'America/Mexico_City',
  // Tahiti and the Society Islands: about 90% of French Polynesia's people.
  PF: 'Pacific/Tahiti',
  // Everything but Bougainville, with Port Moresby, the capital and largest city.
  PG: 'Pacific/Port_Moresby',
  // The West Bank (Asia/Hebron) has more people than the Gaza Strip (about 3.3 million against
  // 2.2 million).
  PS: 'Asia/Hebron',
  // Moscow time: Moscow and most of European Russia, where most Russians live.
  RU: 'Europe/Moscow',
  // No permanent population; Wake Island has the largest resident staff of the islands.
  UM: 'Pacific/Wake',
  // Eastern time: the most populous of the US zones; New York is the largest city.
  US: 'America/New_York',
};

const zoneinfo = process.argv[2] ?? '/usr/share/zoneinfo';
const rows = (file: string) =>
  readFileSync(join(zoneinfo, file), 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split('\t'));

const zonesByCountry = new Map<string, string[]>();
for (const [code, , zone] of rows('zone.tab')) {
  if (!code || !zone) continue;
  zonesByCountry.set(code, [...(zonesByCountry.get(code) ?? []), zone]);
}
const englishNames = new Intl.DisplayNames('en', { type: 'region', fallback: 'none' });

// CLDR's generic location format in French ("heure : {0}"), which has no short generic names
// that would hide it (English writes "ET" for America/Toronto); the pattern is read off a country
// with a single zone.
const frenchNames = new Intl.DisplayNames('fr', { type: 'region', fallback: 'none' });
const locationName = (zone: string) =>
  new Intl.DateTimeFormat('fr', { timeZone: zone, timeZoneName: 'shortGeneric' })
    .formatToParts(0)
    .find((part) => part.type === 'timeZoneName')?.value ?? '';
const afghanistan = frenchNames.of('AF') ?? '';
const locationPattern = locationName('Asia/Kabul');
if (!afghanistan || !locationPattern.includes(afghanistan)) {
  throw new Error(`CLDR's location format could not be read (Asia/Kabul: "${locationPattern}")`);
}
const cldrPrimaryZone = (code: string, zones: string[]): string | undefined => {
  const countryTime = locationPattern.replace(afghanistan, frenchNames.of(code) ?? code);
  const primary = zones.filter((zone) => locationName(zone) === countryTime);
  return primary.length === 1 ? primary[0] : undefined;
};

const problems: string[] = [];
const mainZoneOf = (code: string, zones: string[]): string | null => {
  if (zones.length === 0) return null;
  if (zones.length === 1) return zones[0] ?? null;
  const cldr = cldrPrimaryZone(code, zones);
  const listed = mainZones[code];
  if (cldr && listed) problems.push(`${code}: CLDR gives ${cldr}; drop ${listed} from the table`);
  if (listed && !zones.includes(listed)) problems.push(`${code}: ${listed} is not one of ${zones.join(', ')}`);
  const main = cldr ?? listed;
  if (!main) problems.push(`${code}: several zones (${zones.join(', ')}) and no main zone: add one to the table`);
  return main ?? null;
};

const countries = rows('iso3166.tab').map(([code = '', tzdataName]) => {
  const zones = zonesByCountry.get(code) ?? [];
  return { code, name: englishNames.of(code) ?? tzdataName, mainZone: mainZoneOf(code, zones), zones };
});
for (const code of Object.keys(mainZones)) {
  if ((zonesByCountry.get(code) ?? []).length < 2) problems.push(`${code}: the table lists it, but it has one zone`);
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
let tzdataVersion = '';
try {
  tzdataVersion = /^# version (\S+)/.exec(readFileSync(join(zoneinfo, 'tzdata.zi'), 'utf8'))?.[1] ?? '';
} catch {
  // Older zoneinfo trees carry no tzdata.zi: the version is then left out.
}
const out = {
  source:
    `codes and zones: IANA tz database${tzdataVersion ? ` ${tzdataVersion}` : ''} (iso3166.tab, zone.tab) from ${zoneinfo}; ` +
    `English names: Unicode CLDR (Intl.DisplayNames, Node ${process.versions.node}); ` +
    `mainZone: the only zone, else the Unicode CLDR ${process.versions.cldr} primary zone (ICU ${process.versions.icu}), ` +
    'else the table in scripts/generate-countries.ts (the largest population or city, with its reason)',
  countries,
};
writeFileSync('db/data/countries.json', `${JSON.stringify(out, null, 1)}\n`);
console.log(`${countries.length} countries written to db/data/countries.json`);

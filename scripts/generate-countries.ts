// Regenerates db/data/countries.json. Codes come from the IANA time zone database shipped by
// Debian's tzdata (iso3166.tab: every ISO 3166-1 alpha-2 code), English names from Unicode CLDR
// through Intl.DisplayNames (tzdata's own names are abbreviated, e.g. "Britain (UK)"), and each
// country's zones from zone.tab, principal (most populous) zone first.
// Run: npx tsx scripts/generate-countries.ts [/usr/share/zoneinfo]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
const countries = rows('iso3166.tab').map(([code = '', tzdataName]) => ({
  code,
  name: englishNames.of(code) ?? tzdataName,
  zones: zonesByCountry.get(code) ?? [],
}));
const out = {
  source: `codes and zones: IANA tz database (iso3166.tab, zone.tab) from ${zoneinfo}; English names: Unicode CLDR (Intl.DisplayNames, Node ${process.versions.node})`,
  countries,
};
writeFileSync('db/data/countries.json', `${JSON.stringify(out, null, 1)}\n`);
console.log(`${countries.length} countries written to db/data/countries.json`);

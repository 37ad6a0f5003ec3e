// ISO 3166-1 alpha-2 countries with English names and IANA zones; data in db/data/countries.json
// (regenerate with scripts/generate-countries.ts, which also says where each main zone comes from).
import data from '../../db/data/countries.json' with { type: 'json' };

interface Country {
  code: string;
  name: string;
  /**
   * The zone where most of the country's people live (America/Sao_Paulo for Brazil), or null
   * for a country without a zone of its own (Bouvet Island).
   */
  mainZone: string | null;
  /** Every zone of the country, in zone.tab's order (geographical: not most populous first). */
  zones: string[];
}

const byCode = new Map<string, Country>(data.countries.map((c) => [c.code, c]));

/** The country for an alpha-2 code in any letter case, or undefined. */
export const findCountry = (code: string): Country | undefined => byCode.get(code.trim().toUpperCase());

export const countryName = (code: string): string => findCountry(code)?.name ?? code;

/** The zone a person of this country most likely lives in, when they did not say: its main zone. */
export const mainZone = (code: string): string | undefined => findCountry(code)?.mainZone ?? undefined;

export const allCountries = (): Country[] => [...byCode.values()];

export const allCountryZones = (): string[] => data.countries.flatMap((c) => c.zones);

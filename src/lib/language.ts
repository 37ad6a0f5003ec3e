import { type Language, languages } from '../modules/schemas.js';

/** The best of our languages for an Accept-Language header ("pt-BR,pt;q=0.9,en;q=0.8"), or null. */
export function languageFromHeader(header: string | undefined): Language | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { base: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0 && Number.isFinite(entry.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const match = ranked.find((entry) => (languages as readonly string[]).includes(entry.base));
  return (match?.base as Language | undefined) ?? null;
}

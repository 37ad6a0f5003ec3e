// Who a message's Reply-To names: the people who can answer it. Pure.

/** A person a Reply-To names. */
export interface Answerer {
  name: string;
  email: string;
}

/**
 * The Reply-To of a message: the people who can answer it (a session's chair and supporting chair,
 * a workstream's convener), less the reader; when that leaves nobody, the fallback (the series'
 * chairs), less the reader. Each address once, as given first.
 */
export function replyToOf(readerEmail: string, first: Answerer[], fallback: Answerer[]): Answerer[] {
  const reader = readerEmail.trim().toLowerCase();
  const pick = (list: Answerer[]) => {
    const seen = new Set<string>([reader]);
    return list.filter((p) => {
      const key = p.email.trim().toLowerCase();
      return !seen.has(key) && seen.add(key);
    });
  };
  const chosen = pick(first);
  return chosen.length > 0 ? chosen : pick(fallback);
}

/** The Reply-To as a rendered message carries it (nodemailer's address objects). */
export const replyToHeader = (answerers: Answerer[]): { name: string; address: string }[] =>
  answerers.map((p) => ({ name: p.name, address: p.email }));

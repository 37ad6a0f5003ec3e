// What an update of a calendar event (a session, a workstream meeting, a preparatory call) says
// changed since the copy its reader holds: the old time beside the new one in the reader's zone
// (for a Brussels reader the local hour moves across DST even when the series' does not), the
// new link, the new title; shared by the three update messages.
import type { CalendarSnapshot, EventChange } from '../src/calendar/event.js';
import { type Catalogue, common, type Language, type SeriesMessage, translations, when } from './i18n.js';
import { type Block, heading, list } from './layout.js';

const NBSP = '\u00a0';

const en = {
  heading: 'What changed',
  time: (now: string, was: string) => `Time: now ${now} (was ${was})`,
  link: (url: string) => `Meeting link: now ${url}`,
  linkRemoved: 'Meeting link: removed; a new one will follow',
  title: (now: string, was: string) => `Title: now “${now}” (was “${was}”)`,
  description: 'Description: updated (see below)',
} satisfies Catalogue;

export const text = translations<typeof en>('event-change', {
  en,
  fr: {
    heading: 'Ce qui a changé',
    time: (now, was) => `Horaire${NBSP}: désormais ${now} (auparavant ${was})`,
    link: (url) => `Lien de la réunion${NBSP}: désormais ${url}`,
    linkRemoved: `Lien de la réunion${NBSP}: retiré${NBSP}; un nouveau lien suivra`,
    title: (now, was) => `Titre${NBSP}: désormais «${NBSP}${now}${NBSP}» (auparavant «${NBSP}${was}${NBSP}»)`,
    description: `Description${NBSP}: mise à jour (voir ci-dessous)`,
  },
  es: {
    heading: 'Qué ha cambiado',
    time: (now, was) => `Horario: ahora ${now} (antes ${was})`,
    link: (url) => `Enlace de la reunión: ahora ${url}`,
    linkRemoved: 'Enlace de la reunión: retirado; seguirá uno nuevo',
    title: (now, was) => `Título: ahora «${now}» (antes «${was}»)`,
    description: 'Descripción: actualizada (véase más abajo)',
  },
  pt: {
    heading: 'O que mudou',
    time: (now, was) => `Horário: agora ${now} (antes ${was})`,
    link: (url) => `Link da reunião: agora ${url}`,
    linkRemoved: 'Link da reunião: retirado; seguirá um novo',
    title: (now, was) => `Título: agora “${now}” (antes “${was}”)`,
    description: 'Descrição: atualizada (ver abaixo)',
  },
});

export interface ChangeContext extends SeriesMessage {
  changes: EventChange[];
  /** The copy the reader held before this update; absent when they had none. */
  previous?: CalendarSnapshot | undefined;
  current: CalendarSnapshot;
}

/** One line per change, in the reader's language: the old time beside the new. */
export function changeLines(ctx: ChangeContext): string[] {
  const lang: Language = ctx.reader.language;
  const t = text[lang];
  const at = (ms: number) => when(new Date(ms), lang, ctx.reader.zone, ctx.series.timezone, ctx.reader.zoneEstimated);
  const { previous, current } = ctx;
  if (!previous) return [];
  return ctx.changes.map((change) => {
    switch (change) {
      case 'time':
        return t.time(at(current.start), at(previous.start));
      case 'link':
        return current.url ? t.link(current.url) : t.linkRemoved;
      case 'title':
        return t.title(current.title, previous.title);
      default:
        return t.description;
    }
  });
}

/** The "What changed" heading and its list; nothing when the reader held no earlier copy. */
export function changeBlocks(ctx: ChangeContext): Block[] {
  const items = changeLines(ctx);
  return items.length > 0 ? [heading(text[ctx.reader.language].heading), list(items)] : [];
}

/** The same, as lines for a calendar DESCRIPTION. */
export function changeText(ctx: ChangeContext): string[] {
  const items = changeLines(ctx);
  return items.length > 0 ? [common[ctx.reader.language].label(text[ctx.reader.language].heading), ...items] : [];
}

// session_reminder: a week and a day before a session, to everyone invited who has not declined:
// the time in three zones, their role, the meeting link, the agenda and the discussant's question.
// How far away the session is ("today", "tomorrow", "in 6 days") is told from the moment the
// reminder goes out, by the dates of the reader's own zone.
// No calendar part: the event is already in their calendar.
import { type Catalogue, shortDate, timeLeftUntil, translations } from './i18n.js';
import { type InvitationContext, roleHolderBlocks, signOff } from './invitation.js';
import { renderLetter } from './layout.js';

export interface SessionReminderContext extends InvitationContext {
  /** When the reminder goes out: the time left is told from it, in the reader's zone. */
  sentAt: Date;
  /** The person has accepted (else they have not answered yet, and the reply links are shown). */
  accepted: boolean;
}

const NBSP = '\u00a0';

const en = {
  subject: (session: string, left: string, date: string) => `Reminder: “${session}” ${left}, ${date}`,
  intro: (session: string, series: string, left: string) =>
    `A reminder that the session “${session}” of the series “${series}” takes place ${left}.`,
  notAnswered: 'You have not answered the invitation yet: please let us know whether you can take part.',
  briefHeading: 'Your role',
  footer: (series: string, email: string) =>
    `You receive this reminder because you (${email}) hold a role in a session of the series “${series}”.`,
} satisfies Catalogue;

export const text = translations<typeof en>('session-reminder', {
  en,
  fr: {
    subject: (session, left, date) => `Rappel${NBSP}: «${NBSP}${session}${NBSP}» ${left}, le ${date}`,
    intro: (session, series, left) =>
      `Pour rappel, la session «${NBSP}${session}${NBSP}» de la série «${NBSP}${series}${NBSP}» a lieu ${left}.`,
    notAnswered: `Vous n’avez pas encore répondu à l’invitation${NBSP}: merci de nous dire si vous pourrez participer.`,
    briefHeading: 'Votre rôle',
    footer: (series, email) =>
      `Vous recevez ce rappel parce que vous (${email}) tenez un rôle dans une session de la série «${NBSP}${series}${NBSP}».`,
  },
  es: {
    subject: (session, left, date) => `Recordatorio: «${session}» ${left}, el ${date}`,
    intro: (session, series, left) =>
      `Le recordamos que la sesión «${session}» de la serie «${series}» tendrá lugar ${left}.`,
    notAnswered: 'Todavía no ha respondido a la invitación: indíquenos, por favor, si podrá participar.',
    briefHeading: 'Su función',
    footer: (series, email) =>
      `Recibe este recordatorio porque usted (${email}) tiene una función en una sesión de la serie «${series}».`,
  },
  pt: {
    subject: (session, left, date) => `Lembrete: “${session}” ${left}, a ${date}`,
    intro: (session, series, left) => `Lembramos que a sessão “${session}” da série “${series}” se realiza ${left}.`,
    notAnswered: 'Ainda não respondeu ao convite: por favor, diga-nos se poderá participar.',
    briefHeading: 'A sua função',
    footer: (series, email) =>
      `Recebe este lembrete porque tem (${email}) uma função numa sessão da série “${series}”.`,
  },
});

export function render(ctx: SessionReminderContext) {
  const { reader, series, session } = ctx;
  const lang = reader.language;
  const t = text[lang];
  const left = timeLeftUntil(ctx.sentAt, session.startsAt, lang, reader.zone);
  const intro = t.intro(session.title, series.title, left);
  const date = shortDate(session.startsAt, lang, reader.zone);
  return renderLetter(reader, {
    subject: t.subject(session.title, left, date),
    opening: intro,
    blocks: [
      ...roleHolderBlocks(ctx, { briefHeading: t.briefHeading, ask: ctx.accepted ? null : t.notAnswered }),
      signOff(ctx),
    ],
    footer: t.footer(series.title, reader.email),
  });
}

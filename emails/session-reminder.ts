// session_reminder: a week and a day before a session, to everyone invited who has not declined:
// the time in three zones, their role, the meeting link, the agenda and the discussant's question.
// No calendar part: the event is already in their calendar.
import { type Catalogue, greet, shortDate, type Translations } from './i18n.js';
import {
  agendaBlocks,
  briefBlocks,
  type InvitationContext,
  lineupBlocks,
  meetingBlocks,
  questionBlocks,
  replyBlocks,
  sessionFacts,
  shared,
  signOff,
} from './invitation.js';
import { type Block, heading, paragraph, renderDocument } from './layout.js';

export interface SessionReminderContext extends InvitationContext {
  daysBefore: 7 | 1;
  /** The person has accepted (else they have not answered yet, and the reply links are shown). */
  accepted: boolean;
}

const NBSP = '\u00a0';

const en = {
  subjectWeek: (session: string, date: string) => `Reminder: “${session}” in one week, ${date}`,
  subjectDay: (session: string, date: string) => `Reminder: “${session}” tomorrow, ${date}`,
  introWeek: (session: string, series: string) =>
    `A reminder that the session “${session}” of the series “${series}” takes place in one week.`,
  introDay: (session: string, series: string) =>
    `A reminder that the session “${session}” of the series “${series}” takes place tomorrow.`,
  notAnswered: 'You have not answered the invitation yet: please let us know whether you can take part.',
  briefHeading: 'Your role',
  footer: (series: string, email: string) =>
    `You receive this reminder because you (${email}) hold a role in a session of the series “${series}”.`,
} satisfies Catalogue;

export const text: Translations<typeof en> = {
  en,
  fr: {
    subjectWeek: (session, date) => `Rappel${NBSP}: «${NBSP}${session}${NBSP}» dans une semaine, le ${date}`,
    subjectDay: (session, date) => `Rappel${NBSP}: «${NBSP}${session}${NBSP}» demain, le ${date}`,
    introWeek: (session, series) =>
      `Pour rappel, la session «${NBSP}${session}${NBSP}» de la série «${NBSP}${series}${NBSP}» a lieu dans une semaine.`,
    introDay: (session, series) =>
      `Pour rappel, la session «${NBSP}${session}${NBSP}» de la série «${NBSP}${series}${NBSP}» a lieu demain.`,
    notAnswered: `Vous n'avez pas encore répondu à l'invitation${NBSP}: merci de nous dire si vous pourrez participer.`,
    briefHeading: 'Votre rôle',
    footer: (series, email) =>
      `Vous recevez ce rappel parce que vous (${email}) tenez un rôle dans une session de la série «${NBSP}${series}${NBSP}».`,
  },
  es: {
    subjectWeek: (session, date) => `Recordatorio: «${session}» dentro de una semana, el ${date}`,
    subjectDay: (session, date) => `Recordatorio: «${session}» mañana, ${date}`,
    introWeek: (session, series) =>
      `Le recordamos que la sesión «${session}» de la serie «${series}» tendrá lugar dentro de una semana.`,
    introDay: (session, series) =>
      `Le recordamos que la sesión «${session}» de la serie «${series}» tendrá lugar mañana.`,
    notAnswered: 'Todavía no ha respondido a la invitación: indíquenos, por favor, si podrá participar.',
    briefHeading: 'Su función',
    footer: (series, email) =>
      `Recibe este recordatorio porque usted (${email}) tiene una función en una sesión de la serie «${series}».`,
  },
  pt: {
    subjectWeek: (session, date) => `Lembrete: “${session}” dentro de uma semana, a ${date}`,
    subjectDay: (session, date) => `Lembrete: “${session}” amanhã, ${date}`,
    introWeek: (session, series) =>
      `Lembramos que a sessão “${session}” da série “${series}” se realiza dentro de uma semana.`,
    introDay: (session, series) => `Lembramos que a sessão “${session}” da série “${series}” se realiza amanhã.`,
    notAnswered: 'Ainda não respondeu ao convite: por favor, diga-nos se poderá participar.',
    briefHeading: 'A sua função',
    footer: (series, email) =>
      `Recebe este lembrete porque tem (${email}) uma função numa sessão da série “${series}”.`,
  },
};

export function render(ctx: SessionReminderContext) {
  const { reader, series, session } = ctx;
  const lang = reader.language;
  const t = text[lang];
  const s = shared[lang];
  const intro =
    ctx.daysBefore === 1 ? t.introDay(session.title, series.title) : t.introWeek(session.title, series.title);
  const date = shortDate(session.startsAt, lang, reader.zone);
  const blocks: Block[] = [
    paragraph(greet(reader.name, lang)),
    paragraph(intro),
    sessionFacts(ctx),
    heading(s.meetingLabel),
    ...meetingBlocks(session, lang),
    ...questionBlocks(ctx),
    ...agendaBlocks(ctx),
    ...briefBlocks(ctx, t.briefHeading),
    ...lineupBlocks(session.lineup, lang),
    ...(ctx.accepted ? [] : replyBlocks(ctx, lang, t.notAnswered)),
    signOff(ctx),
  ];
  return renderDocument({
    language: lang,
    subject: ctx.daysBefore === 1 ? t.subjectDay(session.title, date) : t.subjectWeek(session.title, date),
    preview: intro,
    blocks,
    footer: t.footer(series.title, reader.email),
  });
}

// prep_call_invitation, prep_call_update and prep_call_cancellation: the session chair's
// preparatory call with the focal country and the discussant country, held before the session to
// settle the discussant's practical "how to" question and the structure of the discussion. Sent
// to the chair and to the focal and discussant people, with the calendar part beside it
// (METHOD:REQUEST for the invitation and each change of time, METHOD:CANCEL when it is called off).
//
// Everything the reader needs is in the text itself (time in their zone, UTC and the series'
// zone; link; who is invited): low-bandwidth readers may never open the calendar file.
import { agendaKinds } from '../src/domain/vocabulary.js';
import { roleLabel } from '../src/i18n/glossary.js';
import { standardSegmentTitle } from '../src/i18n/index.js';

import {
  calendarDescription as describeEvent,
  type EventMessage,
  type EventReaderContext,
  renderCalendarMessage,
} from './calendar-message.js';
import { type Catalogue, common, countryIn, joinList, type Language, shortDate, timeOf, translations } from './i18n.js';
import { shared } from './invitation.js';
import { heading, list, paragraph } from './layout.js';

interface CallPerson {
  name: string;
  /** The reader of the message. */
  you: boolean;
}

/** Who the call is for, from the session's line-up (nobody who declined). */
export interface CallLineup {
  chair: (CallPerson & { country: string | null }) | null;
  /** The series chair who backs the session's chair; absent from older line-ups. */
  supportingChair?: CallPerson | null;
  focal: { country: string | null; people: CallPerson[] };
  discussant: { country: string | null; people: CallPerson[] };
}

interface PrepCallContext extends EventReaderContext {
  /** The session being prepared (startsAt null: no date any more). */
  session: { title: string; startsAt: Date | null; discussantQuestion: string | null };
  call: { startsAt: Date; durationMinutes: number; meetingUrl: string | null };
  lineup: CallLineup;
}

/** Which of the three messages: the first invitation, a change of time, or the cancellation. */
export type PrepCallMessage = 'invitation' | 'update' | 'cancellation';

export interface PrepCallMessageContext extends PrepCallContext, EventMessage<PrepCallMessage> {}

const NBSP = '\u00a0';

const en = {
  subjectInvitation: (session: string, date: string) => `Preparatory call for “${session}”, ${date}`,
  subjectUpdate: (session: string, date: string) => `Preparatory call changed: “${session}”, now ${date}`,
  subjectCancellation: (session: string, date: string) => `Preparatory call cancelled: “${session}”, ${date}`,
  invite: (session: string, series: string) =>
    `You are invited to the preparatory call for the session “${session}” of the series “${series}”.`,
  inviteChair: (session: string, series: string) =>
    `As the chair of the session “${session}” of the series “${series}”, you convene this preparatory call with the focal country and the discussant country.`,
  updated: (session: string) =>
    `The preparatory call for the session “${session}” has changed. This message updates the invitation in your calendar; what changed and the new details are below.`,
  cancelled: (session: string) =>
    `The preparatory call for the session “${session}” has been cancelled. This message removes it from your calendar.`,
  purposeHeading: 'What the call is for',
  purpose:
    'Before the session, its chair brings the focal country and the discussant country together to settle the discussant’s practical “how to” question and to agree on the structure of the discussion:',
  questionPending: 'The discussant’s question is not recorded yet: settling it is the first aim of the call.',
  sessionLabel: 'Session',
  callWhenLabel: 'Date and time of the call',
  newWhenLabel: 'New date and time of the call',
  plannedLabel: 'Planned date of the call',
  invitedHeading: 'Who is invited',
  noMeetingLink: 'The link to join the call will be sent before the call.',
  calendarButtons:
    'Answers sent with the Accept and Decline buttons of your calendar are not read: if the time does not suit you, please tell the session’s chair.',
  deleteNote: 'If the call is still in your calendar, you can delete it.',
  summary: (session: string) => `Preparatory call: ${session}`,
  footer: (session: string, series: string, email: string) =>
    `You receive this message because you (${email}) are on the line-up of the session “${session}” of the series “${series}”.`,
} satisfies Catalogue;

export const text = translations<typeof en>('preparatory-call', {
  en,
  fr: {
    subjectInvitation: (session, date) => `Réunion préparatoire de la session «${NBSP}${session}${NBSP}», ${date}`,
    subjectUpdate: (session, date) =>
      `Réunion préparatoire modifiée${NBSP}: «${NBSP}${session}${NBSP}», désormais le ${date}`,
    subjectCancellation: (session, date) => `Réunion préparatoire annulée${NBSP}: «${NBSP}${session}${NBSP}», ${date}`,
    invite: (session, series) =>
      `Nous vous invitons à la réunion préparatoire de la session «${NBSP}${session}${NBSP}» de la série «${NBSP}${series}${NBSP}».`,
    inviteChair: (session, series) =>
      `En tant que présidente ou président de la session «${NBSP}${session}${NBSP}» de la série «${NBSP}${series}${NBSP}», vous réunissez le pays focal et le pays discutant lors de cette réunion préparatoire.`,
    updated: (session) =>
      `La réunion préparatoire de la session «${NBSP}${session}${NBSP}» a changé. Ce message met à jour l’invitation dans votre agenda${NBSP}; voici ce qui a changé et les nouvelles informations.`,
    cancelled: (session) =>
      `La réunion préparatoire de la session «${NBSP}${session}${NBSP}» est annulée. Ce message la supprime de votre agenda.`,
    purposeHeading: 'Objet de la réunion',
    purpose: `Avant la session, la présidence de séance réunit le pays focal et le pays discutant pour arrêter la question pratique du pays discutant («${NBSP}comment faire pour…${NBSP}?${NBSP}») et convenir du déroulé de la discussion${NBSP}:`,
    questionPending: `La question du pays discutant n’est pas encore enregistrée${NBSP}: l’arrêter est le premier objectif de la réunion.`,
    sessionLabel: 'Session',
    callWhenLabel: 'Date et heure de la réunion',
    newWhenLabel: 'Nouvelle date et heure de la réunion',
    plannedLabel: 'Date prévue de la réunion',
    invitedHeading: 'Personnes invitées',
    noMeetingLink: 'Le lien pour rejoindre la réunion vous sera envoyé avant la réunion.',
    calendarButtons: `Les réponses envoyées avec les boutons Accepter et Refuser de votre agenda ne sont pas lues${NBSP}: si l’horaire ne vous convient pas, merci de prévenir la présidence de séance.`,
    deleteNote: 'Si la réunion figure encore dans votre agenda, vous pouvez la supprimer.',
    summary: (session) => `Réunion préparatoire${NBSP}: ${session}`,
    footer: (session, series, email) =>
      `Vous recevez ce message parce que vous (${email}) figurez dans la répartition des rôles de la session «${NBSP}${session}${NBSP}» de la série «${NBSP}${series}${NBSP}».`,
  },
  es: {
    subjectInvitation: (session, date) => `Reunión preparatoria de la sesión «${session}», ${date}`,
    subjectUpdate: (session, date) => `Reunión preparatoria modificada: «${session}», ahora el ${date}`,
    subjectCancellation: (session, date) => `Reunión preparatoria cancelada: «${session}», ${date}`,
    invite: (session, series) =>
      `Le invitamos a la reunión preparatoria de la sesión «${session}» de la serie «${series}».`,
    inviteChair: (session, series) =>
      `Como presidente/a de la sesión «${session}» de la serie «${series}», usted convoca esta reunión preparatoria con el país focal y el país comentarista.`,
    updated: (session) =>
      `Ha cambiado la reunión preparatoria de la sesión «${session}». Este mensaje actualiza la invitación en su calendario; a continuación encontrará qué ha cambiado y los nuevos datos.`,
    cancelled: (session) =>
      `La reunión preparatoria de la sesión «${session}» ha sido cancelada. Este mensaje la elimina de su calendario.`,
    purposeHeading: 'Objetivo de la reunión',
    purpose:
      'Antes de la sesión, la presidencia reúne al país focal y al país comentarista para acordar la pregunta práctica del país comentarista («¿cómo hacer para…?») y la estructura del debate:',
    questionPending:
      'La pregunta del país comentarista aún no está registrada: acordarla es el primer objetivo de la reunión.',
    sessionLabel: 'Sesión',
    callWhenLabel: 'Fecha y hora de la reunión',
    newWhenLabel: 'Nueva fecha y hora de la reunión',
    plannedLabel: 'Fecha prevista de la reunión',
    invitedHeading: 'Personas invitadas',
    noMeetingLink: 'El enlace para unirse a la reunión se enviará antes de la reunión.',
    calendarButtons:
      'Las respuestas enviadas con los botones Aceptar y Rechazar de su calendario no se leen: si el horario no le conviene, avise a la presidencia de la sesión.',
    deleteNote: 'Si la reunión sigue en su calendario, puede eliminarla.',
    summary: (session) => `Reunión preparatoria: ${session}`,
    footer: (session, series, email) =>
      `Recibe este mensaje porque usted (${email}) figura en la distribución de funciones de la sesión «${session}» de la serie «${series}».`,
  },
  pt: {
    subjectInvitation: (session, date) => `Reunião preparatória da sessão “${session}”, ${date}`,
    subjectUpdate: (session, date) => `Reunião preparatória alterada: “${session}”, agora a ${date}`,
    subjectCancellation: (session, date) => `Reunião preparatória cancelada: “${session}”, ${date}`,
    invite: (session, series) =>
      `Convidamo-lo(a) para a reunião preparatória da sessão “${session}” da série “${series}”.`,
    inviteChair: (session, series) =>
      `Como presidente da sessão “${session}” da série “${series}”, convoca esta reunião preparatória com o país focal e o país comentador.`,
    updated: (session) =>
      `A reunião preparatória da sessão “${session}” mudou. Esta mensagem atualiza o convite no seu calendário; o que mudou e os novos dados estão abaixo.`,
    cancelled: (session) =>
      `A reunião preparatória da sessão “${session}” foi cancelada. Esta mensagem remove-a do seu calendário.`,
    purposeHeading: 'Objetivo da reunião',
    purpose:
      'Antes da sessão, a presidência reúne o país focal e o país comentador para definir a pergunta prática do país comentador (“como fazer para…?”) e acordar a estrutura do debate:',
    questionPending:
      'A pergunta do país comentador ainda não foi registada: defini-la é o primeiro objetivo da reunião.',
    sessionLabel: 'Sessão',
    callWhenLabel: 'Data e hora da reunião',
    newWhenLabel: 'Nova data e hora da reunião',
    plannedLabel: 'Data prevista da reunião',
    invitedHeading: 'Pessoas convidadas',
    noMeetingLink: 'O link para participar na reunião será enviado antes da reunião.',
    calendarButtons:
      'As respostas enviadas com os botões Aceitar e Recusar do seu calendário não são lidas: se o horário não lhe convier, avise a presidência da sessão.',
    deleteNote: 'Se a reunião ainda estiver no seu calendário, pode eliminá-la.',
    summary: (session) => `Reunião preparatória: ${session}`,
    footer: (session, series, email) =>
      `Recebe esta mensagem porque consta (${email}) da distribuição de funções da sessão “${session}” da série “${series}”.`,
  },
});

/** The session's date in three zones, or "date to be set". */
const sessionDate = (ctx: PrepCallContext): string =>
  ctx.session.startsAt ? timeOf(ctx, ctx.session.startsAt) : common[ctx.reader.language].dateToBeSet;

/** The opening sentence: invited (the chair: convening), changed, or cancelled. */
function opening(ctx: PrepCallMessageContext): string {
  const t = text[ctx.reader.language];
  switch (ctx.message) {
    case 'invitation':
      return ctx.lineup.chair?.you
        ? t.inviteChair(ctx.session.title, ctx.series.title)
        : t.invite(ctx.session.title, ctx.series.title);
    case 'update':
      return t.updated(ctx.session.title);
    case 'cancellation':
      return t.cancelled(ctx.session.title);
  }
}

function whenLabel(ctx: PrepCallMessageContext): string {
  const t = text[ctx.reader.language];
  switch (ctx.message) {
    case 'invitation':
      return t.callWhenLabel;
    case 'update':
      return t.newWhenLabel;
    case 'cancellation':
      return t.plannedLabel;
  }
}

/** "Kofi Mensah — you": the reader marked. */
const personName = (person: CallPerson, language: Language): string =>
  person.you ? shared[language].you(person.name) : person.name;

/** One line each for the chair, the supporting chair, the focal country and the discussant country. */
function invitedLines(lineup: CallLineup, language: Language): string[] {
  const s = shared[language];
  const c = common[language];
  const chair = lineup.chair
    ? personName(
        {
          ...lineup.chair,
          name: lineup.chair.country
            ? `${lineup.chair.name} (${countryIn(lineup.chair.country, language)})`
            : lineup.chair.name,
        },
        language,
      )
    : c.toBeDecided;
  const countryRole = (role: CallLineup['focal']) => {
    const names =
      role.people.length > 0
        ? joinList(
            role.people.map((p) => personName(p, language)),
            language,
          )
        : null;
    if (!role.country) return names ?? c.toBeDecided;
    return `${countryIn(role.country, language)} · ${names ?? s.speakersTbd}`;
  };
  return [
    `${c.label(roleLabel(language, 'chair'))} ${chair}`,
    ...(lineup.supportingChair
      ? [`${c.label(roleLabel(language, 'supporting_chair'))} ${personName(lineup.supportingChair, language)}`]
      : []),
    `${c.label(roleLabel(language, 'focal'))} ${countryRole(lineup.focal)}`,
    `${c.label(roleLabel(language, 'discussant'))} ${countryRole(lineup.discussant)}`,
  ];
}

/** The usual structure of the discussion the call settles. */
const structure = (language: Language): string[] => {
  return agendaKinds.filter((kind) => kind !== 'close').map((kind) => standardSegmentTitle(kind, language));
};

export function render(ctx: PrepCallMessageContext) {
  const { reader, series, session, call } = ctx;
  const lang = reader.language;
  const t = text[lang];
  const s = shared[lang];
  const c = common[lang];
  const rows: [string, string][] = [
    [t.sessionLabel, session.title],
    [c.sessionDateLabel, sessionDate(ctx)],
    [whenLabel(ctx), timeOf(ctx, call.startsAt)],
  ];
  if (ctx.message !== 'cancellation') rows.push([s.durationLabel, s.minutes(String(call.durationMinutes))]);

  const date = shortDate(call.startsAt, lang, reader.zone);
  const subjects: Record<PrepCallMessage, () => string> = {
    invitation: () => t.subjectInvitation(session.title, date),
    update: () => t.subjectUpdate(session.title, date),
    cancellation: () => t.subjectCancellation(session.title, date),
  };
  return renderCalendarMessage({
    ...eventOf(ctx),
    subject: subjects[ctx.message](),
    when: timeOf(ctx, call.startsAt),
    facts: rows,
    afterLink: [
      heading(t.purposeHeading),
      paragraph(t.purpose),
      list(structure(lang), true),
      heading(s.questionHeading),
      paragraph(session.discussantQuestion ? c.quote(session.discussantQuestion) : t.questionPending),
      heading(t.invitedHeading),
      list(invitedLines(ctx.lineup, lang)),
    ],
    footer: t.footer(session.title, series.title, reader.email),
  });
}

/** What the mail and the calendar's DESCRIPTION both say of the call. */
function eventOf(ctx: PrepCallMessageContext) {
  return {
    ...ctx,
    opening: opening(ctx),
    removes: ctx.message === 'cancellation',
    meetingUrl: ctx.call.meetingUrl,
    words: text[ctx.reader.language],
  };
}

/** The event's SUMMARY in a calendar. */
export const calendarSummary = (ctx: PrepCallContext): string => text[ctx.reader.language].summary(ctx.session.title);

/** The event's DESCRIPTION in a calendar: the essentials, in the reader's language. */
export function calendarDescription(ctx: PrepCallMessageContext): string {
  const lang = ctx.reader.language;
  const t = text[lang];
  const c = common[lang];
  return describeEvent({
    ...eventOf(ctx),
    facts: [
      `${c.label(t.sessionLabel)} ${ctx.session.title}`,
      `${c.label(c.sessionDateLabel)} ${sessionDate(ctx)}`,
      `${c.label(whenLabel(ctx))} ${timeOf(ctx, ctx.call.startsAt)}`,
    ],
    tail: [
      '',
      t.purpose,
      ...structure(lang).map((step, i) => `${i + 1}. ${step}`),
      '',
      ...invitedLines(ctx.lineup, lang),
    ],
  });
}

// meeting_invitation, meeting_update and meeting_cancellation: a meeting of a workstream (a
// subgroup of the series, such as citizen participation), sent to each member and the convener
// with the calendar part beside it (METHOD:REQUEST for the invitation and each change of time,
// METHOD:CANCEL when it is called off). A meeting may be the workstream's feedback meeting on one
// of the series' sessions.
//
// Everything the reader needs is in the text itself (time in their zone, UTC and the series'
// zone; link; convener): low-bandwidth readers may never open the calendar file.

import {
  calendarDescription as describeEvent,
  type EventMessage,
  type EventReaderContext,
  renderCalendarMessage,
} from './calendar-message.js';
import { type Catalogue, common, deadlineDate, type Language, shortDate, timeOf, translations } from './i18n.js';
import { shared } from './invitation.js';
import { heading, list, paragraph } from './layout.js';

interface MeetingDetails {
  title: string;
  description: string | null;
  startsAt: Date;
  durationMinutes: number;
  meetingUrl: string | null;
}

export interface MeetingContext extends EventReaderContext {
  workstream: { title: string };
  meeting: MeetingDetails;
  /** The workstream's convener, when one is appointed; `you` when the reader is the convener. */
  convener: { name: string; you: boolean } | null;
  /** The session this is the feedback meeting of (startsAt null: an alternate topic with no date yet). */
  linkedSession: { title: string; startsAt: Date | null } | null;
  /**
   * A repeating run: its rule, the first and last meetings of it by the rule, and each meeting
   * of it as it stands (moved ones at their new time, cancelled ones marked).
   */
  run?:
    | {
        every: number;
        unit: 'weeks' | 'months';
        count: number;
        first: Date;
        last: Date;
        meetings: { start: Date; status: 'scheduled' | 'moved' | 'cancelled' }[];
      }
    | undefined;
}

/**
 * Which message: the first invitation, a change, the cancellation of the meeting, or the
 * withdrawal of one reader's invitation (they left the workstream or were removed from it).
 */
export type MeetingMessage =
  | 'invitation'
  | 'update'
  | 'cancellation'
  | 'withdrawal'
  | 'occurrence_update'
  | 'occurrence_cancellation';

export interface MeetingMessageContext extends MeetingContext, EventMessage<MeetingMessage> {
  /**
   * For a message about one meeting of a run: its place, and its time (the new one when it
   * moved, the one it had when it is cancelled).
   */
  occurrence?: { place: number; count: number; start: Date };
}

const NBSP = '\u00a0';

const en = {
  subjectInvitation: (meeting: string, workstream: string, date: string) =>
    `Invitation: “${meeting}” (${workstream}), ${date}`,
  subjectUpdate: (meeting: string, date: string) => `Meeting changed: “${meeting}”, now ${date}`,
  subjectCancellation: (meeting: string, date: string) => `Meeting cancelled: “${meeting}”, ${date}`,
  subjectWithdrawal: (meeting: string, date: string) => `Removed from your calendar: “${meeting}”, ${date}`,
  withdrawn: (meeting: string, workstream: string) =>
    `You are no longer a member of the workstream “${workstream}”, so its meeting “${meeting}” is withdrawn. This message removes it from your calendar.`,
  invite: (workstream: string, series: string) =>
    `You are invited to a meeting of the workstream “${workstream}” of the series “${series}”.`,
  updated: (meeting: string, workstream: string) =>
    `The meeting “${meeting}” of the workstream “${workstream}” has changed. This message updates the invitation in your calendar; what changed and the new details are below.`,
  cancelled: (meeting: string, workstream: string) =>
    `The meeting “${meeting}” of the workstream “${workstream}” has been cancelled. This message removes it from your calendar.`,
  workstreamLabel: 'Workstream',
  meetingLabel: 'Meeting',
  newWhenLabel: 'New date and time',
  plannedLabel: 'Planned date',
  convenerLabel: 'Convener',
  feedbackOf: (session: string) => `This is the workstream’s feedback meeting on the session “${session}”.`,
  noMeetingLink: 'The link to join the meeting will be sent before the meeting.',
  calendarButtons:
    'Answers sent with the Accept and Decline buttons of your calendar are not read: if you cannot attend, please tell the convener of the workstream.',
  deleteNote: 'If the meeting is still in your calendar, you can delete it.',
  footer: (workstream: string, series: string, email: string) =>
    `You receive this message because you (${email}) take part in the workstream “${workstream}” of the series “${series}”.`,
  repeatsLabel: 'Repeats',
  everyWeeks: (n: string) => (n === '1' ? 'every week' : `every ${n} weeks`),
  everyMonths: (n: string) => (n === '1' ? 'every month' : `every ${n} months`),
  runLine: (every: string, count: string, from: string, to: string) =>
    `${every}, ${count} times, from ${from} to ${to}`,
  runMeetingsHeading: 'The meetings of the run',
  movedMark: 'moved',
  cancelledMark: 'cancelled',
  placeLabel: 'Which meeting of the run',
  placeOf: (place: string, count: string) => `${place} of ${count}`,
  subjectOccurrenceUpdate: (meeting: string, place: string, date: string) =>
    `Meeting ${place} of “${meeting}” moved, now ${date}`,
  subjectOccurrenceCancellation: (meeting: string, place: string, date: string) =>
    `Meeting ${place} of “${meeting}” cancelled (${date}); the others go on`,
  occurrenceMoved: (place: string, meeting: string, workstream: string) =>
    `Meeting ${place} of the repeating meeting “${meeting}” of the workstream “${workstream}” has moved; the other meetings stay as they are. This message updates that one meeting in your calendar.`,
  occurrenceCancelled: (place: string, meeting: string, workstream: string) =>
    `Meeting ${place} of the repeating meeting “${meeting}” of the workstream “${workstream}” is cancelled; the other meetings go on. This message removes that one meeting from your calendar.`,
} satisfies Catalogue;

export const text = translations<typeof en>('meeting', {
  en,
  fr: {
    subjectInvitation: (meeting, workstream, date) =>
      `Invitation${NBSP}: «${NBSP}${meeting}${NBSP}» (${workstream}), ${date}`,
    subjectUpdate: (meeting, date) => `Réunion modifiée${NBSP}: «${NBSP}${meeting}${NBSP}», désormais le ${date}`,
    subjectCancellation: (meeting, date) => `Réunion annulée${NBSP}: «${NBSP}${meeting}${NBSP}», ${date}`,
    subjectWithdrawal: (meeting, date) => `Retirée de votre agenda${NBSP}: «${NBSP}${meeting}${NBSP}», ${date}`,
    withdrawn: (meeting, workstream) =>
      `Vous n’êtes plus membre du groupe de travail «${NBSP}${workstream}${NBSP}»${NBSP}: l’invitation à sa réunion «${NBSP}${meeting}${NBSP}» est retirée. Ce message la supprime de votre agenda.`,
    invite: (workstream, series) =>
      `Nous vous invitons à une réunion du groupe de travail «${NBSP}${workstream}${NBSP}» de la série «${NBSP}${series}${NBSP}».`,
    updated: (meeting, workstream) =>
      `La réunion «${NBSP}${meeting}${NBSP}» du groupe de travail «${NBSP}${workstream}${NBSP}» a changé. Ce message met à jour l’invitation dans votre agenda${NBSP}; voici ce qui a changé et les nouvelles informations.`,
    cancelled: (meeting, workstream) =>
      `La réunion «${NBSP}${meeting}${NBSP}» du groupe de travail «${NBSP}${workstream}${NBSP}» est annulée. Ce message la supprime de votre agenda.`,
    workstreamLabel: 'Groupe de travail',
    meetingLabel: 'Réunion',
    newWhenLabel: 'Nouvelle date et heure',
    plannedLabel: 'Date prévue',
    convenerLabel: 'Animation du groupe',
    feedbackOf: (session) =>
      `Il s’agit de la réunion du groupe de travail consacrée aux retours sur la session «${NBSP}${session}${NBSP}».`,
    noMeetingLink: 'Le lien pour rejoindre la réunion vous sera envoyé avant la réunion.',
    calendarButtons: `Les réponses envoyées avec les boutons Accepter et Refuser de votre agenda ne sont pas lues${NBSP}: si vous ne pouvez pas participer, merci de prévenir la personne qui anime le groupe de travail.`,
    deleteNote: 'Si la réunion figure encore dans votre agenda, vous pouvez la supprimer.',
    footer: (workstream, series, email) =>
      `Vous recevez ce message parce que vous (${email}) participez au groupe de travail «${NBSP}${workstream}${NBSP}» de la série «${NBSP}${series}${NBSP}».`,
    repeatsLabel: 'Récurrence',
    everyWeeks: (n) => (n === '1' ? 'chaque semaine' : `toutes les ${n} semaines`),
    everyMonths: (n) => (n === '1' ? 'chaque mois' : `tous les ${n} mois`),
    runLine: (every, count, from, to) => `${every}, ${count} fois, du ${from} au ${to}`,
    runMeetingsHeading: 'Les réunions de la série',
    movedMark: 'déplacée',
    cancelledMark: 'annulée',
    placeLabel: 'Réunion de la série',
    placeOf: (place, count) => `${place} sur ${count}`,
    subjectOccurrenceUpdate: (meeting, place, date) =>
      `Réunion ${place} de «${NBSP}${meeting}${NBSP}» déplacée, désormais le ${date}`,
    subjectOccurrenceCancellation: (meeting, place, date) =>
      `Réunion ${place} de «${NBSP}${meeting}${NBSP}» annulée (${date})${NBSP}; les autres sont maintenues`,
    occurrenceMoved: (place, meeting, workstream) =>
      `La réunion ${place} de la réunion récurrente «${NBSP}${meeting}${NBSP}» du groupe de travail «${NBSP}${workstream}${NBSP}» est déplacée${NBSP}; les autres réunions ne changent pas. Ce message met à jour cette seule réunion dans votre agenda.`,
    occurrenceCancelled: (place, meeting, workstream) =>
      `La réunion ${place} de la réunion récurrente «${NBSP}${meeting}${NBSP}» du groupe de travail «${NBSP}${workstream}${NBSP}» est annulée${NBSP}; les autres réunions sont maintenues. Ce message retire cette seule réunion de votre agenda.`,
  },
  es: {
    subjectInvitation: (meeting, workstream, date) => `Invitación: «${meeting}» (${workstream}), ${date}`,
    subjectUpdate: (meeting, date) => `Reunión modificada: «${meeting}», ahora el ${date}`,
    subjectCancellation: (meeting, date) => `Reunión cancelada: «${meeting}», ${date}`,
    subjectWithdrawal: (meeting, date) => `Retirada de su calendario: «${meeting}», ${date}`,
    withdrawn: (meeting, workstream) =>
      `Ya no es miembro del grupo de trabajo «${workstream}»: la invitación a su reunión «${meeting}» queda retirada. Este mensaje la elimina de su calendario.`,
    invite: (workstream, series) =>
      `Le invitamos a una reunión del grupo de trabajo «${workstream}» de la serie «${series}».`,
    updated: (meeting, workstream) =>
      `Ha cambiado la reunión «${meeting}» del grupo de trabajo «${workstream}». Este mensaje actualiza la invitación en su calendario; a continuación encontrará qué ha cambiado y los nuevos datos.`,
    cancelled: (meeting, workstream) =>
      `La reunión «${meeting}» del grupo de trabajo «${workstream}» ha sido cancelada. Este mensaje la elimina de su calendario.`,
    workstreamLabel: 'Grupo de trabajo',
    meetingLabel: 'Reunión',
    newWhenLabel: 'Nueva fecha y hora',
    plannedLabel: 'Fecha prevista',
    convenerLabel: 'Coordinación del grupo',
    feedbackOf: (session) =>
      `Es la reunión en la que el grupo de trabajo comparte sus comentarios sobre la sesión «${session}».`,
    noMeetingLink: 'El enlace para unirse a la reunión se enviará antes de la reunión.',
    calendarButtons:
      'Las respuestas enviadas con los botones Aceptar y Rechazar de su calendario no se leen: si no puede asistir, avise a la persona que coordina el grupo de trabajo.',
    deleteNote: 'Si la reunión sigue en su calendario, puede eliminarla.',
    footer: (workstream, series, email) =>
      `Recibe este mensaje porque usted (${email}) participa en el grupo de trabajo «${workstream}» de la serie «${series}».`,
    repeatsLabel: 'Se repite',
    everyWeeks: (n) => (n === '1' ? 'cada semana' : `cada ${n} semanas`),
    everyMonths: (n) => (n === '1' ? 'cada mes' : `cada ${n} meses`),
    runLine: (every, count, from, to) => `${every}, ${count} veces, del ${from} al ${to}`,
    runMeetingsHeading: 'Las reuniones de la serie',
    movedMark: 'cambiada de fecha',
    cancelledMark: 'cancelada',
    placeLabel: 'Reunión de la serie',
    placeOf: (place, count) => `${place} de ${count}`,
    subjectOccurrenceUpdate: (meeting, place, date) => `Reunión ${place} de «${meeting}» trasladada, ahora el ${date}`,
    subjectOccurrenceCancellation: (meeting, place, date) =>
      `Reunión ${place} de «${meeting}» cancelada (${date}); las demás se mantienen`,
    occurrenceMoved: (place, meeting, workstream) =>
      `La reunión ${place} de la reunión periódica «${meeting}» del grupo de trabajo «${workstream}» cambió de fecha; las demás reuniones no cambian. Este mensaje actualiza solo esa reunión en su calendario.`,
    occurrenceCancelled: (place, meeting, workstream) =>
      `La reunión ${place} de la reunión periódica «${meeting}» del grupo de trabajo «${workstream}» está cancelada; las demás reuniones se mantienen. Este mensaje elimina solo esa reunión de su calendario.`,
  },
  pt: {
    subjectInvitation: (meeting, workstream, date) => `Convite: “${meeting}” (${workstream}), ${date}`,
    subjectUpdate: (meeting, date) => `Reunião alterada: “${meeting}”, agora a ${date}`,
    subjectCancellation: (meeting, date) => `Reunião cancelada: “${meeting}”, ${date}`,
    subjectWithdrawal: (meeting, date) => `Removida do seu calendário: “${meeting}”, ${date}`,
    withdrawn: (meeting, workstream) =>
      `Já não é membro do grupo de trabalho “${workstream}”: o convite para a sua reunião “${meeting}” foi retirado. Esta mensagem remove-a do seu calendário.`,
    invite: (workstream, series) =>
      `Convidamo-lo(a) para uma reunião do grupo de trabalho “${workstream}” da série “${series}”.`,
    updated: (meeting, workstream) =>
      `A reunião “${meeting}” do grupo de trabalho “${workstream}” mudou. Esta mensagem atualiza o convite no seu calendário; o que mudou e os novos dados estão abaixo.`,
    cancelled: (meeting, workstream) =>
      `A reunião “${meeting}” do grupo de trabalho “${workstream}” foi cancelada. Esta mensagem remove-a do seu calendário.`,
    workstreamLabel: 'Grupo de trabalho',
    meetingLabel: 'Reunião',
    newWhenLabel: 'Nova data e hora',
    plannedLabel: 'Data prevista',
    convenerLabel: 'Coordenação do grupo',
    feedbackOf: (session) =>
      `É a reunião em que o grupo de trabalho partilha os seus comentários sobre a sessão “${session}”.`,
    noMeetingLink: 'O link para participar na reunião será enviado antes da reunião.',
    calendarButtons:
      'As respostas enviadas com os botões Aceitar e Recusar do seu calendário não são lidas: se não puder participar, avise a pessoa que coordena o grupo de trabalho.',
    deleteNote: 'Se a reunião ainda estiver no seu calendário, pode eliminá-la.',
    footer: (workstream, series, email) =>
      `Recebe esta mensagem porque participa (${email}) no grupo de trabalho “${workstream}” da série “${series}”.`,
    repeatsLabel: 'Repete-se',
    everyWeeks: (n) => (n === '1' ? 'todas as semanas' : `a cada ${n} semanas`),
    everyMonths: (n) => (n === '1' ? 'todos os meses' : `a cada ${n} meses`),
    runLine: (every, count, from, to) => `${every}, ${count} vezes, de ${from} a ${to}`,
    runMeetingsHeading: 'As reuniões da série',
    movedMark: 'mudada de data',
    cancelledMark: 'cancelada',
    placeLabel: 'Reunião da série',
    placeOf: (place, count) => `${place} de ${count}`,
    subjectOccurrenceUpdate: (meeting, place, date) => `Reunião ${place} de “${meeting}” mudada, agora a ${date}`,
    subjectOccurrenceCancellation: (meeting, place, date) =>
      `Reunião ${place} de “${meeting}” cancelada (${date}); as outras mantêm-se`,
    occurrenceMoved: (place, meeting, workstream) =>
      `A reunião ${place} da reunião periódica “${meeting}” do grupo de trabalho “${workstream}” mudou de data; as outras reuniões ficam como estão. Esta mensagem atualiza só essa reunião no seu calendário.`,
    occurrenceCancelled: (place, meeting, workstream) =>
      `A reunião ${place} da reunião periódica “${meeting}” do grupo de trabalho “${workstream}” foi cancelada; as outras reuniões mantêm-se. Esta mensagem remove só essa reunião do seu calendário.`,
  },
});

const convenerName = (ctx: MeetingContext, language: Language): string =>
  ctx.convener
    ? ctx.convener.you
      ? shared[language].you(ctx.convener.name)
      : ctx.convener.name
    : common[language].toBeDecided;

/** The date of the session a feedback meeting is about, in three zones, or "date to be set". */
const sessionDate = (ctx: MeetingContext, language: Language): string =>
  ctx.linkedSession?.startsAt ? timeOf(ctx, ctx.linkedSession.startsAt) : common[language].dateToBeSet;

/** The opening sentence: invited, changed, or cancelled. */
function opening(ctx: MeetingMessageContext): string {
  const t = text[ctx.reader.language];
  switch (ctx.message) {
    case 'invitation':
      return t.invite(ctx.workstream.title, ctx.series.title);
    case 'update':
      return t.updated(ctx.meeting.title, ctx.workstream.title);
    case 'cancellation':
      return t.cancelled(ctx.meeting.title, ctx.workstream.title);
    case 'withdrawal':
      return t.withdrawn(ctx.meeting.title, ctx.workstream.title);
    case 'occurrence_update':
      return t.occurrenceMoved(String(ctx.occurrence?.place ?? ''), ctx.meeting.title, ctx.workstream.title);
    case 'occurrence_cancellation':
      return t.occurrenceCancelled(String(ctx.occurrence?.place ?? ''), ctx.meeting.title, ctx.workstream.title);
  }
}

/** Whether the message takes the event (or one meeting of it) off the reader's calendar. */
const removes = (message: MeetingMessage) =>
  message === 'cancellation' || message === 'withdrawal' || message === 'occurrence_cancellation';

/** The time the message is about: the one meeting of the run, or the (first) meeting. */
const startOf = (ctx: MeetingMessageContext): Date => ctx.occurrence?.start ?? ctx.meeting.startsAt;

/** Each meeting of the run in the reader's zone: "10 March, 10:00 Europe/Brussels", moved or cancelled ones marked. */
function runMeetingLines(ctx: MeetingMessageContext): string[] {
  const lang = ctx.reader.language;
  const t = text[lang];
  return (ctx.run?.meetings ?? []).map((m) => {
    const at = deadlineDate(m.start, lang, ctx.reader.zone);
    if (m.status === 'scheduled') return at;
    return `${at} (${m.status === 'moved' ? t.movedMark : t.cancelledMark})`;
  });
}

/** "every 2 weeks, 4 times, from 10 March to 21 April", or null for a single meeting. */
function runText(ctx: MeetingMessageContext): string | null {
  if (!ctx.run) return null;
  const lang = ctx.reader.language;
  const t = text[lang];
  const every = String(ctx.run.every);
  return t.runLine(
    ctx.run.unit === 'weeks' ? t.everyWeeks(every) : t.everyMonths(every),
    String(ctx.run.count),
    shortDate(ctx.run.first, lang, ctx.reader.zone),
    shortDate(ctx.run.last, lang, ctx.reader.zone),
  );
}

function whenLabel(ctx: MeetingMessageContext): string {
  const t = text[ctx.reader.language];
  switch (ctx.message) {
    case 'invitation':
      return shared[ctx.reader.language].whenLabel;
    case 'update':
    case 'occurrence_update':
      return t.newWhenLabel;
    case 'cancellation':
    case 'withdrawal':
    case 'occurrence_cancellation':
      return t.plannedLabel;
  }
}

export function render(ctx: MeetingMessageContext) {
  const { reader, series, workstream, meeting } = ctx;
  const lang = reader.language;
  const t = text[lang];
  const s = shared[lang];
  const removed = removes(ctx.message);
  const start = startOf(ctx);
  const rows: [string, string][] = [
    [t.workstreamLabel, workstream.title],
    [t.meetingLabel, meeting.title],
    [whenLabel(ctx), timeOf(ctx, start)],
  ];
  if (ctx.occurrence) rows.push([t.placeLabel, t.placeOf(String(ctx.occurrence.place), String(ctx.occurrence.count))]);
  const repeats = ctx.occurrence ? null : runText(ctx);
  if (repeats) rows.push([t.repeatsLabel, repeats]);
  if (!removed) rows.push([s.durationLabel, s.minutes(String(meeting.durationMinutes))]);
  rows.push([t.convenerLabel, convenerName(ctx, lang)]);
  if (ctx.linkedSession) rows.push([common[lang].sessionDateLabel, sessionDate(ctx, lang)]);
  // The whole run, when the message carries it (not for one meeting of it, nor when it leaves the calendar).
  const runMeetings = ctx.occurrence || removed ? [] : runMeetingLines(ctx);

  const date = shortDate(start, lang, reader.zone);
  const place = String(ctx.occurrence?.place ?? '');
  const subjects: Record<MeetingMessage, () => string> = {
    invitation: () => t.subjectInvitation(meeting.title, workstream.title, date),
    update: () => t.subjectUpdate(meeting.title, date),
    withdrawal: () => t.subjectWithdrawal(meeting.title, date),
    cancellation: () => t.subjectCancellation(meeting.title, date),
    occurrence_update: () => t.subjectOccurrenceUpdate(meeting.title, place, date),
    occurrence_cancellation: () => t.subjectOccurrenceCancellation(meeting.title, place, date),
  };
  return renderCalendarMessage({
    ...eventOf(ctx),
    subject: subjects[ctx.message](),
    when: timeOf(ctx, start),
    lead: ctx.linkedSession ? [paragraph(t.feedbackOf(ctx.linkedSession.title))] : [],
    facts: rows,
    afterFacts: runMeetings.length ? [heading(t.runMeetingsHeading), list(runMeetings, true)] : [],
    beforeLink: meeting.description ? [paragraph(meeting.description)] : [],
    footer: t.footer(workstream.title, series.title, reader.email),
  });
}

/** What the mail and the calendar's DESCRIPTION both say of the meeting. */
function eventOf(ctx: MeetingMessageContext) {
  return {
    ...ctx,
    opening: opening(ctx),
    removes: removes(ctx.message),
    meetingUrl: ctx.meeting.meetingUrl,
    words: text[ctx.reader.language],
  };
}

/** The event's SUMMARY in a calendar: the meeting and its workstream. */
export const calendarSummary = (ctx: MeetingContext): string => `${ctx.workstream.title}: ${ctx.meeting.title}`;

/** The event's DESCRIPTION in a calendar: the essentials, in the reader's language. */
export function calendarDescription(ctx: MeetingMessageContext): string {
  const lang = ctx.reader.language;
  const t = text[lang];
  const c = common[lang];
  const labelled = (label: string, value: string) => `${c.label(label)} ${value}`;
  const repeats = ctx.occurrence ? null : runText(ctx);
  return describeEvent({
    ...eventOf(ctx),
    facts: [
      labelled(t.workstreamLabel, ctx.workstream.title),
      labelled(whenLabel(ctx), timeOf(ctx, startOf(ctx))),
      ...(repeats ? [labelled(t.repeatsLabel, repeats)] : []),
    ],
    afterLink: [
      labelled(t.convenerLabel, convenerName(ctx, lang)),
      ...(ctx.linkedSession
        ? [t.feedbackOf(ctx.linkedSession.title), labelled(c.sessionDateLabel, sessionDate(ctx, lang))]
        : []),
    ],
    tail: ctx.meeting.description ? ['', ctx.meeting.description] : [],
  });
}

// meeting_invitation, meeting_update and meeting_cancellation: a meeting of a workstream (a
// subgroup of the series, such as citizen participation), sent to each member and the convener
// with the calendar part beside it (METHOD:REQUEST for the invitation and each change of time,
// METHOD:CANCEL when it is called off). A meeting may be the workstream's feedback meeting on one
// of the series' sessions.
//
// Everything the reader needs is in the text itself (time in their zone, UTC and the series'
// zone; link; convener): low-bandwidth readers may never open the calendar file.

import { type ChangeContext, changeBlocks, changeText } from './event-change.js';
import {
  type Catalogue,
  common,
  greet,
  type Language,
  type Reader,
  type SeriesInfo,
  shortDate,
  type Translations,
  when,
} from './i18n.js';
import { shared } from './invitation.js';
import { action, type Block, facts, lines, paragraph, renderDocument } from './layout.js';

interface MeetingDetails {
  title: string;
  description: string | null;
  startsAt: Date;
  durationMinutes: number;
  meetingUrl: string | null;
}

export interface MeetingContext {
  reader: Reader;
  series: SeriesInfo;
  workstream: { title: string };
  meeting: MeetingDetails;
  /** The workstream's convener, when one is appointed; `you` when the reader is the convener. */
  convener: { name: string; you: boolean } | null;
  /** The session this is the feedback meeting of (startsAt null: an alternate topic with no date yet). */
  linkedSession: { title: string; startsAt: Date | null } | null;
  /** Whether the service reads what the calendar's own buttons send (INBOUND_SMTP_PORT or IMAP_URL set). */
  buttonsRead?: boolean;
  /** The reader's signed links to say they will attend or not. */
  answerLinks?: { accept: string; decline: string };
}

/**
 * Which message: the first invitation, a change, the cancellation of the meeting, or the
 * withdrawal of one reader's invitation (they left the workstream or were removed from it).
 */
export type MeetingMessage = 'invitation' | 'update' | 'cancellation' | 'withdrawal';

export interface MeetingMessageContext extends MeetingContext {
  message: MeetingMessage;
  /** For an update: what changed since the reader's copy. */
  change?: Omit<ChangeContext, 'reader' | 'series'>;
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
  sessionDateLabel: 'Date of the session',
  noMeetingLink: 'The link to join the meeting will be sent before the meeting.',
  calendarButtons:
    'Answers sent with the Accept and Decline buttons of your calendar are not read: if you cannot attend, please tell the convener of the workstream.',
  deleteNote: 'If the meeting is still in your calendar, you can delete it.',
  attendAction: 'I will attend',
  notAttendAction: 'I cannot attend',
  footer: (workstream: string, series: string, email: string) =>
    `You receive this message because you (${email}) take part in the workstream “${workstream}” of the series “${series}”.`,
} satisfies Catalogue;

export const text: Translations<typeof en> = {
  en,
  fr: {
    subjectInvitation: (meeting, workstream, date) =>
      `Invitation${NBSP}: «${NBSP}${meeting}${NBSP}» (${workstream}), ${date}`,
    subjectUpdate: (meeting, date) => `Réunion modifiée${NBSP}: «${NBSP}${meeting}${NBSP}», désormais le ${date}`,
    subjectCancellation: (meeting, date) => `Réunion annulée${NBSP}: «${NBSP}${meeting}${NBSP}», ${date}`,
    subjectWithdrawal: (meeting, date) => `Retirée de votre agenda${NBSP}: «${NBSP}${meeting}${NBSP}», ${date}`,
    withdrawn: (meeting, workstream) =>
      `Vous n'êtes plus membre du groupe de travail «${NBSP}${workstream}${NBSP}»${NBSP}: l'invitation à sa réunion «${NBSP}${meeting}${NBSP}» est retirée. Ce message la supprime de votre agenda.`,
    invite: (workstream, series) =>
      `Nous vous invitons à une réunion du groupe de travail «${NBSP}${workstream}${NBSP}» de la série «${NBSP}${series}${NBSP}».`,
    updated: (meeting, workstream) =>
      `La réunion «${NBSP}${meeting}${NBSP}» du groupe de travail «${NBSP}${workstream}${NBSP}» a changé. Ce message met à jour l'invitation dans votre agenda${NBSP}; voici ce qui a changé et les nouvelles informations.`,
    cancelled: (meeting, workstream) =>
      `La réunion «${NBSP}${meeting}${NBSP}» du groupe de travail «${NBSP}${workstream}${NBSP}» est annulée. Ce message la supprime de votre agenda.`,
    workstreamLabel: 'Groupe de travail',
    meetingLabel: 'Réunion',
    newWhenLabel: 'Nouvelle date et heure',
    plannedLabel: 'Date prévue',
    convenerLabel: 'Animation du groupe',
    feedbackOf: (session) =>
      `Il s'agit de la réunion du groupe de travail consacrée aux retours sur la session «${NBSP}${session}${NBSP}».`,
    sessionDateLabel: 'Date de la session',
    noMeetingLink: 'Le lien pour rejoindre la réunion vous sera envoyé avant la réunion.',
    calendarButtons: `Les réponses envoyées avec les boutons Accepter et Refuser de votre agenda ne sont pas lues${NBSP}: si vous ne pouvez pas participer, merci de prévenir la personne qui anime le groupe de travail.`,
    deleteNote: 'Si la réunion figure encore dans votre agenda, vous pouvez la supprimer.',
    attendAction: 'Je participerai',
    notAttendAction: 'Je ne pourrai pas participer',
    footer: (workstream, series, email) =>
      `Vous recevez ce message parce que vous (${email}) participez au groupe de travail «${NBSP}${workstream}${NBSP}» de la série «${NBSP}${series}${NBSP}».`,
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
    sessionDateLabel: 'Fecha de la sesión',
    noMeetingLink: 'El enlace para unirse a la reunión se enviará antes de la reunión.',
    calendarButtons:
      'Las respuestas enviadas con los botones Aceptar y Rechazar de su calendario no se leen: si no puede asistir, avise a la persona que coordina el grupo de trabajo.',
    deleteNote: 'Si la reunión sigue en su calendario, puede eliminarla.',
    attendAction: 'Participaré',
    notAttendAction: 'No podré participar',
    footer: (workstream, series, email) =>
      `Recibe este mensaje porque usted (${email}) participa en el grupo de trabajo «${workstream}» de la serie «${series}».`,
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
    sessionDateLabel: 'Data da sessão',
    noMeetingLink: 'O link para participar na reunião será enviado antes da reunião.',
    calendarButtons:
      'As respostas enviadas com os botões Aceitar e Recusar do seu calendário não são lidas: se não puder participar, avise a pessoa que coordena o grupo de trabalho.',
    deleteNote: 'Se a reunião ainda estiver no seu calendário, pode eliminá-la.',
    attendAction: 'Vou participar',
    notAttendAction: 'Não poderei participar',
    footer: (workstream, series, email) =>
      `Recebe esta mensagem porque participa (${email}) no grupo de trabalho “${workstream}” da série “${series}”.`,
  },
};

const timeOf = (ctx: MeetingContext, instant: Date) =>
  when(instant, ctx.reader.language, ctx.reader.zone, ctx.series.timezone, ctx.reader.zoneEstimated);

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
  }
}

function whenLabel(ctx: MeetingMessageContext): string {
  const t = text[ctx.reader.language];
  switch (ctx.message) {
    case 'invitation':
      return shared[ctx.reader.language].whenLabel;
    case 'update':
      return t.newWhenLabel;
    case 'cancellation':
    case 'withdrawal':
      return t.plannedLabel;
  }
}

export function render(ctx: MeetingMessageContext) {
  const { reader, series, workstream, meeting } = ctx;
  const lang = reader.language;
  const t = text[lang];
  const s = shared[lang];
  const c = common[lang];
  const cancelled = ctx.message === 'cancellation' || ctx.message === 'withdrawal';
  const intro = opening(ctx);
  const rows: [string, string][] = [
    [t.workstreamLabel, workstream.title],
    [t.meetingLabel, meeting.title],
    [whenLabel(ctx), timeOf(ctx, meeting.startsAt)],
  ];
  if (!cancelled) rows.push([s.durationLabel, s.minutes(String(meeting.durationMinutes))]);
  rows.push([t.convenerLabel, convenerName(ctx, lang)]);
  if (ctx.linkedSession) rows.push([t.sessionDateLabel, sessionDate(ctx, lang)]);

  const blocks: Block[] = [paragraph(greet(reader.name, lang)), paragraph(intro)];
  if (ctx.linkedSession) blocks.push(paragraph(t.feedbackOf(ctx.linkedSession.title)));
  if (ctx.change) blocks.push(...changeBlocks({ reader, series, ...ctx.change }));
  blocks.push(facts(rows));
  if (cancelled) {
    blocks.push(paragraph(t.deleteNote));
  } else {
    if (meeting.description) blocks.push(paragraph(meeting.description));
    blocks.push(meeting.meetingUrl ? action(s.joinAction, meeting.meetingUrl) : paragraph(t.noMeetingLink));
    if (ctx.answerLinks) {
      blocks.push(action(t.attendAction, ctx.answerLinks.accept), action(t.notAttendAction, ctx.answerLinks.decline));
    }
    if (!ctx.buttonsRead) blocks.push(paragraph(t.calendarButtons));
  }
  blocks.push(lines(c.signOff, c.signature(series.title)));

  const date = shortDate(meeting.startsAt, lang, reader.zone);
  const subject =
    ctx.message === 'invitation'
      ? t.subjectInvitation(meeting.title, workstream.title, date)
      : ctx.message === 'update'
        ? t.subjectUpdate(meeting.title, date)
        : ctx.message === 'withdrawal'
          ? t.subjectWithdrawal(meeting.title, date)
          : t.subjectCancellation(meeting.title, date);
  return renderDocument({
    language: lang,
    subject,
    preview: `${intro} ${timeOf(ctx, meeting.startsAt)}`,
    blocks,
    footer: t.footer(workstream.title, series.title, reader.email),
  });
}

/** The event's SUMMARY in a calendar: the meeting and its workstream. */
export const calendarSummary = (ctx: MeetingContext): string => `${ctx.workstream.title}: ${ctx.meeting.title}`;

/** The event's DESCRIPTION in a calendar: the essentials, in the reader's language. */
export function calendarDescription(ctx: MeetingMessageContext): string {
  const lang = ctx.reader.language;
  const t = text[lang];
  const s = shared[lang];
  const c = common[lang];
  const parts: string[] = [];
  if (ctx.message !== 'invitation') parts.push(opening(ctx));
  if (ctx.change) parts.push(...changeText({ reader: ctx.reader, series: ctx.series, ...ctx.change }));
  parts.push(
    ctx.series.title,
    `${c.label(t.workstreamLabel)} ${ctx.workstream.title}`,
    `${c.label(whenLabel(ctx))} ${timeOf(ctx, ctx.meeting.startsAt)}`,
  );
  if (ctx.message !== 'cancellation' && ctx.message !== 'withdrawal') {
    parts.push(ctx.meeting.meetingUrl ? `${c.label(s.meetingLabel)} ${ctx.meeting.meetingUrl}` : t.noMeetingLink);
  }
  parts.push(`${c.label(t.convenerLabel)} ${convenerName(ctx, lang)}`);
  if (ctx.linkedSession) {
    parts.push(t.feedbackOf(ctx.linkedSession.title), `${c.label(t.sessionDateLabel)} ${sessionDate(ctx, lang)}`);
  }
  if (ctx.message !== 'cancellation' && ctx.message !== 'withdrawal') {
    if (ctx.meeting.description) parts.push('', ctx.meeting.description);
    if (!ctx.buttonsRead) parts.push('', t.calendarButtons);
  }
  return parts.join('\n');
}

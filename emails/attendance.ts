// The messages to a person registered to attend a session (the audience, not a role holder):
//   attendance_invitation   their calendar invitation (METHOD:REQUEST, ROLE=OPT-PARTICIPANT)
//   attendance_update       the session changed: time, link, title or description (what changed beside it)
//   attendance_cancellation the session is cancelled (METHOD:CANCEL, STATUS:CANCELLED)
//   attendance_withdrawal   they unregistered: their copy leaves their calendar (METHOD:CANCEL)
//   attendance_reminder     a week and a day before, with the meeting link (no calendar part)
// In the reader's language and zone; the time in their zone, UTC and the series' zone.
import type { CalendarSnapshot, EventChange } from '../src/calendar/event.js';
import { changeBlocks, changeText } from './event-change.js';
import { type Catalogue, common, type SeriesMessage, shortDate, timeLeftUntil, timeOf, translations } from './i18n.js';
import { agendaBlocks, lineupBlocks, meetingBlocks, type SessionDetails, shared, signOff } from './invitation.js';
import { action, type Block, facts, heading, paragraph, renderLetter } from './layout.js';

export interface AttendanceContext extends SeriesMessage {
  session: SessionDetails;
  /** Where the reader sees their registration and can cancel it. */
  registrationLink: string;
}

export interface AttendanceUpdateContext extends AttendanceContext {
  changes: EventChange[];
  previous?: CalendarSnapshot | undefined;
  current: CalendarSnapshot;
}

export interface AttendanceReminderContext extends AttendanceContext {
  /** When the reminder goes out: the time left is told from it, in the reader's zone. */
  sentAt: Date;
}

const NBSP = '\u00a0';

const en = {
  invitationSubject: (session: string, date: string) => `You are registered: “${session}”, ${date}`,
  invitationIntro: (session: string, series: string) =>
    `You are registered to attend the session “${session}” of the series “${series}”. The invitation attached adds it to your calendar.`,
  updateSubject: (session: string, date: string) => `Session changed: “${session}”, ${date}`,
  updateIntro: (session: string, series: string) =>
    `The session “${session}” of the series “${series}”, which you registered to attend, has changed. Your calendar is updated by the invitation attached.`,
  cancellationSubject: (session: string, date: string) => `Cancelled: “${session}”, ${date}`,
  cancellationIntro: (session: string, series: string) =>
    `The session “${session}” of the series “${series}”, which you registered to attend, is cancelled. The message attached takes it out of your calendar.`,
  withdrawalSubject: (session: string) => `Registration cancelled: “${session}”`,
  withdrawalIntro: (session: string) =>
    `As you asked, you are no longer registered to attend the session “${session}”. The message attached takes it out of your calendar.`,
  reminderSubject: (session: string, left: string, date: string) => `Reminder: “${session}” ${left}, ${date}`,
  reminderIntro: (session: string, series: string, left: string) =>
    `A reminder that the session “${session}” of the series “${series}”, which you registered to attend, takes place ${left}.`,
  attendingLabel: 'You take part',
  attendingValue: 'as a participant',
  plannedLabel: 'It was planned for',
  groupNote:
    'The session ends with experiences and questions shared by other countries: come ready to say what has and has not worked in your own country.',
  registrationHeading: 'Your registration',
  registrationAction: 'See or cancel your registration',
  registerAgain: 'You can register again at any time before the session starts.',
  footer: (series: string, email: string) =>
    `You receive this message because you (${email}) registered to attend a session of the series “${series}”.`,
} satisfies Catalogue;

export const text = translations<typeof en>('attendance', {
  en,
  fr: {
    invitationSubject: (session, date) => `Votre inscription${NBSP}: «${NBSP}${session}${NBSP}», ${date}`,
    invitationIntro: (session, series) =>
      `Vous êtes inscrit(e) pour assister à la session «${NBSP}${session}${NBSP}» de la série «${NBSP}${series}${NBSP}». L’invitation jointe l’ajoute à votre agenda.`,
    updateSubject: (session, date) => `Session modifiée${NBSP}: «${NBSP}${session}${NBSP}», ${date}`,
    updateIntro: (session, series) =>
      `La session «${NBSP}${session}${NBSP}» de la série «${NBSP}${series}${NBSP}», à laquelle vous êtes inscrit(e), a changé. L’invitation jointe met votre agenda à jour.`,
    cancellationSubject: (session, date) => `Annulée${NBSP}: «${NBSP}${session}${NBSP}», ${date}`,
    cancellationIntro: (session, series) =>
      `La session «${NBSP}${session}${NBSP}» de la série «${NBSP}${series}${NBSP}», à laquelle vous étiez inscrit(e), est annulée. Le message joint la retire de votre agenda.`,
    withdrawalSubject: (session) => `Inscription annulée${NBSP}: «${NBSP}${session}${NBSP}»`,
    withdrawalIntro: (session) =>
      `Comme vous l’avez demandé, vous n’êtes plus inscrit(e) à la session «${NBSP}${session}${NBSP}». Le message joint la retire de votre agenda.`,
    reminderSubject: (session, left, date) => `Rappel${NBSP}: «${NBSP}${session}${NBSP}» ${left}, le ${date}`,
    reminderIntro: (session, series, left) =>
      `Pour rappel, la session «${NBSP}${session}${NBSP}» de la série «${NBSP}${series}${NBSP}», à laquelle vous êtes inscrit(e), a lieu ${left}.`,
    attendingLabel: 'Votre participation',
    attendingValue: 'en tant que participant(e)',
    plannedLabel: 'Elle était prévue le',
    groupNote: `La session se termine par les expériences et les questions des autres pays${NBSP}: venez prêt(e) à dire ce qui a marché, ou non, dans votre pays.`,
    registrationHeading: 'Votre inscription',
    registrationAction: 'Voir ou annuler votre inscription',
    registerAgain: 'Vous pouvez vous réinscrire à tout moment avant le début de la session.',
    footer: (series, email) =>
      `Vous recevez ce message parce que vous (${email}) vous êtes inscrit(e) à une session de la série «${NBSP}${series}${NBSP}».`,
  },
  es: {
    invitationSubject: (session, date) => `Inscripción confirmada: «${session}», ${date}`,
    invitationIntro: (session, series) =>
      `Está inscrito/a para asistir a la sesión «${session}» de la serie «${series}». La invitación adjunta la añade a su calendario.`,
    updateSubject: (session, date) => `Sesión modificada: «${session}», ${date}`,
    updateIntro: (session, series) =>
      `La sesión «${session}» de la serie «${series}», a la que está inscrito/a, ha cambiado. La invitación adjunta actualiza su calendario.`,
    cancellationSubject: (session, date) => `Cancelada: «${session}», ${date}`,
    cancellationIntro: (session, series) =>
      `La sesión «${session}» de la serie «${series}», a la que estaba inscrito/a, se ha cancelado. El mensaje adjunto la retira de su calendario.`,
    withdrawalSubject: (session) => `Inscripción cancelada: «${session}»`,
    withdrawalIntro: (session) =>
      `Como nos pidió, ya no está inscrito/a en la sesión «${session}». El mensaje adjunto la retira de su calendario.`,
    reminderSubject: (session, left, date) => `Recordatorio: «${session}» ${left}, el ${date}`,
    reminderIntro: (session, series, left) =>
      `Le recordamos que la sesión «${session}» de la serie «${series}», a la que está inscrito/a, tendrá lugar ${left}.`,
    attendingLabel: 'Su participación',
    attendingValue: 'como participante',
    plannedLabel: 'Estaba prevista para',
    groupNote:
      'La sesión termina con experiencias y preguntas de otros países: venga preparado/a para contar lo que ha funcionado, o no, en su país.',
    registrationHeading: 'Su inscripción',
    registrationAction: 'Ver o cancelar su inscripción',
    registerAgain: 'Puede volver a inscribirse en cualquier momento antes de que empiece la sesión.',
    footer: (series, email) =>
      `Recibe este mensaje porque usted (${email}) se inscribió para asistir a una sesión de la serie «${series}».`,
  },
  pt: {
    invitationSubject: (session, date) => `Inscrição confirmada: “${session}”, ${date}`,
    invitationIntro: (session, series) =>
      `Está inscrito(a) para assistir à sessão “${session}” da série “${series}”. O convite em anexo acrescenta-a ao seu calendário.`,
    updateSubject: (session, date) => `Sessão alterada: “${session}”, ${date}`,
    updateIntro: (session, series) =>
      `A sessão “${session}” da série “${series}”, em que está inscrito(a), foi alterada. O convite em anexo atualiza o seu calendário.`,
    cancellationSubject: (session, date) => `Cancelada: “${session}”, ${date}`,
    cancellationIntro: (session, series) =>
      `A sessão “${session}” da série “${series}”, em que estava inscrito(a), foi cancelada. A mensagem em anexo retira-a do seu calendário.`,
    withdrawalSubject: (session) => `Inscrição cancelada: “${session}”`,
    withdrawalIntro: (session) =>
      `Como pediu, deixou de estar inscrito(a) na sessão “${session}”. A mensagem em anexo retira-a do seu calendário.`,
    reminderSubject: (session, left, date) => `Lembrete: “${session}” ${left}, a ${date}`,
    reminderIntro: (session, series, left) =>
      `Lembramos que a sessão “${session}” da série “${series}”, em que está inscrito(a), se realiza ${left}.`,
    attendingLabel: 'A sua participação',
    attendingValue: 'como participante',
    plannedLabel: 'Estava prevista para',
    groupNote:
      'A sessão termina com experiências e perguntas de outros países: venha preparado(a) para contar o que funcionou, ou não, no seu país.',
    registrationHeading: 'A sua inscrição',
    registrationAction: 'Ver ou cancelar a sua inscrição',
    registerAgain: 'Pode voltar a inscrever-se a qualquer momento antes do início da sessão.',
    footer: (series, email) =>
      `Recebe esta mensagem porque se inscreveu (${email}) para assistir a uma sessão da série “${series}”.`,
  },
});

/** Date and time (three zones), duration, and that the reader takes part as a participant. */
function factsOf(ctx: AttendanceContext): Block {
  const lang = ctx.reader.language;
  const s = shared[lang];
  const t = text[lang];
  return facts([
    [s.whenLabel, timeOf(ctx, ctx.session.startsAt)],
    [s.durationLabel, s.minutes(String(ctx.session.durationMinutes))],
    [t.attendingLabel, t.attendingValue],
  ]);
}

/** The session as the audience needs it: the link, the question, the line-up, the agenda. */
function sessionBlocks(ctx: AttendanceContext): Block[] {
  const lang = ctx.reader.language;
  const s = shared[lang];
  const { session } = ctx;
  const blocks: Block[] = [heading(s.meetingLabel), ...meetingBlocks(session, lang)];
  if (session.discussantQuestion) {
    blocks.push(heading(s.questionHeading), paragraph(common[lang].quote(session.discussantQuestion)));
  }
  blocks.push(...lineupBlocks(session.lineup, lang), ...agendaBlocks(ctx), paragraph(text[lang].groupNote));
  return blocks;
}

const registrationBlocks = (ctx: AttendanceContext): Block[] => {
  const t = text[ctx.reader.language];
  return [heading(t.registrationHeading), action(t.registrationAction, ctx.registrationLink)];
};

const document = (ctx: AttendanceContext, subject: string, intro: string, body: Block[]) =>
  renderLetter(ctx.reader, {
    subject,
    opening: intro,
    blocks: [...body, signOff(ctx)],
    footer: text[ctx.reader.language].footer(ctx.series.title, ctx.reader.email),
  });

const dateOf = (ctx: AttendanceContext) => shortDate(ctx.session.startsAt, ctx.reader.language, ctx.reader.zone);

export function renderInvitation(ctx: AttendanceContext) {
  const t = text[ctx.reader.language];
  const intro = t.invitationIntro(ctx.session.title, ctx.series.title);
  const description = ctx.session.description ? [paragraph(ctx.session.description)] : [];
  return document(ctx, t.invitationSubject(ctx.session.title, dateOf(ctx)), intro, [
    ...description,
    factsOf(ctx),
    ...sessionBlocks(ctx),
    ...registrationBlocks(ctx),
  ]);
}

export function renderUpdate(ctx: AttendanceUpdateContext) {
  const t = text[ctx.reader.language];
  const intro = t.updateIntro(ctx.session.title, ctx.series.title);
  const description = ctx.session.description ? [paragraph(ctx.session.description)] : [];
  return document(ctx, t.updateSubject(ctx.session.title, dateOf(ctx)), intro, [
    ...changeBlocks(ctx),
    factsOf(ctx),
    ...description,
    ...sessionBlocks(ctx),
    ...registrationBlocks(ctx),
  ]);
}

export function renderCancellation(ctx: AttendanceContext) {
  const t = text[ctx.reader.language];
  const intro = t.cancellationIntro(ctx.session.title, ctx.series.title);
  return document(ctx, t.cancellationSubject(ctx.session.title, dateOf(ctx)), intro, [
    facts([[t.plannedLabel, timeOf(ctx, ctx.session.startsAt)]]),
  ]);
}

export function renderWithdrawal(ctx: AttendanceContext) {
  const t = text[ctx.reader.language];
  const intro = t.withdrawalIntro(ctx.session.title);
  return document(ctx, t.withdrawalSubject(ctx.session.title), intro, [
    facts([[shared[ctx.reader.language].whenLabel, timeOf(ctx, ctx.session.startsAt)]]),
    paragraph(t.registerAgain),
    ...registrationBlocks(ctx),
  ]);
}

export function renderReminder(ctx: AttendanceReminderContext) {
  const lang = ctx.reader.language;
  const t = text[lang];
  const left = timeLeftUntil(ctx.sentAt, ctx.session.startsAt, lang, ctx.reader.zone);
  const intro = t.reminderIntro(ctx.session.title, ctx.series.title, left);
  return document(ctx, t.reminderSubject(ctx.session.title, left, dateOf(ctx)), intro, [
    factsOf(ctx),
    ...sessionBlocks(ctx),
    ...registrationBlocks(ctx),
  ]);
}

/** The event's DESCRIPTION in the attendee's calendar: series, time, link, question; never a link that acts. */
export function calendarDescription(ctx: AttendanceContext, changes: string[] = []): string {
  const lang = ctx.reader.language;
  const s = shared[lang];
  const c = common[lang];
  const parts = [
    ...changes,
    ctx.series.title,
    `${c.label(s.whenLabel)} ${timeOf(ctx, ctx.session.startsAt)}`,
    ctx.session.meetingUrl ? `${c.label(s.meetingLabel)} ${ctx.session.meetingUrl}` : s.noMeetingLink,
  ];
  if (ctx.session.discussantQuestion) {
    parts.push(`${c.label(s.questionHeading)} ${c.quote(ctx.session.discussantQuestion)}`);
  }
  return parts.join('\n');
}

export const updateDescription = (ctx: AttendanceUpdateContext): string => calendarDescription(ctx, changeText(ctx));

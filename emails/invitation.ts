// invitation: one role-specific email to a person lined up for a session, with the calendar
// invitation (METHOD:REQUEST) beside it. It also holds what the other session messages share
// (update, cancellations, reminder, decline alert): the role briefs from the call, the line-up,
// the agenda, the discussant's question, the reply links and the calendar description.
//
// Everything the reader needs is in the text itself (time in their zone, UTC and the series'
// zone; link; brief): low-bandwidth readers may never open the calendar file.
import { type AgendaKind, agendaKinds, type RoleName } from '../src/domain/vocabulary.js';
import { roleLabel } from '../src/i18n/glossary.js';
import { standardSegmentTitle } from '../src/i18n/index.js';
import {
  type Catalogue,
  common,
  countryIn,
  greet,
  joinList,
  type Language,
  localeOf,
  type Reader,
  roleName,
  type SeriesMessage,
  shortDate,
  timeOf,
  translations,
  zoneNote,
} from './i18n.js';
import { action, type Block, facts, heading, type Item, lines, list, paragraph, renderDocument } from './layout.js';

/** The role of the person a message is about. */
export type PersonRole = RoleName;

export interface LineupPerson {
  name: string;
  country: string | null;
  /** The reader of the message. */
  you: boolean;
}

/** The session's line-up as the messages show it: no addresses; people who declined left out. */
export interface Lineup {
  chair: LineupPerson | null;
  chairCountry: string | null;
  supportingChair: LineupPerson | null;
  focal: { country: string | null; people: LineupPerson[] };
  discussant: { country: string | null; people: LineupPerson[] };
  coBloggers: LineupPerson[];
}

interface AgendaItem {
  title: string;
  /** A part of the standard call structure, worded in the reader's language; null for the chairs' own title. */
  kind: AgendaKind | null;
  startsAt: Date;
  endsAt: Date;
  lead: string | null;
}

export interface SessionDetails {
  title: string;
  description: string | null;
  startsAt: Date;
  durationMinutes: number;
  meetingUrl: string | null;
  discussantQuestion: string | null;
  agenda: AgendaItem[];
  lineup: Lineup;
  blogDueAt: Date | null;
}

/** What every message about one person's role in a session knows. */
export interface RoleContext extends SeriesMessage {
  session: SessionDetails;
  role: PersonRole;
  /** The country the reader stands for in this role (focal, discussant or chair country); null for the others. */
  roleCountry: string | null;
}

interface ReplyLinks {
  acceptLink: string;
  declineLink: string;
  /** Whether the service reads what the calendar's own buttons send (INBOUND_SMTP_PORT or IMAP_URL set). */
  buttonsRead?: boolean;
}

export interface InvitationContext extends RoleContext, ReplyLinks {
  /** The person's own calendar feed, when they have one. */
  calendarFeedLink: string | null;
}

const NBSP = '\u00a0';

// ---- what the session messages share -------------------------------------------------------------

const sharedEn = {
  asFocal: 'as the focal country',
  asDiscussant: 'as the discussant country',
  asChair: 'as its chair',
  asSupportingChair: 'as supporting chair, backing its chair on behalf of the series chairs',
  asCoBlogger: 'as a co-blogger',
  briefFocal:
    'As the focal country, you present how the governance of this subtopic works in your country: the arrangements in place, the challenges you have met and the lessons you have learnt. The discussant country then puts a practical “how to” question to you, and you answer it from your experience.',
  briefDiscussant:
    'As the discussant country, you formulate one practical “how to” question for the focal country, one that its experience can answer, and you speak briefly to the situation in your own country. The chair will bring you together with the focal country beforehand to settle the question.',
  briefChair:
    'As the chair, you convene the focal country and the discussant country before the session to settle the question and the structure of the discussion; then you lead the session and open it to the experiences and questions of the other countries. One of the series chairs supports you.',
  briefSupportingChair:
    'As the supporting chair, you back the session’s chair on behalf of the series chairs: you help prepare the meeting with the focal and discussant countries, and you can step in during the session if needed.',
  briefCoBlogger:
    'As a co-blogger, you co-write a blog post of 1–2 pages on the session with the chair and the discussant, after the session.',
  blogDue: (date: string) => `The blog post is due by ${date}.`,
  sessionHeading: 'The session',
  whenLabel: 'Date and time',
  durationLabel: 'Duration',
  minutes: (n: string) => `${n} minutes`,
  roleLabel: 'Your role',
  meetingLabel: 'Meeting link',
  joinAction: 'Join the meeting',
  noMeetingLink: 'The link to join the meeting will be sent before the session.',
  lineupHeading: 'Who does what',
  you: (name: string) => `${name} — you`,
  speakersTbd: 'speakers to be decided',
  agendaHeading: (zone: string) => `Agenda (times in ${zone})`,
  flowHeading: 'How the session usually runs',
  leadFocal: 'led by the focal country',
  leadDiscussant: 'led by the discussant country',
  leadChair: 'led by the chair',
  leadAll: 'open to everyone',
  questionHeading: 'The discussant’s question',
  questionPending: 'Your question is not recorded yet: please settle it with the chair before the meeting.',
  replyHeading: 'Your answer',
  acceptAction: 'Accept the role',
  declineAction: 'Decline the role',
  calendarNote:
    'The Accept and Decline buttons of your calendar send the answer to a mailbox that is not read yet: please answer with the links in this email.',
  feedNote: (link: string) =>
    `Every session you take part in is also in your personal calendar, which your calendar application can subscribe to: ${link}`,
} satisfies Catalogue;

type SharedText = typeof sharedEn;

export const shared = translations<SharedText>('invitation.shared', {
  en: sharedEn,
  fr: {
    asFocal: 'au titre du pays focal',
    asDiscussant: 'au titre du pays discutant',
    asChair: 'pour en assurer la présidence',
    asSupportingChair: 'pour appuyer sa présidence au nom des coprésidents de la série',
    asCoBlogger: 'pour co-rédiger le billet de blog qui en rendra compte',
    briefFocal: `Au titre du pays focal, vous présentez comment la gouvernance de ce sous-thème est organisée dans votre pays${NBSP}: les dispositifs en place, les difficultés rencontrées et les leçons tirées. Le pays discutant vous pose ensuite une question pratique («${NBSP}comment faire pour…${NBSP}?${NBSP}»), à laquelle vous répondez à partir de votre expérience.`,
    briefDiscussant: `Au titre du pays discutant, vous formulez à l’intention du pays focal une question pratique («${NBSP}comment faire pour…${NBSP}?${NBSP}») à laquelle son expérience peut répondre, et vous présentez brièvement la situation dans votre propre pays. La présidence de séance vous réunira au préalable avec le pays focal pour arrêter la question.`,
    briefChair: `En tant que présidente ou président de séance, vous réunissez avant la session le pays focal et le pays discutant pour arrêter la question et le déroulé de la discussion${NBSP}; vous animez ensuite la session et l’ouvrez aux expériences et aux questions des autres pays. L’un des coprésidents de la série vous apporte son appui.`,
    briefSupportingChair: `En appui à la présidence de séance, au nom des coprésidents de la série, vous aidez à préparer la réunion avec le pays focal et le pays discutant, et vous pouvez prendre le relais pendant la session si nécessaire.`,
    briefCoBlogger:
      'En tant que co-rédactrice ou co-rédacteur, vous écrivez après la session, avec la présidence de séance et le pays discutant, un billet de blog de 1 à 2 pages sur la session.',
    blogDue: (date) => `Le billet est attendu au plus tard le ${date}.`,
    sessionHeading: 'La session',
    whenLabel: 'Date et heure',
    durationLabel: 'Durée',
    minutes: (n) => `${n}${NBSP}minutes`,
    roleLabel: 'Votre rôle',
    meetingLabel: 'Lien de la réunion',
    joinAction: 'Rejoindre la réunion',
    noMeetingLink: 'Le lien pour rejoindre la réunion vous sera envoyé avant la session.',
    lineupHeading: 'Qui fait quoi',
    you: (name) => `${name} — vous`,
    speakersTbd: 'intervenants à déterminer',
    agendaHeading: (zone) => `Ordre du jour (heures en ${zone})`,
    flowHeading: 'Déroulé habituel de la session',
    leadFocal: 'animé par le pays focal',
    leadDiscussant: 'animé par le pays discutant',
    leadChair: 'animé par la présidence de séance',
    leadAll: 'ouvert à toutes et à tous',
    questionHeading: 'La question du pays discutant',
    questionPending: `Votre question n’est pas encore enregistrée${NBSP}: merci de l’arrêter avec la présidence de séance avant la réunion.`,
    replyHeading: 'Votre réponse',
    acceptAction: 'Accepter le rôle',
    declineAction: 'Décliner le rôle',
    calendarNote: `Les boutons Accepter et Refuser de votre agenda envoient la réponse à une boîte aux lettres qui n’est pas encore lue${NBSP}: merci de répondre avec les liens de ce message.`,
    feedNote: (link) =>
      `Toutes les sessions auxquelles vous participez figurent aussi dans votre agenda personnel, auquel votre application d’agenda peut s’abonner${NBSP}: ${link}`,
  },
  es: {
    asFocal: 'como país focal',
    asDiscussant: 'como país comentarista',
    asChair: 'para presidirla',
    asSupportingChair: 'para apoyar a su presidencia en nombre de los copresidentes de la serie',
    asCoBlogger: 'como coautor/a de la entrada de blog sobre la sesión',
    briefFocal:
      'Como país focal, usted presenta cómo se organiza en su país la gobernanza de este subtema: los mecanismos vigentes, las dificultades encontradas y las lecciones aprendidas. A continuación, el país comentarista le plantea una pregunta práctica («¿cómo hacer para…?»), que usted responde a partir de su experiencia.',
    briefDiscussant:
      'Como país comentarista, usted formula para el país focal una pregunta práctica («¿cómo hacer para…?») que su experiencia pueda responder, y expone brevemente la situación en su propio país. La presidencia de la sesión le reunirá antes con el país focal para acordar la pregunta.',
    briefChair:
      'Como presidente/a de la sesión, usted reúne de antemano al país focal y al país comentarista para acordar la pregunta y la estructura del debate; después modera la sesión y la abre a las experiencias y preguntas de los demás países. Uno de los copresidentes de la serie le brinda su apoyo.',
    briefSupportingChair:
      'En apoyo a la presidencia de la sesión, en nombre de los copresidentes de la serie, usted ayuda a preparar la reunión con el país focal y el país comentarista, y puede tomar el relevo durante la sesión si hace falta.',
    briefCoBlogger:
      'Como coautor/a, usted redacta después de la sesión, junto con la presidencia de la sesión y el país comentarista, una entrada de blog de 1 a 2 páginas sobre la sesión.',
    blogDue: (date) => `La entrada debe entregarse a más tardar el ${date}.`,
    sessionHeading: 'La sesión',
    whenLabel: 'Fecha y hora',
    durationLabel: 'Duración',
    minutes: (n) => `${n} minutos`,
    roleLabel: 'Su función',
    meetingLabel: 'Enlace de la reunión',
    joinAction: 'Unirse a la reunión',
    noMeetingLink: 'El enlace para unirse a la reunión se enviará antes de la sesión.',
    lineupHeading: 'Quién hace qué',
    you: (name) => `${name} — usted`,
    speakersTbd: 'ponentes por definir',
    agendaHeading: (zone) => `Orden del día (horas en ${zone})`,
    flowHeading: 'Desarrollo habitual de la sesión',
    leadFocal: 'a cargo del país focal',
    leadDiscussant: 'a cargo del país comentarista',
    leadChair: 'a cargo de la presidencia',
    leadAll: 'abierto a todos',
    questionHeading: 'La pregunta del país comentarista',
    questionPending:
      'Su pregunta aún no está registrada: acuérdela con la presidencia de la sesión antes de la reunión.',
    replyHeading: 'Su respuesta',
    acceptAction: 'Aceptar la función',
    declineAction: 'Declinar la función',
    calendarNote:
      'Los botones Aceptar y Rechazar de su calendario envían la respuesta a un buzón que todavía no se lee: por favor, responda con los enlaces de este correo.',
    feedNote: (link) =>
      `Todas las sesiones en las que participa figuran también en su calendario personal, al que su aplicación de calendario puede suscribirse: ${link}`,
  },
  pt: {
    asFocal: 'como país focal',
    asDiscussant: 'como país comentador',
    asChair: 'para a presidir',
    asSupportingChair: 'para apoiar a sua presidência em nome dos copresidentes da série',
    asCoBlogger: 'como coautor(a) do texto de blog sobre a sessão',
    briefFocal:
      'Como país focal, apresenta como está organizada no seu país a governação deste subtema: os mecanismos em vigor, as dificuldades encontradas e as lições aprendidas. Em seguida, o país comentador coloca-lhe uma pergunta prática (“como fazer para…?”), à qual responde a partir da sua experiência.',
    briefDiscussant:
      'Como país comentador, formula para o país focal uma pergunta prática (“como fazer para…?”) a que a experiência deste possa responder, e fala brevemente da situação no seu próprio país. A presidência da sessão promoverá previamente uma reunião com o país focal para definir a pergunta.',
    briefChair:
      'Como presidente da sessão, reúne previamente o país focal e o país comentador para definir a pergunta e a estrutura do debate; depois, modera a sessão e abre-a às experiências e perguntas dos outros países. Um dos copresidentes da série presta-lhe apoio.',
    briefSupportingChair:
      'Em apoio à presidência da sessão, em nome dos copresidentes da série, ajuda a preparar a reunião com o país focal e o país comentador e pode assumir a condução da sessão, se necessário.',
    briefCoBlogger:
      'Como coautor(a), redige depois da sessão, com a presidência da sessão e o país comentador, um texto de blog de 1 a 2 páginas sobre a sessão.',
    blogDue: (date) => `O texto deve ser entregue até ${date}.`,
    sessionHeading: 'A sessão',
    whenLabel: 'Data e hora',
    durationLabel: 'Duração',
    minutes: (n) => `${n} minutos`,
    roleLabel: 'A sua função',
    meetingLabel: 'Link da reunião',
    joinAction: 'Entrar na reunião',
    noMeetingLink: 'O link para entrar na reunião será enviado antes da sessão.',
    lineupHeading: 'Quem faz o quê',
    you: (name) => `${name} — você`,
    speakersTbd: 'oradores a definir',
    agendaHeading: (zone) => `Ordem de trabalhos (horas em ${zone})`,
    flowHeading: 'Decorrer habitual da sessão',
    leadFocal: 'a cargo do país focal',
    leadDiscussant: 'a cargo do país comentador',
    leadChair: 'a cargo da presidência',
    leadAll: 'aberto a todos',
    questionHeading: 'A pergunta do país comentador',
    questionPending: 'A sua pergunta ainda não foi registada: combine-a com a presidência da sessão antes da reunião.',
    replyHeading: 'A sua resposta',
    acceptAction: 'Aceitar a função',
    declineAction: 'Recusar a função',
    calendarNote:
      'Os botões Aceitar e Recusar do seu calendário enviam a resposta para uma caixa de correio que ainda não é lida: por favor, responda com os links desta mensagem.',
    feedNote: (link) =>
      `Todas as sessões em que participa constam também do seu calendário pessoal, que a sua aplicação de calendário pode subscrever: ${link}`,
  },
});

// ---- helpers the session messages share -----------------------------------------------------------

/** The name of a role a person holds ("focal country", "supporting chair") in the reader's language. */
export function personRoleName(role: PersonRole, language: Language): string {
  return roleName(role, language);
}

/** "focal country (Argentina)" when the role stands for a country. */
export function roleWithCountry(role: PersonRole, country: string | null, language: Language): string {
  const name = personRoleName(role, language);
  return country ? `${name} (${countryIn(country, language)})` : name;
}

export function roleBrief(role: PersonRole, language: Language): string {
  const s = shared[language];
  switch (role) {
    case 'focal':
      return s.briefFocal;
    case 'discussant':
      return s.briefDiscussant;
    case 'chair':
      return s.briefChair;
    case 'supporting_chair':
      return s.briefSupportingChair;
    case 'co_blogger':
      return s.briefCoBlogger;
  }
}

/** "as the focal country": how the invitation names the part the reader is asked to take. */
function roleAs(role: PersonRole, language: Language): string {
  const s = shared[language];
  switch (role) {
    case 'focal':
      return s.asFocal;
    case 'discussant':
      return s.asDiscussant;
    case 'chair':
      return s.asChair;
    case 'supporting_chair':
      return s.asSupportingChair;
    case 'co_blogger':
      return s.asCoBlogger;
  }
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** "14:05" in the zone (formatters are cached: building one is slow). */
function clock(instant: Date, zone: string): string {
  let format = clockFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    clockFormats.set(zone, format);
  }
  return format.format(instant);
}

const isUtc = (zone: string) => ['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT'].includes(zone);

/** Date and time (three zones), duration and, when given, the reader's role. */
export function sessionFacts(ctx: RoleContext, whenLabel?: string): Block {
  const lang = ctx.reader.language;
  const s = shared[lang];
  return facts([
    [whenLabel ?? s.whenLabel, timeOf(ctx, ctx.session.startsAt)],
    [s.durationLabel, s.minutes(String(ctx.session.durationMinutes))],
    [s.roleLabel, roleWithCountry(ctx.role, ctx.roleCountry, lang)],
  ]);
}

/** The join button with the link, or word that the link will follow. */
export function meetingBlocks(session: SessionDetails, language: Language): Block[] {
  const s = shared[language];
  return session.meetingUrl ? [action(s.joinAction, session.meetingUrl)] : [paragraph(s.noMeetingLink)];
}

/** The role's brief from the call, with the blog post's due date for a co-blogger. */
export function briefBlocks(ctx: RoleContext, headingText: string): Block[] {
  const lang = ctx.reader.language;
  const s = shared[lang];
  const blocks: Block[] = [heading(headingText), paragraph(roleBrief(ctx.role, lang))];
  if (ctx.role === 'co_blogger' && ctx.session.blogDueAt) {
    blocks.push(paragraph(s.blogDue(shortDate(ctx.session.blogDueAt, lang, ctx.reader.zone))));
  }
  return blocks;
}

/** "Kofi Mensah (Ghana) — you": the country when asked for, the reader marked. */
function personLine(person: LineupPerson, language: Language, country: string | null): string {
  const named = country ? `${person.name} (${countryIn(country, language)})` : person.name;
  return person.you ? shared[language].you(named) : named;
}

/** One line per role: who holds it, "to be decided" where nobody does yet. */
function lineupLines(lineup: Lineup, language: Language): string[] {
  const s = shared[language];
  const c = common[language];
  const people = (list: LineupPerson[], withCountry: boolean) =>
    list.length > 0
      ? joinList(
          list.map((p) => personLine(p, language, withCountry ? p.country : null)),
          language,
        )
      : null;
  const countryRole = (role: { country: string | null; people: LineupPerson[] }) => {
    if (!role.country) return c.toBeDecided;
    const names = people(role.people, false);
    return `${countryIn(role.country, language)} · ${names ?? s.speakersTbd}`;
  };
  const chair = lineup.chair
    ? personLine(lineup.chair, language, lineup.chairCountry ?? lineup.chair.country)
    : c.toBeDecided;
  const supporting = lineup.supportingChair
    ? personLine(lineup.supportingChair, language, lineup.supportingChair.country)
    : c.toBeDecided;
  return [
    `${c.label(roleLabel(language, 'chair'))} ${chair}`,
    `${c.label(roleLabel(language, 'supporting_chair'))} ${supporting}`,
    `${c.label(roleLabel(language, 'focal'))} ${countryRole(lineup.focal)}`,
    `${c.label(roleLabel(language, 'discussant'))} ${countryRole(lineup.discussant)}`,
    `${c.label(roleLabel(language, 'co_blogger', 2))} ${people(lineup.coBloggers, true) ?? c.toBeDecided}`,
  ];
}

export const lineupBlocks = (lineup: Lineup, language: Language): Block[] => [
  heading(shared[language].lineupHeading),
  list(lineupLines(lineup, language)),
];

function leadName(lead: string | null, language: Language): string | null {
  const s = shared[language];
  switch (lead) {
    case 'focal':
      return s.leadFocal;
    case 'discussant':
      return s.leadDiscussant;
    case 'chair':
      return s.leadChair;
    case 'all':
      return s.leadAll;
    default:
      return null;
  }
}

/**
 * The agenda with its times in the reader's zone (and UTC beside them), or, while none is set,
 * the usual flow of a session from the call.
 */
export function agendaBlocks(ctx: { reader: Reader; session: SessionDetails }): Block[] {
  const lang = ctx.reader.language;
  const s = shared[lang];
  const zone = ctx.reader.zone;
  if (ctx.session.agenda.length === 0) {
    return [
      heading(s.flowHeading),
      list(
        agendaKinds.map((kind) => standardSegmentTitle(kind, lang)),
        true,
      ),
    ];
  }
  const items: Item[] = ctx.session.agenda.map((segment) => {
    const local = `${clock(segment.startsAt, zone)}–${clock(segment.endsAt, zone)}`;
    const utc = isUtc(zone) ? '' : ` (${clock(segment.startsAt, 'UTC')}–${clock(segment.endsAt, 'UTC')} UTC)`;
    const lead = leadName(segment.lead, lang);
    return {
      text: `${local}${utc} ${segment.kind ? standardSegmentTitle(segment.kind, lang) : segment.title}`,
      details: lead ? [lead] : [],
    };
  });
  return [heading(`${s.agendaHeading(zone)}${zoneNote(lang, ctx.reader.zoneEstimated)}`), list(items)];
}

/** The discussant's question when set; a nudge to the discussant while it is not. */
export function questionBlocks(ctx: RoleContext): Block[] {
  const lang = ctx.reader.language;
  const s = shared[lang];
  if (ctx.session.discussantQuestion) {
    return [heading(s.questionHeading), paragraph(common[lang].quote(ctx.session.discussantQuestion))];
  }
  return ctx.role === 'discussant' ? [heading(s.questionHeading), paragraph(s.questionPending)] : [];
}

/**
 * The body every message to a role holder gives: when (under `whenLabel`), their role (under
 * `briefHeading`), the reply links with `ask` when they are to answer, then the session itself.
 */
export const roleHolderBlocks = (
  ctx: InvitationContext,
  words: { briefHeading: string; whenLabel?: string; ask?: string | null },
): Block[] => [
  sessionFacts(ctx, words.whenLabel),
  ...briefBlocks(ctx, words.briefHeading),
  ...(words.ask ? replyBlocks(ctx, ctx.reader.language, words.ask) : []),
  ...sessionDetailBlocks(ctx),
];

/** What a role holder needs about the session itself, in the order every session mail gives it. */
export const sessionDetailBlocks = (ctx: RoleContext): Block[] => [
  heading(shared[ctx.reader.language].meetingLabel),
  ...meetingBlocks(ctx.session, ctx.reader.language),
  ...questionBlocks(ctx),
  ...lineupBlocks(ctx.session.lineup, ctx.reader.language),
  ...agendaBlocks(ctx),
];

/** Accept and decline links, and, while nothing reads them, why the calendar's own buttons must not be used. */
export function replyBlocks(links: ReplyLinks, language: Language, ask?: string): Block[] {
  const s = shared[language];
  return [
    heading(s.replyHeading),
    ...(ask ? [paragraph(ask)] : []),
    action(s.acceptAction, links.acceptLink),
    action(s.declineAction, links.declineLink),
    ...(links.buttonsRead ? [] : [paragraph(s.calendarNote)]),
  ];
}

export const signOff = (ctx: SeriesMessage): Block =>
  lines(common[ctx.reader.language].signOff, common[ctx.reader.language].signature(ctx.series.title));

/**
 * The event's DESCRIPTION in a calendar: the essentials, in the reader's language. Never the
 * accept and decline links: delegates and shared calendars read it, so they stay in the email.
 */
export function calendarDescription(ctx: RoleContext): string {
  const lang = ctx.reader.language;
  const s = shared[lang];
  const c = common[lang];
  const parts = [
    ctx.series.title,
    `${c.label(s.roleLabel)} ${roleWithCountry(ctx.role, ctx.roleCountry, lang)}`,
    `${c.label(s.whenLabel)} ${timeOf(ctx, ctx.session.startsAt)}`,
    ctx.session.meetingUrl ? `${c.label(s.meetingLabel)} ${ctx.session.meetingUrl}` : s.noMeetingLink,
  ];
  if (ctx.session.discussantQuestion) {
    parts.push(`${c.label(s.questionHeading)} ${c.quote(ctx.session.discussantQuestion)}`);
  }
  parts.push('', ...lineupLines(ctx.session.lineup, lang));
  return parts.join('\n');
}

/** The session title, capitalised role and date, as subjects show them. */
const capitalise = (text: string, language: Language): string =>
  text.charAt(0).toLocaleUpperCase(localeOf(language)) + text.slice(1);

// ---- the invitation itself ------------------------------------------------------------------------

const en = {
  subject: (role: string, session: string, date: string) => `Invitation: ${role}, “${session}”, ${date}`,
  intro: (session: string, series: string, as: string) =>
    `We are pleased to invite you to take part in the session “${session}” of the series “${series}” ${as}.`,
  briefHeading: 'What we ask of you',
  replyAsk: 'Please let us know as soon as you can whether you can take this role.',
  footer: (series: string, email: string) =>
    `You receive this invitation because the chairs of the series “${series}” proposed you (${email}) for a role in one of its sessions.`,
} satisfies Catalogue;

export const text = translations<typeof en>('invitation', {
  en,
  fr: {
    subject: (role, session, date) => `Invitation${NBSP}: ${role}, «${NBSP}${session}${NBSP}», ${date}`,
    intro: (session, series, as) =>
      `Nous avons le plaisir de vous inviter à participer à la session «${NBSP}${session}${NBSP}» de la série «${NBSP}${series}${NBSP}» ${as}.`,
    briefHeading: 'Ce que nous attendons de vous',
    replyAsk: 'Merci de nous dire dès que possible si vous pouvez assumer ce rôle.',
    footer: (series, email) =>
      `Vous recevez cette invitation parce que les coprésidents de la série «${NBSP}${series}${NBSP}» ont proposé votre nom (${email}) pour un rôle dans l’une de ses sessions.`,
  },
  es: {
    subject: (role, session, date) => `Invitación: ${role}, «${session}», ${date}`,
    intro: (session, series, as) =>
      `Nos complace invitarle a participar en la sesión «${session}» de la serie «${series}» ${as}.`,
    briefHeading: 'Lo que le pedimos',
    replyAsk: 'Le rogamos que nos indique lo antes posible si puede asumir esta función.',
    footer: (series, email) =>
      `Recibe esta invitación porque los copresidentes de la serie «${series}» le propusieron (${email}) para una función en una de sus sesiones.`,
  },
  pt: {
    subject: (role, session, date) => `Convite: ${role}, “${session}”, ${date}`,
    intro: (session, series, as) =>
      `Temos o prazer de o(a) convidar a participar na sessão “${session}” da série “${series}” ${as}.`,
    briefHeading: 'O que lhe pedimos',
    replyAsk: 'Por favor, diga-nos o mais depressa possível se pode assumir esta função.',
    footer: (series, email) =>
      `Recebe este convite porque os copresidentes da série “${series}” propuseram o seu nome (${email}) para uma função numa das suas sessões.`,
  },
});

export function render(ctx: InvitationContext) {
  const { reader, series, session } = ctx;
  const lang = reader.language;
  const t = text[lang];
  const s = shared[lang];
  const intro = t.intro(session.title, series.title, roleAs(ctx.role, lang));
  const blocks: Block[] = [paragraph(greet(reader.name, lang)), paragraph(intro)];
  if (session.description) blocks.push(paragraph(session.description));
  blocks.push(...roleHolderBlocks(ctx, { briefHeading: t.briefHeading, ask: t.replyAsk }));
  if (ctx.calendarFeedLink) blocks.push(paragraph(s.feedNote(ctx.calendarFeedLink)));
  blocks.push(signOff(ctx));
  return renderDocument({
    language: lang,
    subject: t.subject(
      capitalise(personRoleName(ctx.role, lang), lang),
      session.title,
      shortDate(session.startsAt, lang, reader.zone),
    ),
    preview: `${intro} ${timeOf(ctx, session.startsAt)}`,
    blocks,
    footer: t.footer(series.title, reader.email),
  });
}

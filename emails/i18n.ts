// What every template shares: the four languages, their date formats, country names in the
// reader's language, and the words used in more than one message (greetings; role names come
// from the glossary, src/i18n/glossary.ts, which the pages use too).
// Times are always shown in the reader's zone, then in UTC and in the series' zone.
import { DateTime } from 'luxon';
import { type TimeLeft, timeLeft } from '../src/domain/time-left.js';
import { isOneOf, roleNames } from '../src/domain/vocabulary.js';
import { type Catalogue, isLanguage, pluralCategory, type Translations, translations } from '../src/i18n/catalogue.js';
import { roleWord } from '../src/i18n/glossary.js';
import { countryIn, joinList, LOCALES, localeOf } from '../src/i18n/locale.js';
import { type Language, languages } from '../src/modules/schemas.js';

// The templates' catalogues are of the one translation system's kind (src/i18n/catalogue.ts).
export {
  type Catalogue,
  countryIn,
  isLanguage,
  joinList,
  type Language,
  languages,
  localeOf,
  type Translations,
  translations,
};

/** A long date as each language writes it (luxon tokens; quoted parts are literal). */
const DATE_FORMATS: Record<Language, string> = {
  en: 'cccc d LLLL yyyy',
  fr: 'cccc d LLLL yyyy',
  es: "cccc d 'de' LLLL 'de' yyyy",
  pt: "cccc, d 'de' LLLL 'de' yyyy",
};

const isUtc = (zone: string) => zone === 'UTC' || zone === 'Etc/UTC' || zone === 'Etc/GMT' || zone === 'GMT';

/**
 * An instant as the reader needs it: the long date and time in their zone, then the time in
 * UTC and in the series' zone (each with its own date when that falls on another day):
 * "Wednesday 28 April 2027, 08:00 (America/Argentina/Buenos_Aires) · 11:00 UTC · 14:00 Africa/Nairobi".
 * When the reader's zone is only estimated from their country, it says so beside the zone:
 * "08:00 (America/Sao_Paulo) (estimated from your country) · 11:00 UTC".
 */
export function when(instant: Date, language: Language, zone: string, seriesZone: string, estimated = false): string {
  // A call to hundreds of contacts shows the same few instants in the same few zones; luxon
  // takes ~0.15 ms for each, so the lines are remembered.
  const key = `${instant.getTime()}|${language}|${zone}|${seriesZone}|${estimated}`;
  const known = whenCache.get(key);
  if (known !== undefined) return known;
  const line = describeWhen(instant, language, zone, seriesZone, estimated);
  if (whenCache.size >= 2000) whenCache.clear();
  whenCache.set(key, line);
  return line;
}

const whenCache = new Map<string, string>();

function describeWhen(instant: Date, language: Language, zone: string, seriesZone: string, estimated: boolean): string {
  const locale = LOCALES[language];
  const local = DateTime.fromJSDate(instant, { zone }).setLocale(locale);
  const primary = `${local.toFormat(DATE_FORMATS[language])}, ${local.toFormat('HH:mm')} (${zone})${zoneNote(language, estimated)}`;
  const others: string[] = [];
  const seen = new Set<string>([isUtc(zone) ? 'UTC' : zone]);
  for (const other of ['UTC', isUtc(seriesZone) ? 'UTC' : seriesZone]) {
    if (seen.has(other)) continue;
    seen.add(other);
    const there = DateTime.fromJSDate(instant, { zone: other }).setLocale(locale);
    const day =
      there.toISODate() === local.toISODate()
        ? ''
        : ` (${there.toLocaleString({ weekday: 'short', day: 'numeric', month: 'short' })})`;
    others.push(`${there.toFormat('HH:mm')} ${other}${day}`);
  }
  return [primary, ...others].join(' · ');
}

/** An instant as a series message shows it to its reader: their zone, UTC and the series' zone (see `when`). */
export const timeOf = (ctx: SeriesMessage, instant: Date): string =>
  when(instant, ctx.reader.language, ctx.reader.zone, ctx.series.timezone, ctx.reader.zoneEstimated);

/** What follows the reader's zone: nothing, or " (estimated from your country)" while they have not chosen one. */
export const zoneNote = (language: Language, estimated: boolean | undefined): string =>
  estimated ? ` ${common[language].zoneEstimated}` : '';

/** The date alone, in the reader's zone (for subjects): "15 March" / "15 mars". */
export function shortDate(instant: Date, language: Language, zone: string): string {
  const key = `short|${instant.getTime()}|${language}|${zone}`;
  const known = whenCache.get(key);
  if (known !== undefined) return known;
  const text = DateTime.fromJSDate(instant, { zone })
    .setLocale(LOCALES[language])
    .toLocaleString({ day: 'numeric', month: 'long' });
  if (whenCache.size >= 2000) whenCache.clear();
  whenCache.set(key, text);
  return text;
}

/**
 * The date and the time of a deadline in the reader's zone, the zone named (for subjects, where
 * a date alone would promise the whole day): "16 March, 02:29 Asia/Kolkata" / "16 mars à 02:29 Asia/Kolkata".
 */
export function deadlineDate(instant: Date, language: Language, zone: string): string {
  const time = DateTime.fromJSDate(instant, { zone }).toFormat('HH:mm');
  return common[language].dateAtTime(shortDate(instant, language, zone), `${time} ${zone}`);
}

/**
 * The time left, as it reads after a verb: "today", "tomorrow", "in 6 days" / "aujourd’hui",
 * "demain", "dans 6 jours" / "hoy", "mañana", "dentro de 6 días" / "hoje", "amanhã", "dentro de 6 dias".
 */
export function timeLeftText(left: TimeLeft, language: Language): string {
  const t = common[language];
  if (left.kind === 'today') return t.leftToday;
  if (left.kind === 'tomorrow') return t.leftTomorrow;
  const n = String(left.days);
  return pluralCategory(language, left.days) === 'one' ? t.leftDaysOne(n) : t.leftDaysOther(n);
}

/**
 * The time left from a reminder's sending to what it reminds of, in the reader's zone and
 * language ("tomorrow", "dans 6 jours"). What has already passed has no time left: RangeError
 * (the renderers refuse such a reminder before they get here).
 */
export function timeLeftUntil(sentAt: Date, at: Date, language: Language, zone: string): string {
  const left = timeLeft(sentAt, at, zone);
  if (!left) throw new RangeError('the reminder would go out after what it reminds of');
  return timeLeftText(left, language);
}

/** French typography: a non-breaking space before : ; ? ! and inside « ». */
const NBSP = '\u00a0';

const en = {
  greeting: (name: string) => `Dear ${name},`,
  greetingNoName: 'Dear colleague,',
  signOff: 'With best wishes,',
  unsubscribe: 'Unsubscribe from calls for expressions of interest and their reminders',
  /** Why a contact of a series gets `message` ("this call", "this reminder"). */
  contactFooter: (message: string, series: string, email: string) =>
    `You receive ${message} because the coordinators of the series “${series}” added this address (${email}) to its list of contacts.`,
  signature: (series: string) => `The coordinators of the series “${series}”`,
  /** Who signs what the service sends about a role or a sign-in, not about one series' call. */
  team: 'The webinar series team',
  quote: (text: string) => `“${text}”`,
  label: (label: string) => `${label}:`,
  dateToBeSet: 'date to be set',
  toBeDecided: 'to be decided',
  alternateTopic: 'Alternate topic',
  deadlineLabel: 'Deadline',
  linkLabel: 'Link',
  sessionDateLabel: 'Date of the session',
  noDeadline: 'There is no deadline yet: you can sign up or change your answer at any time.',
  zoneEstimated: '(estimated from your country)',
  leftToday: 'today',
  leftTomorrow: 'tomorrow',
  leftDaysOne: (n: string) => `in ${n} day`,
  leftDaysOther: (n: string) => `in ${n} days`,
  dateAtTime: (date: string, time: string) => `${date}, ${time}`,
  /** The name of a person's own calendar feed, as their calendar lists it. */
  feedName: (name: string) => `${name}: webinar sessions`,
} satisfies Catalogue;

type CommonText = typeof en;

export const common = translations<CommonText>('common', {
  en,
  fr: {
    greeting: (name) => `Bonjour ${name},`,
    greetingNoName: 'Chère collègue, cher collègue,',
    signOff: 'Bien cordialement,',
    unsubscribe: 'Se désabonner des appels à manifestations d’intérêt et de leurs rappels',
    contactFooter: (message, series, email) =>
      `Vous recevez ${message} parce que la coordination de la série «${NBSP}${series}${NBSP}» a ajouté cette adresse (${email}) à sa liste de contacts.`,
    signature: (series) => `La coordination de la série «${NBSP}${series}${NBSP}»`,
    team: 'L’équipe de la série de webinaires',
    quote: (text) => `«${NBSP}${text}${NBSP}»`,
    label: (label) => `${label}${NBSP}:`,
    dateToBeSet: 'date à fixer',
    toBeDecided: 'à déterminer',
    alternateTopic: 'Thème de réserve',
    deadlineLabel: 'Date limite',
    linkLabel: 'Lien',
    sessionDateLabel: 'Date de la session',
    noDeadline: `Aucune date limite n’est encore fixée${NBSP}: vous pouvez vous inscrire ou modifier votre réponse à tout moment.`,
    zoneEstimated: '(estimé d’après votre pays)',
    leftToday: 'aujourd’hui',
    leftTomorrow: 'demain',
    leftDaysOne: (n) => `dans ${n} jour`,
    leftDaysOther: (n) => `dans ${n} jours`,
    dateAtTime: (date, time) => `${date} à ${time}`,
    feedName: (name) => `${name}${NBSP}: sessions de webinaire`,
  },
  es: {
    greeting: (name) => `Estimado/a ${name}:`,
    greetingNoName: 'Estimado/a colega:',
    signOff: 'Saludos cordiales,',
    unsubscribe: 'Darse de baja de las convocatorias de manifestaciones de interés y sus recordatorios',
    contactFooter: (message, series, email) =>
      `Recibe ${message} porque la coordinación de la serie «${series}» añadió esta dirección (${email}) a su lista de contactos.`,
    signature: (series) => `La coordinación de la serie «${series}»`,
    team: 'El equipo de la serie de seminarios web',
    quote: (text) => `«${text}»`,
    label: (label) => `${label}:`,
    dateToBeSet: 'fecha por definir',
    toBeDecided: 'por definir',
    alternateTopic: 'Tema alternativo',
    deadlineLabel: 'Fecha límite',
    linkLabel: 'Enlace',
    sessionDateLabel: 'Fecha de la sesión',
    noDeadline: 'Todavía no hay fecha límite: puede inscribirse o cambiar su respuesta en cualquier momento.',
    zoneEstimated: '(estimado a partir de su país)',
    leftToday: 'hoy',
    leftTomorrow: 'mañana',
    leftDaysOne: (n) => `dentro de ${n} día`,
    leftDaysOther: (n) => `dentro de ${n} días`,
    dateAtTime: (date, time) => `${date}, a las ${time}`,
    feedName: (name) => `${name}: sesiones de seminarios web`,
  },
  pt: {
    greeting: (name) => `Caro(a) ${name},`,
    greetingNoName: 'Caro(a) colega,',
    signOff: 'Com os melhores cumprimentos,',
    unsubscribe: 'Cancelar a subscrição das chamadas para manifestações de interesse e dos seus lembretes',
    contactFooter: (message, series, email) =>
      `Recebe ${message} porque a coordenação da série “${series}” adicionou este endereço (${email}) à sua lista de contactos.`,
    signature: (series) => `A coordenação da série “${series}”`,
    team: 'A equipa da série de webinars',
    quote: (text) => `“${text}”`,
    label: (label) => `${label}:`,
    dateToBeSet: 'data a definir',
    toBeDecided: 'a definir',
    alternateTopic: 'Tema alternativo',
    deadlineLabel: 'Prazo',
    linkLabel: 'Link',
    sessionDateLabel: 'Data da sessão',
    noDeadline: 'Ainda não há prazo definido: pode inscrever-se ou alterar a sua resposta a qualquer momento.',
    zoneEstimated: '(estimado a partir do seu país)',
    leftToday: 'hoje',
    leftTomorrow: 'amanhã',
    leftDaysOne: (n) => `dentro de ${n} dia`,
    leftDaysOther: (n) => `dentro de ${n} dias`,
    dateAtTime: (date, time) => `${date}, às ${time}`,
    feedName: (name) => `${name}: sessões de webinars`,
  },
});

/** A role in the reader's language, in the glossary's word (a word it does not know is shown as it is). */
export const roleName = (role: string, language: Language): string =>
  isOneOf(roleNames, role) ? roleWord(language, role) : role;

/** The greeting line, with the reader's name when known. */
export const greet = (name: string | null, language: Language): string =>
  name ? common[language].greeting(name) : common[language].greetingNoName;

/** Who the reader is and how they read: filled in by the renderer from the database. */
export interface Reader {
  email: string;
  name: string | null;
  language: Language;
  /** The IANA zone every time is shown in first. */
  zone: string;
  /** Whether `zone` is only estimated from the reader's country (they have not chosen one). */
  zoneEstimated?: boolean;
}

export interface SeriesInfo {
  id: string;
  title: string;
  description: string | null;
  /** The series' own zone, shown beside the reader's and UTC. */
  timezone: string;
}

/** Whom a message about a series is written for, and the series: what every such template starts from. */
export interface SeriesMessage {
  reader: Reader;
  series: SeriesInfo;
}

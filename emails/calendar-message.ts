// The message that carries a calendar event other than a session (a workstream meeting, a
// preparatory call): its shape is the same whatever the event, so it is written once here and
// each template gives only its own words and details.
//
// The mail: greeting and opening sentence, what changed, the facts, then either the note that the
// event can be deleted (it leaves the calendar) or the link to join, the reader's answer links and
// the sentence saying the calendar's own buttons are not read. The calendar's DESCRIPTION says the
// same in plain lines, for readers who only ever open the event.
import { type ChangeContext, changeBlocks, changeText } from './event-change.js';
import { type Catalogue, common, greet, type SeriesMessage, translations } from './i18n.js';
import { shared } from './invitation.js';
import { action, type Block, facts, lines, paragraph, type RenderedMail, renderDocument } from './layout.js';

const en = {
  attendAction: 'I will attend',
  notAttendAction: 'I cannot attend',
} satisfies Catalogue;

export const text = translations<typeof en>('calendar-message', {
  en,
  fr: {
    attendAction: 'Je participerai',
    notAttendAction: 'Je ne pourrai pas participer',
  },
  es: {
    attendAction: 'Participaré',
    notAttendAction: 'No podré participar',
  },
  pt: {
    attendAction: 'Vou participar',
    notAttendAction: 'Não poderei participar',
  },
});

export interface EventWords {
  /** "The link to join … will be sent before …". */
  noMeetingLink: string;
  /** "Answers sent with your calendar's buttons are not read: tell …". */
  calendarButtons: string;
  /** "If … is still in your calendar, you can delete it.", for a message that removes it. */
  deleteNote: string;
}

/** What a template's context holds for its reader of any calendar event: how they can answer. */
export interface EventReaderContext extends SeriesMessage {
  /** Whether the service reads what the calendar's own buttons send (INBOUND_SMTP_PORT or IMAP_URL set). */
  buttonsRead?: boolean;
  /** The reader's signed links to say they will attend or not. */
  answerLinks?: { accept: string; decline: string };
}

/** One message about the event: which, and for an update what changed since the reader's copy. */
export interface EventMessage<Message extends string> {
  message: Message;
  change?: Omit<ChangeContext, 'reader' | 'series'>;
}

/** What every calendar message is about, whatever the event. */
interface CalendarMessageBase extends SeriesMessage {
  /** Which message; the first invitation's DESCRIPTION does not repeat the opening. */
  message: string;
  /** The opening sentence: invited, changed, cancelled or withdrawn. */
  opening: string;
  /** Whether the message takes the event (or one occurrence of it) off the reader's calendar. */
  removes: boolean;
  /** For an update: what changed since the reader's copy. */
  change?: Omit<ChangeContext, 'reader' | 'series'> | undefined;
  /** The link to join, or null while none is set. */
  meetingUrl: string | null;
  /** The sentences each kind of event says in its own words (its template's catalogue). */
  words: EventWords;
  /** Whether the service reads what the calendar's own buttons send. */
  buttonsRead?: boolean | undefined;
}

export interface CalendarMessage extends CalendarMessageBase {
  subject: string;
  /** The event's time as the reader reads it, shown beside the opening in the mail client's preview. */
  when: string;
  /** Paragraphs right after the opening, before what changed. */
  lead?: Block[];
  facts: [string, string][];
  /** Blocks under the facts, whether or not the event stays. */
  afterFacts?: Block[];
  /** For an event that stays: blocks before the link to join, and after it. */
  beforeLink?: Block[];
  afterLink?: Block[];
  /** The reader's signed links to say they will attend or not. */
  answerLinks?: { accept: string; decline: string } | undefined;
  footer: string;
}

export function renderCalendarMessage(message: CalendarMessage): RenderedMail {
  const { reader, series } = message;
  const lang = reader.language;
  const t = text[lang];
  const c = common[lang];
  const blocks: Block[] = [paragraph(greet(reader.name, lang)), paragraph(message.opening), ...(message.lead ?? [])];
  if (message.change) blocks.push(...changeBlocks({ reader, series, ...message.change }));
  blocks.push(facts(message.facts), ...(message.afterFacts ?? []));
  if (message.removes) {
    blocks.push(paragraph(message.words.deleteNote));
  } else {
    blocks.push(
      ...(message.beforeLink ?? []),
      message.meetingUrl ? action(shared[lang].joinAction, message.meetingUrl) : paragraph(message.words.noMeetingLink),
      ...(message.afterLink ?? []),
    );
    if (message.answerLinks) {
      blocks.push(
        action(t.attendAction, message.answerLinks.accept),
        action(t.notAttendAction, message.answerLinks.decline),
      );
    }
    if (!message.buttonsRead) blocks.push(paragraph(message.words.calendarButtons));
  }
  blocks.push(lines(c.signOff, c.signature(series.title)));
  return renderDocument({
    language: lang,
    subject: message.subject,
    preview: `${message.opening} ${message.when}`,
    blocks,
    footer: message.footer,
  });
}

export interface CalendarDescription extends CalendarMessageBase {
  /** Labelled lines after the series' title, before the link. */
  facts: string[];
  /** Lines after the link, whether or not the event stays. */
  afterLink?: string[];
  /** Lines for an event that stays, before the sentence on the calendar's buttons. */
  tail?: string[];
}

/** The event's DESCRIPTION in a calendar: the essentials, in the reader's language. */
export function calendarDescription(description: CalendarDescription): string {
  const { reader, series } = description;
  const c = common[reader.language];
  const parts: string[] = [];
  if (description.message !== 'invitation') parts.push(description.opening);
  if (description.change) parts.push(...changeText({ reader, series, ...description.change }));
  parts.push(series.title, ...description.facts);
  if (!description.removes) {
    parts.push(
      description.meetingUrl
        ? `${c.label(shared[reader.language].meetingLabel)} ${description.meetingUrl}`
        : description.words.noMeetingLink,
    );
  }
  parts.push(...(description.afterLink ?? []));
  if (!description.removes) {
    parts.push(...(description.tail ?? []));
    if (!description.buttonsRead) parts.push('', description.words.calendarButtons);
  }
  return parts.join('\n');
}

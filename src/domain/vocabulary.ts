// The service's words for roles, statuses and kinds, declared once: the database enums
// (db/schema.ts), the request and response schemas (TypeBox enums) and the catalogues (whose
// glossaries are keyed by these lists, so tsc refuses a word missing in any language) all read
// them from here.

export const languages = ['en', 'fr', 'es', 'pt'] as const;
export type Language = (typeof languages)[number];

/** Every role a person can hold in a session's line-up. */
export const roleNames = ['chair', 'supporting_chair', 'focal', 'discussant', 'co_blogger'] as const;
export type RoleName = (typeof roleNames)[number];

/**
 * The roles a person can volunteer for, in the order the call and the form list them
 * (series chairs are appointed as supporting chairs, nobody volunteers for it).
 */
export const interestRoles = ['focal', 'discussant', 'chair', 'co_blogger'] as const;
export type InterestRole = (typeof interestRoles)[number];

/** Where an invited person stands; `removed` is kept for the record and never shown. */
export const assignmentStatuses = ['assigned', 'invited', 'accepted', 'tentative', 'declined', 'removed'] as const;
export type AssignmentStatus = (typeof assignmentStatuses)[number];

/** The statuses a line-up shows. */
export const shownAssignmentStatuses = ['assigned', 'invited', 'accepted', 'tentative', 'declined'] as const;
export type ShownAssignmentStatus = (typeof shownAssignmentStatuses)[number];

/** The statuses of people who still hold their role. */
export const liveAssignmentStatuses = ['assigned', 'invited', 'accepted', 'tentative'] as const;

/** The statuses of people who were sent the invitation and have not declined it. */
export const invitedAssignmentStatuses = ['invited', 'accepted', 'tentative'] as const;

/** What a person answered from their calendar (iTIP PARTSTAT) to a meeting or a preparatory call. */
export const calendarResponses = ['accepted', 'tentative', 'declined'] as const;
export type CalendarResponse = (typeof calendarResponses)[number];

/** What came of a message received on MAIL_FROM (calendar reply, human reply, bounce…). */
export const inboundOutcomes = [
  'applied',
  'ignored',
  'forwarded',
  'bounce',
  'auto_reply',
  'recognised',
  'unreadable',
] as const;
export type InboundOutcome = (typeof inboundOutcomes)[number];

export const sessionStatuses = ['scheduled', 'alternate', 'cancelled'] as const;
export type SessionStatus = (typeof sessionStatuses)[number];

/** Workstream meetings and preparatory calls are scheduled, or cancelled. */
export const eventStatuses = ['scheduled', 'cancelled'] as const;
export type EventStatus = (typeof eventStatuses)[number];

/** Who leads an agenda segment. */
export const agendaLeads = ['focal', 'discussant', 'chair', 'all'] as const;
export type AgendaLead = (typeof agendaLeads)[number];

/** The parts of the standard call structure; a segment the chairs wrote themselves has none. */
export const agendaKinds = [
  'focal_presentation',
  'discussant_question',
  'focal_response',
  'other_countries',
  'close',
] as const;
export type AgendaKind = (typeof agendaKinds)[number];

export const blogStatuses = ['planned', 'drafting', 'in_review', 'published'] as const;
export type BlogStatus = (typeof blogStatuses)[number];

export const outboxStatuses = ['pending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/**
 * Why the last attempt at a message failed, as the outbox page says it in the reader's language
 * (beside a server's own words, or those of a message that could not be read). These can never
 * be sent as meant: what the message is about is gone or has changed since it was queued.
 */
export const undeliverableReasons = [
  'gone',
  'unsubscribed',
  'not_concerned',
  'cancelled',
  'no_date',
  'too_late',
  'changed',
  'unreadable',
  'bad_address',
] as const;
export type UndeliverableReason = (typeof undeliverableReasons)[number];
/** Why a mail server did not take a message (tried again until the last attempt). */
export const serverProblems = ['server_unreachable', 'server_sign_in', 'address_refused', 'server_error'] as const;
export type ServerProblem = (typeof serverProblems)[number];
export const deliveryProblems = [...undeliverableReasons, ...serverProblems] as const;
export type DeliveryProblem = (typeof deliveryProblems)[number];

/** How a person stops being a workstream member: the convener removed them, or they left. */
export const memberChanges = ['removed', 'left'] as const;
export const memberStatuses = ['member', ...memberChanges] as const;
export type MemberStatus = (typeof memberStatuses)[number];

/** The two answers to an invitation. */
export const replyActions = ['accept', 'decline'] as const;
export type ReplyAction = (typeof replyActions)[number];

/** How a run of workstream meetings repeats. */
export const repeatUnits = ['weeks', 'months'] as const;
export type RepeatUnit = (typeof repeatUnits)[number];
/** How one meeting of a repeating run differs from the run's rule. */
export const occurrenceStatuses = ['moved', 'cancelled'] as const;
export type OccurrenceStatus = (typeof occurrenceStatuses)[number];
/** One meeting of a run as it stands: at the rule's time, moved, or cancelled. */
export const runMeetingStatuses = ['scheduled', ...occurrenceStatuses] as const;
export type RunMeetingStatus = (typeof runMeetingStatuses)[number];

/** Where a person unsubscribed: the page behind the link, or a mail to the unsubscribe address. */
export const unsubscribeChannels = ['web', 'mail'] as const;
export type UnsubscribeChannel = (typeof unsubscribeChannels)[number];

/** How a received message reached the service: handed over by SMTP, or read from a mailbox. */
export const inboundChannels = ['smtp', 'imap'] as const;
export type InboundChannel = (typeof inboundChannels)[number];

/** How a person registered to attend: on the pages, through the API, or from the call's link. */
export const attendanceVias = ['page', 'api', 'call_link'] as const;
export type AttendanceVia = (typeof attendanceVias)[number];

/** The iTIP method of the last calendar message a person was sent about an event. */
export const calendarMethods = ['REQUEST', 'CANCEL'] as const;
export type CalendarMethod = (typeof calendarMethods)[number];

/** What an audit entry is about: the kinds of thing the log names by their id. */
export const auditEntityTypes = [
  'series',
  'session',
  'role_assignment',
  'interest',
  'person',
  'workstream',
  'meeting',
  'preparatory_call',
  'unsubscription',
  'outbox',
  'mailbox',
] as const;
export type AuditEntityType = (typeof auditEntityTypes)[number];

export const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);

/**
 * What a rule reports, for every reader to word in their language: a code with parameters.
 * Parameters hold codes where there are codes (countries, roles), else names and titles.
 */
export interface Issue<Code extends string = string> {
  code: Code;
  params: IssueParams;
}
export type IssueParams = Record<string, string | number | string[]>;

// What the reply tests share: a session lined up and invited through the API, its invitations
// delivered over a real SMTP conversation, and the organizer address each person's copy names.
import type { Test } from 'tap';
import type { Config } from '../../src/config.js';
import { calendarOf } from '../calendar/read.js';
import { CHAIR, createSeries, createSession, json, setLineup } from '../helper.js';
import { type MailTestApp, type Received, type SmtpTestServer, smtpMailApp } from './helper.js';

export const SESSION_CHAIR = 'kofi@example.org';
export const FOCAL = 'ana@example.org';
export const DISCUSSANT = 'jean@example.org';
export const BLOGGER = 'mei@example.org';

export const lineup = {
  chair: { email: SESSION_CHAIR, name: 'Kofi Mensah' },
  supportingChair: { email: CHAIR },
  focal: { country: 'AR', people: [{ email: FOCAL, name: 'Ana Gómez' }] },
  discussant: { country: 'RW', people: [{ email: DISCUSSANT, name: 'Jean Uwase' }] },
  coBloggers: [{ email: BLOGGER, name: 'Mei Tran' }],
};

export interface InvitedSession {
  smtp: SmtpTestServer;
  test: MailTestApp;
  seriesId: string;
  sessionId: string;
  /** The invitations as delivered, by recipient. */
  invitation(email: string): Received;
  /** The ORGANIZER address (without mailto:) of a person's invitation. */
  organizerOf(email: string): string;
  /** The UID of the session's event. */
  uid: string;
  /** A person's role status in the session, as the API shows it. */
  statusOf(email: string): Promise<string | undefined>;
}

type RolePerson = { email?: string; status: string };

export async function invitedSession(t: Test, config: Partial<Config> = {}): Promise<InvitedSession> {
  const { smtp, test } = await smtpMailApp(t, { config });
  const series = await createSeries(test, { timezone: 'Africa/Nairobi' });
  const session = await createSession(test, series.id, {
    title: 'RBF in a decentralized setting',
    startsAt: '2027-04-28T14:00',
  });
  const put = await setLineup(test, session.id, lineup);
  if (put.statusCode !== 200) throw new Error(`line-up not set: ${put.body}`);
  const sent = await test.app.inject({
    method: 'POST',
    url: `/api/sessions/${session.id}/invitations`,
    headers: test.as(CHAIR),
  });
  if (sent.statusCode !== 202) throw new Error(`not invited: ${sent.body}`);
  await test.deliver();
  const mails = await smtp.waitFor(5);
  const invitation = (email: string) => {
    const mail = mails.find((m) => m.envelopeTo.includes(email));
    if (!mail) throw new Error(`no invitation to ${email}`);
    return mail;
  };
  const organizerOf = (email: string) => calendarOf(invitation(email)).organizer.replace(/^mailto:/i, '');
  const statusOf = async (email: string) => {
    const res = await test.app.inject({ method: 'GET', url: `/api/sessions/${session.id}`, headers: test.as(CHAIR) });
    const roles = json(res).roles as Record<string, unknown>;
    const everyone: RolePerson[] = [
      roles.chair as RolePerson,
      roles.supportingChair as RolePerson,
      ...((roles.focal as { people: RolePerson[] }).people ?? []),
      ...((roles.discussant as { people: RolePerson[] }).people ?? []),
      ...(roles.coBloggers as RolePerson[]),
    ].filter(Boolean);
    return everyone.find((p) => p.email === email)?.status;
  };
  return {
    smtp,
    test,
    seriesId: series.id,
    sessionId: session.id,
    invitation,
    organizerOf,
    uid: calendarOf(invitation(FOCAL)).uid,
    statusOf,
  };
}

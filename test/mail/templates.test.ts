// Each kind in each language, delivered over a real SMTP conversation and parsed back: the
// reader's language and local time (Buenos Aires, Kigali) while the process runs in St John's.
import t from 'tap';
import { text as callText } from '../../emails/call-for-interest.js';
import { common } from '../../emails/i18n.js';
import { text as confirmationText } from '../../emails/interest-confirmation.js';
import { text as reminderText } from '../../emails/interest-deadline-reminder.js';
import { roleWord } from '../../src/i18n/glossary.js';
import { findOutboxRow } from '../../src/mail/outbox.js';
import { renderMessage } from '../../src/mail/render.js';
import {
  addContact,
  addInterest,
  addPerson,
  buildMailApp,
  LANGS,
  outboxRows,
  type Received,
  seedSeries,
  startSmtpServer,
} from './helper.js';

type Lang = 'en' | 'fr' | 'es' | 'pt';
const TITLE = 'Governance for strategic purchasing';

const ZONES = {
  AR: 'America/Argentina/Buenos_Aires',
  RW: 'Africa/Kigali',
} as const;

/** The April session (11:00 UTC) as each reader must read it. */
const APRIL: Record<Lang, Record<'AR' | 'RW', string>> = {
  en: {
    AR: 'Wednesday 28 April 2027, 08:00 (America/Argentina/Buenos_Aires) (estimated from your country) · 11:00 UTC · 14:00 Africa/Nairobi',
    RW: 'Wednesday 28 April 2027, 13:00 (Africa/Kigali) (estimated from your country) · 11:00 UTC · 14:00 Africa/Nairobi',
  },
  fr: {
    AR: 'mercredi 28 avril 2027, 08:00 (America/Argentina/Buenos_Aires) (estimé d’après votre pays) · 11:00 UTC · 14:00 Africa/Nairobi',
    RW: 'mercredi 28 avril 2027, 13:00 (Africa/Kigali) (estimé d’après votre pays) · 11:00 UTC · 14:00 Africa/Nairobi',
  },
  es: {
    AR: 'miércoles 28 de abril de 2027, 08:00 (America/Argentina/Buenos_Aires) (estimado a partir de su país) · 11:00 UTC · 14:00 Africa/Nairobi',
    RW: 'miércoles 28 de abril de 2027, 13:00 (Africa/Kigali) (estimado a partir de su país) · 11:00 UTC · 14:00 Africa/Nairobi',
  },
  pt: {
    AR: 'quarta-feira, 28 de abril de 2027, 08:00 (America/Argentina/Buenos_Aires) (estimado a partir do seu país) · 11:00 UTC · 14:00 Africa/Nairobi',
    RW: 'quarta-feira, 28 de abril de 2027, 13:00 (Africa/Kigali) (estimado a partir do seu país) · 11:00 UTC · 14:00 Africa/Nairobi',
  },
};

/** The deadline: the end of 15 March 2027 in Nairobi = 20:59:59.999 UTC. */
const DEADLINE: Record<Lang, Record<'AR' | 'RW', string>> = {
  en: {
    AR: 'Monday 15 March 2027, 17:59 (America/Argentina/Buenos_Aires) (estimated from your country) · 20:59 UTC · 23:59 Africa/Nairobi',
    RW: 'Monday 15 March 2027, 22:59 (Africa/Kigali) (estimated from your country) · 20:59 UTC · 23:59 Africa/Nairobi',
  },
  fr: {
    AR: 'lundi 15 mars 2027, 17:59 (America/Argentina/Buenos_Aires) (estimé d’après votre pays) · 20:59 UTC · 23:59 Africa/Nairobi',
    RW: 'lundi 15 mars 2027, 22:59 (Africa/Kigali) (estimé d’après votre pays) · 20:59 UTC · 23:59 Africa/Nairobi',
  },
  es: {
    AR: 'lunes 15 de marzo de 2027, 17:59 (America/Argentina/Buenos_Aires) (estimado a partir de su país) · 20:59 UTC · 23:59 Africa/Nairobi',
    RW: 'lunes 15 de marzo de 2027, 22:59 (Africa/Kigali) (estimado a partir de su país) · 20:59 UTC · 23:59 Africa/Nairobi',
  },
  pt: {
    AR: 'segunda-feira, 15 de março de 2027, 17:59 (America/Argentina/Buenos_Aires) (estimado a partir do seu país) · 20:59 UTC · 23:59 Africa/Nairobi',
    RW: 'segunda-feira, 15 de março de 2027, 22:59 (Africa/Kigali) (estimado a partir do seu país) · 20:59 UTC · 23:59 Africa/Nairobi',
  },
};

/** Argentina, the focal country of the April session, in each language. */
const ARGENTINA: Record<Lang, string> = { en: 'Argentina', fr: 'Argentine', es: 'Argentina', pt: 'Argentina' };
const RWANDA: Record<Lang, string> = { en: 'Rwanda', fr: 'Rwanda', es: 'Ruanda', pt: 'Ruanda' };

t.test('the process runs in a zone that is neither UTC nor any reader’s', async (t) => {
  t.equal(process.env.TZ, 'America/St_Johns');
});

t.test('every kind, in every language, at the right local time, over SMTP', async (t) => {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, { config: { smtpUrl: smtp.url } });
  const s = await seedSeries(test);
  const db = test.app.db;
  const link = `http://localhost:3000/series/${s.seriesId}/interest`;

  const expected = new Map<string, { lang: Lang; country: 'AR' | 'RW'; kind: string; daysBefore?: 1 | 7 }>();
  for (const lang of LANGS) {
    for (const country of ['AR', 'RW'] as const) {
      const who = `${lang}-${country.toLowerCase()}`;
      // A person who sent an interest: their own language, no zone (the country's main zone).
      const personEmail = `person-${who}@example.org`;
      const personId = addPerson(db, test.clock, {
        email: personEmail,
        name: `Person ${who}`,
        country,
        language: lang,
      });
      const interestId = addInterest(db, test.clock, {
        seriesId: s.seriesId,
        personId,
        country,
        roles: ['focal', 'co_blogger'],
        sessions: [s.april, s.alternate],
        workstreams: [{ id: s.workstreamId, asConvener: true }],
        organisation: 'Ministry of Health',
      });
      test.app.mail.enqueue({
        kind: 'interest_confirmation',
        toEmail: personEmail,
        personId,
        seriesId: s.seriesId,
        payload: { interestId },
      });
      expected.set(personEmail, { lang, country, kind: 'interest_confirmation' });

      // Contacts: the call and a reminder, in the contact's language.
      const callEmail = `call-${who}@example.org`;
      const contactId = addContact(db, test.clock, s.seriesId, {
        email: callEmail,
        name: `Contact ${who}`,
        country,
        language: lang,
      });
      test.app.mail.enqueue({
        kind: 'call_for_interest',
        toEmail: callEmail,
        seriesId: s.seriesId,
        payload: { contactId },
      });
      expected.set(callEmail, { lang, country, kind: 'call_for_interest' });

      const reminderEmail = `reminder-${who}@example.org`;
      const reminded = addContact(db, test.clock, s.seriesId, { email: reminderEmail, country, language: lang });
      const daysBefore = country === 'AR' ? 7 : 1;
      test.app.mail.enqueue({
        kind: 'interest_deadline_reminder',
        toEmail: reminderEmail,
        seriesId: s.seriesId,
        payload: { contactId: reminded, daysBefore },
      });
      expected.set(reminderEmail, { lang, country, kind: 'interest_deadline_reminder', daysBefore });
    }
  }

  const report = await test.deliver();
  t.same(report, { sent: 24, failed: 0, retried: 0 });
  await smtp.waitFor(24);
  const rows = new Map(outboxRows(db).map((r) => [r.to_email as string, r]));

  for (const message of smtp.received) {
    const [to] = message.envelopeTo;
    const want = expected.get(to ?? '');
    if (!want || !to) {
      t.fail(`unexpected message to ${to}`);
      continue;
    }
    const { lang, country, kind } = want;
    const name = `${kind} in ${lang} for ${ZONES[country]}`;
    const row = rows.get(to);
    const { parsed } = message;
    const text = parsed.text ?? '';
    const html = typeof parsed.html === 'string' ? parsed.html : '';

    t.equal(row?.status, 'sent', `${name}: marked sent`);
    t.equal(parsed.messageId, `<${row?.id}@localhost>`, `${name}: Message-ID from the outbox id`);
    t.same(parsed.from?.value, [{ address: 'series@localhost', name: 'Webinar series' }], `${name}: From`);
    t.equal(parsed.headers.get('auto-submitted'), 'auto-generated', `${name}: Auto-Submitted`);
    t.equal(parsed.date?.toISOString(), '2027-02-01T09:00:00.000Z', `${name}: Date from the clock`);
    t.match(html, new RegExp(`<html lang="${lang}">`), `${name}: lang attribute`);
    t.ok(text.includes(link), `${name}: link in the text`);
    t.ok(html.includes(`href="${link}"`), `${name}: link in the HTML`);
    t.equal(row?.subject, parsed.subject, `${name}: the subject is stored`);

    if (kind === 'interest_confirmation') {
      t.equal(parsed.subject, confirmationText[lang].subjectNew(TITLE), `${name}: subject`);
      t.ok(text.includes(APRIL[lang][country]), `${name}: the session in the reader's zone, UTC and the series' zone`);
      t.ok(text.includes(DEADLINE[lang][country]), `${name}: the deadline`);
      t.ok(text.includes(roleWord(lang, 'focal')) && text.includes(roleWord(lang, 'co_blogger')), `${name}: roles`);
      t.ok(text.includes(confirmationText[lang].asConvener('Citizen participation')), `${name}: as convener`);
      t.ok(text.includes(common[lang].dateToBeSet), `${name}: the alternate has no date yet`);
      t.ok(text.includes(country === 'AR' ? ARGENTINA[lang] : RWANDA[lang]), `${name}: country name in ${lang}`);
      t.ok(text.indexOf('implementing RBF') < text.indexOf('PFM for strategic'), `${name}: sessions in rank order`);
    } else if (kind === 'call_for_interest') {
      t.equal(parsed.subject, callText[lang].subjectBy(TITLE, expectedDeadline(lang, country)), `${name}: subject`);
      t.ok(text.includes(APRIL[lang][country]), `${name}: the session in the reader's zone, UTC and the series' zone`);
      t.ok(text.includes(DEADLINE[lang][country]), `${name}: the deadline`);
      t.ok(text.includes('A year of peer learning'), `${name}: the description`);
      t.ok(text.includes(callText[lang].focalBrief), `${name}: the roles explained`);
      t.ok(text.includes(callText[lang].workstreamsIntro), `${name}: the workstream explained`);
      t.ok(text.includes(ARGENTINA[lang]), `${name}: the focal country in ${lang}`);
      t.ok(text.includes(common[lang].dateToBeSet), `${name}: the alternate topic`);
      t.notOk(text.includes('called off'), `${name}: no cancelled session`);
    } else {
      // Rendered when it goes out (1 February), whichever window queued it: 42 days before the deadline.
      t.equal(
        parsed.subject,
        reminderText[lang].subject(TITLE, IN_42_DAYS[lang], expectedDeadline(lang, country)),
        `${name}: subject`,
      );
      t.ok(
        text.includes(reminderText[lang].closes(TITLE, IN_42_DAYS[lang], DEADLINE[lang][country])),
        `${name}: closes in 42 days`,
      );
      t.ok(text.includes(DEADLINE[lang][country]), `${name}: the deadline`);
    }
  }
});

/** The deadline in a subject: its date, time and zone in the reader's zone. */
function expectedDeadline(lang: Lang, country: 'AR' | 'RW'): string {
  const time = country === 'AR' ? '17:59 America/Argentina/Buenos_Aires' : '22:59 Africa/Kigali';
  return {
    en: `15 March, ${time}`,
    fr: `15 mars à ${time}`,
    es: `15 de marzo, a las ${time}`,
    pt: `15 de março, às ${time}`,
  }[lang];
}

const IN_42_DAYS: Record<Lang, string> = {
  en: 'in 42 days',
  fr: 'dans 42 jours',
  es: 'dentro de 42 días',
  pt: 'dentro de 42 dias',
};

t.test(
  'language and zone: the person first, then the contact, the payload, English; zone, country, series',
  async (t) => {
    const test = await buildMailApp(t);
    const s = await seedSeries(test);
    const db = test.app.db;
    const render = (email: string, contactId: string, language?: Lang) => {
      test.app.mail.enqueue({
        kind: 'call_for_interest',
        toEmail: email,
        seriesId: s.seriesId,
        payload: { contactId, ...(language ? { language } : {}) },
      });
      const last = db.$client.prepare('select id from outbox order by rowid desc limit 1').get() as { id: string };
      const row = findOutboxRow(db, last.id);
      if (!row) throw new Error('the message was not queued');
      return renderMessage(row, { db, config: test.app.config });
    };

    // A signed-up person's own language and zone beat the contact's.
    addPerson(db, test.clock, { email: 'both@example.org', language: 'pt', country: 'AR', timezone: 'Asia/Manila' });
    const both = addContact(db, test.clock, s.seriesId, { email: 'both@example.org', language: 'fr', country: 'RW' });
    const mail = render('both@example.org', both, 'es');
    t.match(mail.subject, /^Chamada para manifestações de interesse/);
    // Manila is a day ahead: UTC and Nairobi carry their own date.
    t.ok(
      mail.text.includes(
        'terça-feira, 16 de março de 2027, 04:59 (Asia/Manila) · 20:59 UTC (seg., 15 de mar.) · 23:59 Africa/Nairobi (seg., 15 de mar.)',
      ),
      'the deadline in Manila, with the other zones on their own day',
    );

    // A contact with no person: the contact's language and country.
    const contact = addContact(db, test.clock, s.seriesId, {
      email: 'contact@example.org',
      language: 'fr',
      country: 'AR',
    });
    t.ok(render('contact@example.org', contact, 'es').text.includes(DEADLINE.fr.AR));

    // Neither says: the payload's language, then English; no country: the series' zone.
    const bare = addContact(db, test.clock, s.seriesId, { email: 'bare@example.org' });
    const spanish = render('bare@example.org', bare, 'es');
    t.ok(spanish.text.includes('lunes 15 de marzo de 2027, 23:59 (Africa/Nairobi) · 20:59 UTC'), 'the series zone');
    t.notOk(spanish.text.includes('23:59 Africa/Nairobi'), 'the series zone is not shown twice');
    t.match(render('bare@example.org', bare).subject, /^Call for expressions of interest/);
  },
);

t.test('everything put into HTML is escaped; the text part stays as typed', async (t) => {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, { config: { smtpUrl: smtp.url } });
  const s = await seedSeries(test, { title: 'Purchasing & <b>governance</b>' });
  const db = test.app.db;
  const evil = '<script>alert("x")</script> O\'Brien & co';
  const personId = addPerson(db, test.clock, { email: 'evil@example.org', name: evil, country: 'AR', language: 'en' });
  const interestId = addInterest(db, test.clock, {
    seriesId: s.seriesId,
    personId,
    country: 'AR',
    roles: ['chair'],
    sessions: [s.april],
    organisation: '<img src=x onerror=alert(1)>',
    motivation: '</p><script>steal()</script>',
  });
  test.app.mail.enqueue({
    kind: 'interest_confirmation',
    toEmail: 'evil@example.org',
    personId,
    seriesId: s.seriesId,
    payload: { interestId },
  });
  const contactId = addContact(db, test.clock, s.seriesId, { email: 'c@example.org', name: evil });
  test.app.mail.enqueue({
    kind: 'call_for_interest',
    toEmail: 'c@example.org',
    seriesId: s.seriesId,
    payload: { contactId },
  });
  await test.deliver();
  const received: Received[] = await smtp.waitFor(2);
  for (const { parsed, raw } of received) {
    const html = typeof parsed.html === 'string' ? parsed.html : '';
    t.notMatch(html, /<script/i, 'no script element');
    t.notMatch(html, /<img/i, 'no injected element');
    t.notMatch(html, /<b>governance/, 'the title is text');
    t.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; O&#39;Brien &amp; co/, 'the name is escaped');
    t.match(parsed.text ?? '', /<script>alert\("x"\)<\/script> O'Brien & co/, 'the text part has the name as typed');
    t.match(parsed.subject ?? '', /Purchasing & <b>governance<\/b>/, 'the subject is plain text');
    t.notMatch(raw, /^(Bcc|Cc):/im, 'no header added by a value');
  }
});

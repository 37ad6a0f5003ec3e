// No rendered message in French, Spanish or Portuguese carries an English sentence of any
// email catalogue; French labels take a no-break space; and one glossary word per language: a
// co-blogger is called the same on a page, in an email and on a reply page. (Each catalogue
// itself is checked in test/i18n/catalogues.test.ts.)
import t from 'tap';
import { roleAssignments } from '../../db/schema.js';
import * as attendance from '../../emails/attendance.js';
import * as callForInterest from '../../emails/call-for-interest.js';
import * as followUp from '../../emails/follow-up.js';
import * as groupQuestion from '../../emails/group-question.js';
import { type Language, languages } from '../../emails/i18n.js';
import * as interestConfirmation from '../../emails/interest-confirmation.js';
import * as interestDeadlineReminder from '../../emails/interest-deadline-reminder.js';
import { action, facts, renderDocument } from '../../emails/layout.js';
import '../../src/app.js';
import { declaredCatalogues } from '../../src/i18n/catalogue.js';
import { roleWord } from '../../src/i18n/glossary.js';
import { replyLink } from '../../src/modules/invitations/links.js';
import { build, CHAIR, setLineup } from '../helper.js';
import { addPerson, asText, isSentence, seedSeries } from './helper.js';

/** The emails' catalogues (the pages' is checked against rendered pages in test/web/i18n.test.ts). */
const catalogues = [...declaredCatalogues()].filter(([name]) => name !== 'pages').map(([, all]) => all);

t.test('a label and its value: French writes a no-break space before the colon, the others none', async (t) => {
  const shown = (language: Language, label: string) =>
    renderDocument({
      language,
      subject: 'S',
      blocks: [facts([[label, '28 avril 2027']]), action('Lien', 'not a web address')],
      footer: 'F',
    });
  const fr = shown('fr', 'Date et heure');
  t.equal(fr.text.split('\n')[0], 'Date et heure\u00a0: 28 avril 2027');
  t.match(fr.html, /Lien\u00a0: not a web address/);
  t.equal(shown('es', 'Fecha y hora').text.split('\n')[0], 'Fecha y hora: 28 avril 2027');
});

/** Every attendee message and the question to the group, for one reader. */
function attendanceMails(
  reader: attendance.AttendanceContext['reader'],
  series: attendance.AttendanceContext['series'],
) {
  const startsAt = new Date('2027-04-28T11:00:00Z');
  const nobody = { country: null, people: [] };
  const session = {
    title: 'S1',
    description: null,
    startsAt,
    durationMinutes: 90,
    meetingUrl: 'https://meet.example.org/s1',
    discussantQuestion: 'Q?',
    agenda: [],
    lineup: {
      chair: null,
      chairCountry: null,
      supportingChair: null,
      focal: nobody,
      discussant: nobody,
      coBloggers: [],
    },
    blogDueAt: null,
  };
  const ctx = { reader, series, session, registrationLink: 'http://localhost/r' };
  const snapshot = {
    start: startsAt.getTime(),
    end: startsAt.getTime() + 5_400_000,
    url: null,
    title: 'S1',
    description: null,
  };
  return [
    attendance.renderInvitation(ctx),
    attendance.renderUpdate({
      ...ctx,
      changes: ['time', 'link'],
      previous: { ...snapshot, start: snapshot.start - 86_400_000 },
      current: snapshot,
    }),
    attendance.renderCancellation(ctx),
    attendance.renderWithdrawal(ctx),
    attendance.renderReminder({ ...ctx, sentAt: new Date('2027-04-21T11:00:00Z') }),
    groupQuestion.render({
      reader,
      series,
      session: { title: 'S1', startsAt, meetingUrl: null, question: 'Q?', focalCountry: 'AR', discussantCountry: 'RW' },
      answerLink: 'http://localhost/a',
      registerLink: 'http://localhost/r',
    }),
    ...[false, true].map((blogNews) =>
      followUp.render({
        reader,
        series,
        session: { title: 'S1', startsAt },
        recordingUrl: 'https://video.example.org/s1',
        slidesUrl: 'https://slides.example.org/s1',
        blog: { url: 'https://blog.example.org/s1', title: null },
        blogNews,
      }),
    ),
  ];
}

t.test('a message rendered in fr, es or pt carries no English sentence', async (t) => {
  const englishSentences = catalogues
    .flatMap((catalogue) => Object.values(catalogue.en).map(asText))
    .flatMap((text) => text.split(/#\d#/))
    .map((part) => part.trim())
    .filter(isSentence);
  const series = { id: 's1', title: 'Series', description: null, timezone: 'Africa/Nairobi' };
  const deadline = new Date('2027-03-15T20:59:59.999Z');
  const daysBefore = (days: number) => new Date(deadline.getTime() - days * 86_400_000);
  for (const language of languages.filter((l) => l !== 'en')) {
    const reader = { email: 'r@example.org', name: null, language, zone: 'Africa/Kigali' };
    const mails = [
      interestConfirmation.render({
        reader,
        series,
        replaced: true,
        country: 'RW',
        organisation: null,
        roles: ['focal', 'discussant', 'chair', 'co_blogger'],
        sessions: [
          { title: 'S1', startsAt: new Date('2027-04-28T11:00:00Z'), status: 'scheduled', roles: ['focal', 'chair'] },
          { title: 'S2', startsAt: null, status: 'alternate', roles: ['discussant'] },
          { title: 'S3', startsAt: new Date('2027-06-30T11:00:00Z'), status: 'cancelled', roles: ['co_blogger'] },
        ],
        workstreams: [{ title: 'W', asConvener: true }],
        motivation: 'M',
        deadline,
        link: 'http://localhost/x',
      }),
      callForInterest.render({
        reader,
        series,
        deadline,
        sessions: [
          {
            title: 'S1',
            startsAt: new Date('2027-04-28T11:00:00Z'),
            status: 'scheduled',
            focalCountry: 'AR',
            discussantCountry: null,
          },
          { title: 'S2', startsAt: null, status: 'alternate', focalCountry: null, discussantCountry: null },
        ],
        workstreams: [{ title: 'W', description: null, hasConvener: false }],
        link: 'http://localhost/x',
        unsubscribe: 'http://localhost/u',
      }),
      callForInterest.render({
        reader,
        series,
        deadline: null,
        sessions: [],
        workstreams: [],
        link: 'http://localhost/x',
        unsubscribe: 'http://localhost/u',
      }),
      // A week before, the day before, and on the day.
      ...[daysBefore(7), daysBefore(1), deadline].map((sentAt) =>
        interestDeadlineReminder.render({
          reader,
          series,
          sentAt,
          deadline,
          link: 'http://localhost/x',
          unsubscribe: 'http://localhost/u',
        }),
      ),
      ...attendanceMails(reader, series),
    ];
    for (const mail of mails) {
      for (const sentence of englishSentences) {
        t.notOk(mail.text.includes(sentence), `${language}: "${sentence}" is not in "${mail.subject}"`);
      }
      t.notMatch(
        mail.text,
        /\b(Monday|Wednesday|March|April|the|and|or)\b/,
        `${language}: no English word in "${mail.subject}"`,
      );
    }
  }
});

t.test('French calls a co-blogger the same on a page, in an email and on a reply page', async (t) => {
  const word = roleWord('fr', 'co_blogger');
  t.equal(word, 'co-rédaction du billet de blog', 'the glossary word');

  const test = await build(t, { now: '2027-02-01T09:00:00Z' });
  const seeded = await seedSeries(test);
  const res = await test.app.inject({ url: `/series/${seeded.seriesId}`, headers: { 'accept-language': 'fr' } });
  const onPage = /, (co-r[^,<]*?)\u00a0: à déterminer<\/p>/.exec(res.body)?.[1];
  t.equal(onPage, word, 'the programme page');

  addPerson(test.app.db, test.clock, { email: 'fr@example.org', name: 'Awa', country: 'SN', language: 'fr' });
  const call = callForInterest.render({
    reader: { email: 'fr@example.org', name: 'Awa', language: 'fr', zone: 'Africa/Dakar' },
    series: { id: 's1', title: 'Série', description: null, timezone: 'Africa/Nairobi' },
    deadline: null,
    sessions: [],
    workstreams: [],
    link: 'http://localhost/x',
    unsubscribe: 'http://localhost/u',
  });
  const inEmail = /^- (Co-r[^\u00a0:]*)\u00a0:/m.exec(call.text)?.[1];
  t.equal(inEmail, 'Co-rédaction du billet de blog', 'the call for interest, as a label');
  t.ok(call.text.includes(`, présidence de séance ou ${word}`), 'the call for interest, in its list of roles');

  await setLineup(test, seeded.june, { coBloggers: [{ email: 'fr@example.org' }] });
  await test.app.inject({ method: 'POST', url: `/api/sessions/${seeded.june}/invitations`, headers: test.as(CHAIR) });
  const [assignment] = test.app.db.select().from(roleAssignments).all();
  const link = new URL(replyLink(test.app.config, assignment as NonNullable<typeof assignment>, 'accept'));
  const answered = await test.app.inject({
    method: 'POST',
    url: link.pathname,
    payload: `token=${link.searchParams.get('token')}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const page = await test.app.inject({ url: String(answered.headers.location) });
  t.equal(
    /<p class="notice" role="status">([^<]*)<\/p>/.exec(page.body)?.[1],
    `Merci\u00a0: vous avez accepté votre rôle de ${word}. Les présidents en ont été informés.`,
    'the reply page',
  );
});

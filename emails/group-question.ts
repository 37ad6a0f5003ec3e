// group_question: the discussant's question, posed to the group before the session (to everyone
// registered to attend and, when the chair chose it, to every contact of the series), so that
// practitioners of other countries reflect on what has and has not worked in their own context
// and bring it to the session's last part. Each reader gets it once, with a link to a page where
// they write a short experience or question of their own until the session starts.
import {
  type Catalogue,
  common,
  countryIn,
  greet,
  type SeriesMessage,
  shortDate,
  timeOf,
  translations,
} from './i18n.js';
import { shared, signOff } from './invitation.js';
import { action, facts, heading, paragraph, renderDocument } from './layout.js';

export interface GroupQuestionContext extends SeriesMessage {
  session: {
    title: string;
    startsAt: Date;
    meetingUrl: string | null;
    question: string;
    focalCountry: string | null;
    discussantCountry: string | null;
  };
  /** The reader's own page to write their experience or question. */
  answerLink: string;
  /** Where a reader who is not registered yet can register (a contact's call link, or the programme). */
  registerLink: string | null;
}

const NBSP = '\u00a0';

const en = {
  subject: (session: string, date: string) => `The question to the group: “${session}”, ${date}`,
  intro: (session: string, series: string) =>
    `Ahead of the session “${session}” of the series “${series}”, the discussant’s question is posed to the whole group:`,
  countries: (discussant: string, focal: string) => `Put by ${discussant} to ${focal}.`,
  ask: 'What has and has not worked in your own country? Share a short experience, or a question of your own, before the session starts: the chair brings them into its last part, the experiences and questions shared by other countries.',
  answerAction: 'Share an experience or a question',
  registerNote: 'Not registered yet? Register to attend the session and receive it in your calendar.',
  registerAction: 'Register to attend',
  footer: (series: string, email: string) =>
    `You receive this question because you (${email}) registered to attend a session of the series “${series}” or are on its list of contacts.`,
} satisfies Catalogue;

export const text = translations<typeof en>('group-question', {
  en,
  fr: {
    subject: (session, date) => `La question au groupe${NBSP}: «${NBSP}${session}${NBSP}», ${date}`,
    intro: (session, series) =>
      `En amont de la session «${NBSP}${session}${NBSP}» de la série «${NBSP}${series}${NBSP}», la question du pays discutant est posée à tout le groupe${NBSP}:`,
    countries: (discussant, focal) => `Posée par ${discussant} à ${focal}.`,
    ask: `Qu’est-ce qui a marché, ou non, dans votre pays${NBSP}? Partagez une brève expérience, ou une question, avant le début de la session${NBSP}: la présidence les reprend dans sa dernière partie, consacrée aux expériences et questions des autres pays.`,
    answerAction: 'Partager une expérience ou une question',
    registerNote: `Pas encore inscrit(e)${NBSP}? Inscrivez-vous pour assister à la session et la recevoir dans votre agenda.`,
    registerAction: 'M’inscrire pour assister',
    footer: (series, email) =>
      `Vous recevez cette question parce que vous (${email}) êtes inscrit(e) à une session de la série «${NBSP}${series}${NBSP}» ou figurez sur sa liste de contacts.`,
  },
  es: {
    subject: (session, date) => `La pregunta al grupo: «${session}», ${date}`,
    intro: (session, series) =>
      `Antes de la sesión «${session}» de la serie «${series}», la pregunta del país comentarista se plantea a todo el grupo:`,
    countries: (discussant, focal) => `Planteada por ${discussant} a ${focal}.`,
    ask: '¿Qué ha funcionado, o no, en su país? Comparta una breve experiencia, o una pregunta propia, antes de que empiece la sesión: la presidencia las recoge en su última parte, dedicada a las experiencias y preguntas de otros países.',
    answerAction: 'Compartir una experiencia o una pregunta',
    registerNote: '¿Todavía no está inscrito/a? Inscríbase para asistir a la sesión y recibirla en su calendario.',
    registerAction: 'Inscribirme para asistir',
    footer: (series, email) =>
      `Recibe esta pregunta porque usted (${email}) se inscribió en una sesión de la serie «${series}» o figura en su lista de contactos.`,
  },
  pt: {
    subject: (session, date) => `A pergunta ao grupo: “${session}”, ${date}`,
    intro: (session, series) =>
      `Antes da sessão “${session}” da série “${series}”, a pergunta do país comentador é colocada a todo o grupo:`,
    countries: (discussant, focal) => `Colocada por ${discussant} a ${focal}.`,
    ask: 'O que funcionou, ou não, no seu país? Partilhe uma breve experiência, ou uma pergunta sua, antes do início da sessão: a presidência retoma-as na última parte, dedicada às experiências e perguntas de outros países.',
    answerAction: 'Partilhar uma experiência ou uma pergunta',
    registerNote: 'Ainda não está inscrito(a)? Inscreva-se para assistir à sessão e recebê-la no seu calendário.',
    registerAction: 'Inscrever-me para assistir',
    footer: (series, email) =>
      `Recebe esta pergunta porque se inscreveu (${email}) numa sessão da série “${series}” ou consta da sua lista de contactos.`,
  },
});

export function render(ctx: GroupQuestionContext) {
  const { reader, series, session } = ctx;
  const lang = reader.language;
  const t = text[lang];
  const s = shared[lang];
  const c = common[lang];
  const intro = t.intro(session.title, series.title);
  const blocks = [
    paragraph(greet(reader.name, lang)),
    paragraph(intro),
    paragraph(c.quote(session.question)),
    ...(session.discussantCountry && session.focalCountry
      ? [paragraph(t.countries(countryIn(session.discussantCountry, lang), countryIn(session.focalCountry, lang)))]
      : []),
    paragraph(t.ask),
    action(t.answerAction, ctx.answerLink),
    facts([[s.whenLabel, timeOf(ctx, session.startsAt)]]),
    // The meeting link for those registered; the others are offered to register.
    ...(session.meetingUrl ? [heading(s.meetingLabel), action(s.joinAction, session.meetingUrl)] : []),
    ...(ctx.registerLink ? [paragraph(t.registerNote), action(t.registerAction, ctx.registerLink)] : []),
    signOff(ctx),
  ];
  return renderDocument({
    language: lang,
    subject: t.subject(session.title, shortDate(session.startsAt, lang, reader.zone)),
    preview: `${intro} ${c.quote(session.question)}`,
    blocks,
    footer: t.footer(series.title, reader.email),
  });
}

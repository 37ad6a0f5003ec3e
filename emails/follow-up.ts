// attendance_follow_up: after a session, a short message to everyone who registered for it, with
// the links the chairs recorded: the recording, the slides, and the blog post once published.
import { type Catalogue, type SeriesMessage, shortDate, translations } from './i18n.js';
import { signOff } from './invitation.js';
import { action, renderLetter } from './layout.js';

export interface FollowUpContext extends SeriesMessage {
  session: { title: string; startsAt: Date };
  recordingUrl: string | null;
  slidesUrl: string | null;
  blog: { url: string; title: string | null } | null;
  /** Whether this message is the one telling of the blog post (it was published since). */
  blogNews: boolean;
}

const NBSP = '\u00a0';

const en = {
  subject: (session: string) => `After the session: “${session}”`,
  blogSubject: (session: string) => `The blog post of the session “${session}”`,
  intro: (session: string, date: string) =>
    `Thank you for registering for the session “${session}” of ${date}. Here is what it left behind:`,
  blogIntro: (session: string) => `The blog post on the session “${session}” is published:`,
  recordingAction: 'Watch the recording',
  slidesAction: 'See the slides',
  blogAction: 'Read the blog post',
  footer: (series: string, email: string) =>
    `You receive this message because you (${email}) registered to attend a session of the series “${series}”.`,
} satisfies Catalogue;

export const text = translations<typeof en>('follow-up', {
  en,
  fr: {
    subject: (session) => `Après la session${NBSP}: «${NBSP}${session}${NBSP}»`,
    blogSubject: (session) => `Le billet de blog de la session «${NBSP}${session}${NBSP}»`,
    intro: (session, date) =>
      `Merci de vous être inscrit(e) à la session «${NBSP}${session}${NBSP}» du ${date}. Voici ce qu’elle laisse${NBSP}:`,
    blogIntro: (session) => `Le billet de blog sur la session «${NBSP}${session}${NBSP}» est publié${NBSP}:`,
    recordingAction: 'Voir l’enregistrement',
    slidesAction: 'Voir les diapositives',
    blogAction: 'Lire le billet de blog',
    footer: (series, email) =>
      `Vous recevez ce message parce que vous (${email}) vous êtes inscrit(e) à une session de la série «${NBSP}${series}${NBSP}».`,
  },
  es: {
    subject: (session) => `Después de la sesión: «${session}»`,
    blogSubject: (session) => `La entrada de blog de la sesión «${session}»`,
    intro: (session, date) => `Gracias por inscribirse en la sesión «${session}» del ${date}. Esto es lo que dejó:`,
    blogIntro: (session) => `La entrada de blog sobre la sesión «${session}» está publicada:`,
    recordingAction: 'Ver la grabación',
    slidesAction: 'Ver las diapositivas',
    blogAction: 'Leer la entrada de blog',
    footer: (series, email) =>
      `Recibe este mensaje porque usted (${email}) se inscribió para asistir a una sesión de la serie «${series}».`,
  },
  pt: {
    subject: (session) => `Depois da sessão: “${session}”`,
    blogSubject: (session) => `O artigo de blogue da sessão “${session}”`,
    intro: (session, date) => `Obrigado por se ter inscrito na sessão “${session}” de ${date}. Eis o que ficou:`,
    blogIntro: (session) => `O artigo de blogue sobre a sessão “${session}” está publicado:`,
    recordingAction: 'Ver a gravação',
    slidesAction: 'Ver os diapositivos',
    blogAction: 'Ler o artigo de blogue',
    footer: (series, email) =>
      `Recebe esta mensagem porque se inscreveu (${email}) para assistir a uma sessão da série “${series}”.`,
  },
});

export function render(ctx: FollowUpContext) {
  const lang = ctx.reader.language;
  const t = text[lang];
  const intro = ctx.blogNews
    ? t.blogIntro(ctx.session.title)
    : t.intro(ctx.session.title, shortDate(ctx.session.startsAt, lang, ctx.reader.zone));
  const links = [
    ...(ctx.recordingUrl ? [action(t.recordingAction, ctx.recordingUrl)] : []),
    ...(ctx.slidesUrl ? [action(t.slidesAction, ctx.slidesUrl)] : []),
    ...(ctx.blog ? [action(t.blogAction, ctx.blog.url)] : []),
  ];
  return renderLetter(ctx.reader, {
    subject: ctx.blogNews ? t.blogSubject(ctx.session.title) : t.subject(ctx.session.title),
    opening: intro,
    blocks: [...links, signOff(ctx)],
    footer: t.footer(ctx.series.title, ctx.reader.email),
  });
}

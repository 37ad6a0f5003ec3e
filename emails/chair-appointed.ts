// chair_appointed: a person has been made a chair of a series. Says what chairs do here, who the
// other chairs are, and where the series' page is, in their language.

import { glossaries } from '../src/i18n/glossary.js';
import { type Catalogue, common, deadlineDate, type SeriesMessage, translations } from './i18n.js';
import { action, facts, lines, paragraph, renderLetter } from './layout.js';

export interface ChairContext extends SeriesMessage {
  /** The other chairs' names, in their order. */
  otherChairs: string[];
  interestDeadline: Date | null;
  /** The series' management page: contacts, the call, the line-up, invitations. */
  url: string;
}

const NBSP = '\u00a0';

const en = {
  subject: (title: string) => `You chair the webinar series “${title}”`,
  intro: (series: string) => `You have been made a chair of the webinar series “${series}”.`,
  what: (roles: string) =>
    `As a chair you send the call for expressions of interest to your contacts, line up each session’s roles (${roles}) and send their invitations. Everything is on the series’ page.`,
  othersLabel: 'Chairing with you',
  nobodyElse: 'nobody else yet',
  deadlineLabel: 'Deadline for expressions of interest',
  noDeadline: 'not set yet',
  action: 'Open the series’ page',
  question: 'If you did not expect this, please reply to the person who asked you.',
  footer: (email: string) => `This email was sent to ${email} because you were made a chair of a webinar series.`,
} satisfies Catalogue;

export const text = translations<typeof en>('chair-appointed', {
  en,
  fr: {
    subject: (title) => `Vous présidez la série de webinaires «${NBSP}${title}${NBSP}»`,
    intro: (series) =>
      `Vous faites désormais partie de la présidence de la série de webinaires «${NBSP}${series}${NBSP}».`,
    what: (roles) =>
      `À la présidence, vous envoyez l’appel à manifestation d’intérêt à vos contacts, attribuez les rôles de chaque session (${roles}) et envoyez les invitations. Tout se fait depuis la page de la série.`,
    othersLabel: 'Avec vous à la présidence',
    nobodyElse: 'personne d’autre pour l’instant',
    deadlineLabel: 'Date limite des manifestations d’intérêt',
    noDeadline: 'pas encore fixée',
    action: 'Ouvrir la page de la série',
    question: 'Si vous ne vous y attendiez pas, merci de répondre à la personne qui vous l’a demandé.',
    footer: (email) =>
      `Ce message a été envoyé à ${email} parce que vous faites désormais partie de la présidence d’une série de webinaires.`,
  },
  es: {
    subject: (title) => `Preside la serie de seminarios web «${title}»`,
    intro: (series) => `Ahora forma parte de la presidencia de la serie de seminarios web «${series}».`,
    what: (roles) =>
      `Desde la presidencia envía la convocatoria de manifestaciones de interés a sus contactos, asigna los roles de cada sesión (${roles}) y envía las invitaciones. Todo está en la página de la serie.`,
    othersLabel: 'Presiden con usted',
    nobodyElse: 'nadie más por ahora',
    deadlineLabel: 'Plazo de las manifestaciones de interés',
    noDeadline: 'aún sin fijar',
    action: 'Abrir la página de la serie',
    question: 'Si no lo esperaba, responda por favor a la persona que se lo pidió.',
    footer: (email) =>
      `Este correo se envió a ${email} porque ahora forma parte de la presidencia de una serie de seminarios web.`,
  },
  pt: {
    subject: (title) => `Preside a série de webinars “${title}”`,
    intro: (series) => `Passou a fazer parte da presidência da série de webinars “${series}”.`,
    what: (roles) =>
      `Na presidência, envia a chamada de manifestações de interesse aos seus contactos, atribui os papéis de cada sessão (${roles}) e envia os convites. Tudo está na página da série.`,
    othersLabel: 'Presidem consigo',
    nobodyElse: 'mais ninguém por agora',
    deadlineLabel: 'Prazo das manifestações de interesse',
    noDeadline: 'ainda por definir',
    action: 'Abrir a página da série',
    question: 'Se não estava à espera disto, responda por favor à pessoa que lho pediu.',
    footer: (email) =>
      `Esta mensagem foi enviada para ${email} porque passou a fazer parte da presidência de uma série de webinars.`,
  },
});

/** The roles a chair lines up, in the glossary's words. */
function sessionRoles(language: ChairContext['reader']['language']): string {
  const role = glossaries[language].role;
  return [role.focal.one, role.discussant.one, role.chair.one, role.co_blogger.other].join(', ');
}

export function render(ctx: ChairContext) {
  const lang = ctx.reader.language;
  const t = text[lang];
  return renderLetter(ctx.reader, {
    subject: t.subject(ctx.series.title),
    opening: t.intro(ctx.series.title),
    blocks: [
      ...(ctx.series.description ? [paragraph(ctx.series.description)] : []),
      paragraph(t.what(sessionRoles(lang))),
      facts([
        [t.othersLabel, ctx.otherChairs.length > 0 ? ctx.otherChairs.join(', ') : t.nobodyElse],
        [
          t.deadlineLabel,
          ctx.interestDeadline ? deadlineDate(ctx.interestDeadline, lang, ctx.reader.zone) : t.noDeadline,
        ],
      ]),
      action(t.action, ctx.url),
      paragraph(t.question),
      lines(common[lang].signOff, common[lang].team),
    ],
    footer: t.footer(ctx.reader.email),
  });
}

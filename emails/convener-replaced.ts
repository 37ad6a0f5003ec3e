// convener_replaced: the chairs asked someone else to convene a workstream. Tells the person who
// convened it until now, in their language, who takes over and that the convener's messages about
// its meetings now go to them.
import { type Catalogue, common, type SeriesMessage, translations } from './i18n.js';
import { facts, lines, paragraph, renderLetter } from './layout.js';

export interface ConvenerReplacedContext extends SeriesMessage {
  workstream: { title: string };
  /** Who convenes it from now on. */
  successor: string;
}

const NBSP = '\u00a0';

const en = {
  subject: (title: string) => `You no longer convene the workstream “${title}”`,
  intro: (workstream: string, series: string) =>
    `The chairs of “${series}” have asked someone else to convene its workstream “${workstream}” from now on.`,
  what: 'Its meetings and its list of members are in their hands now. Thank you for the work you put into it.',
  successorLabel: 'Convened from now on by',
  question: 'If this comes as a surprise, please reply to the series’ chairs.',
  signature: 'The webinar series team',
  footer: (email: string) => `This email was sent to ${email} because you convened a workstream of the series.`,
} satisfies Catalogue;

export const text = translations<typeof en>('convener-replaced', {
  en,
  fr: {
    subject: (title) => `Vous n’animez plus le groupe de travail «${NBSP}${title}${NBSP}»`,
    intro: (workstream, series) =>
      `La présidence de «${NBSP}${series}${NBSP}» a confié à une autre personne l’animation de son groupe de travail «${NBSP}${workstream}${NBSP}».`,
    what: 'Ses réunions et la liste de ses membres sont désormais entre ses mains. Merci pour le travail que vous y avez consacré.',
    successorLabel: 'Animation désormais assurée par',
    question: 'Si vous ne vous y attendiez pas, merci de répondre à la présidence de la série.',
    signature: 'L’équipe de la série de webinaires',
    footer: (email) => `Ce message a été envoyé à ${email} parce que vous animiez un groupe de travail de la série.`,
  },
  es: {
    subject: (title) => `Ya no coordina el grupo de trabajo «${title}»`,
    intro: (workstream, series) =>
      `La presidencia de «${series}» ha confiado a otra persona la coordinación de su grupo de trabajo «${workstream}».`,
    what: 'Sus reuniones y la lista de sus miembros quedan ahora en sus manos. Gracias por el trabajo que le dedicó.',
    successorLabel: 'Coordinado a partir de ahora por',
    question: 'Si esto le sorprende, responda por favor a la presidencia de la serie.',
    signature: 'El equipo de la serie de seminarios web',
    footer: (email) => `Este correo se envió a ${email} porque coordinaba un grupo de trabajo de la serie.`,
  },
  pt: {
    subject: (title) => `Já não coordena o grupo de trabalho “${title}”`,
    intro: (workstream, series) =>
      `A presidência de “${series}” confiou a outra pessoa a coordenação do seu grupo de trabalho “${workstream}”.`,
    what: 'As suas reuniões e a lista dos seus membros ficam agora nas mãos dessa pessoa. Obrigado pelo trabalho que lhe dedicou.',
    successorLabel: 'Coordenado a partir de agora por',
    question: 'Se não estava à espera disto, responda por favor à presidência da série.',
    signature: 'A equipa da série de webinars',
    footer: (email) => `Esta mensagem foi enviada para ${email} porque coordenava um grupo de trabalho da série.`,
  },
});

export function render(ctx: ConvenerReplacedContext) {
  const lang = ctx.reader.language;
  const t = text[lang];
  return renderLetter(ctx.reader, {
    subject: t.subject(ctx.workstream.title),
    opening: t.intro(ctx.workstream.title, ctx.series.title),
    blocks: [
      paragraph(t.what),
      facts([[t.successorLabel, ctx.successor]]),
      paragraph(t.question),
      lines(common[lang].signOff, t.signature),
    ],
    footer: t.footer(ctx.reader.email),
  });
}

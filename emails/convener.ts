// A workstream convener's two messages, in the reader's language:
//   convener_appointed  a person has been asked to convene a workstream: what the role is, who
//                       supports them, and where their page is (members, meetings);
//   convener_replaced   the convener until then: someone else takes over, and who.
import { type Catalogue, common, type SeriesMessage, translations } from './i18n.js';
import { action, type Block, facts, lines, paragraph, renderLetter } from './layout.js';

export interface ConvenerContext extends SeriesMessage {
  workstream: { title: string; description: string | null };
  supportingChair: string;
  members: number;
  /** The convener's page: members and meetings. */
  url: string;
}

export interface ConvenerReplacedContext extends SeriesMessage {
  workstream: { title: string };
  /** Who convenes it from now on. */
  successor: string;
}

const NBSP = '\u00a0';

const en = {
  subject: (title: string) => `You convene the workstream “${title}”`,
  intro: (workstream: string, series: string) =>
    `The chairs of “${series}” have asked you to convene its workstream “${workstream}”, which runs alongside the sessions.`,
  what: 'As convener you schedule the workstream’s meetings and keep its list of members; each member gets the invitations in their own language and time zone.',
  supportLabel: 'Supported by',
  membersLabel: 'Members so far',
  action: 'Open the workstream’s page',
  question: 'If you cannot take this on, please reply to the series’ chairs.',
  footer: (email: string) => `This email was sent to ${email} because you were appointed convener of a workstream.`,
  replacedSubject: (title: string) => `You no longer convene the workstream “${title}”`,
  replacedIntro: (workstream: string, series: string) =>
    `The chairs of “${series}” have asked someone else to convene its workstream “${workstream}” from now on.`,
  replacedWhat:
    'Its meetings and its list of members are in the hands of the new convener now. Thank you for the work you put into it.',
  successorLabel: 'Convened from now on by',
  replacedQuestion: 'If this comes as a surprise, please reply to the series’ chairs.',
  replacedFooter: (email: string) => `This email was sent to ${email} because you convened a workstream of the series.`,
} satisfies Catalogue;

export const text = translations<typeof en>('convener', {
  en,
  fr: {
    subject: (title) => `Vous animez le groupe de travail «${NBSP}${title}${NBSP}»`,
    intro: (workstream, series) =>
      `La présidence de «${NBSP}${series}${NBSP}» vous confie l’animation de son groupe de travail «${NBSP}${workstream}${NBSP}», qui se déroule en parallèle des sessions.`,
    what: 'Vous programmez les réunions du groupe et tenez la liste de ses membres\u00a0; chaque membre reçoit les invitations dans sa langue et son fuseau horaire.',
    supportLabel: 'Avec l’appui de',
    membersLabel: 'Membres à ce jour',
    action: 'Ouvrir la page du groupe de travail',
    question: 'Si vous ne pouvez pas assumer ce rôle, merci de répondre à la présidence de la série.',
    footer: (email) =>
      `Ce message a été envoyé à ${email} parce que l’animation d’un groupe de travail vous a été confiée.`,
    replacedSubject: (title) => `Vous n’animez plus le groupe de travail «${NBSP}${title}${NBSP}»`,
    replacedIntro: (workstream, series) =>
      `La présidence de «${NBSP}${series}${NBSP}» a confié à une autre personne l’animation de son groupe de travail «${NBSP}${workstream}${NBSP}».`,
    replacedWhat:
      'Ses réunions et la liste de ses membres sont désormais entre les mains de la personne qui prend le relais. Merci pour le travail que vous y avez consacré.',
    successorLabel: 'Animation désormais assurée par',
    replacedQuestion: 'Si vous ne vous y attendiez pas, merci de répondre à la présidence de la série.',
    replacedFooter: (email) =>
      `Ce message a été envoyé à ${email} parce que vous animiez un groupe de travail de la série.`,
  },
  es: {
    subject: (title) => `Coordina el grupo de trabajo «${title}»`,
    intro: (workstream, series) =>
      `La presidencia de «${series}» le ha confiado la coordinación de su grupo de trabajo «${workstream}», que se desarrolla en paralelo a las sesiones.`,
    what: 'Como coordinador o coordinadora programa las reuniones del grupo y lleva la lista de sus miembros; cada miembro recibe las invitaciones en su idioma y su zona horaria.',
    supportLabel: 'Con el apoyo de',
    membersLabel: 'Miembros hasta ahora',
    action: 'Abrir la página del grupo de trabajo',
    question: 'Si no puede asumir esta tarea, responda por favor a la presidencia de la serie.',
    footer: (email) => `Este correo se envió a ${email} porque se le confió la coordinación de un grupo de trabajo.`,
    replacedSubject: (title) => `Ya no coordina el grupo de trabajo «${title}»`,
    replacedIntro: (workstream, series) =>
      `La presidencia de «${series}» ha confiado a otra persona la coordinación de su grupo de trabajo «${workstream}».`,
    replacedWhat:
      'Sus reuniones y la lista de sus miembros quedan ahora en manos de quien lo coordina. Gracias por el trabajo que le dedicó.',
    successorLabel: 'Coordinado a partir de ahora por',
    replacedQuestion: 'Si esto le sorprende, responda por favor a la presidencia de la serie.',
    replacedFooter: (email) => `Este correo se envió a ${email} porque coordinaba un grupo de trabajo de la serie.`,
  },
  pt: {
    subject: (title) => `Coordena o grupo de trabalho “${title}”`,
    intro: (workstream, series) =>
      `A presidência de “${series}” confiou-lhe a coordenação do seu grupo de trabalho “${workstream}”, que decorre em paralelo com as sessões.`,
    what: 'Na coordenação, agenda as reuniões do grupo e mantém a lista dos seus membros; cada membro recebe os convites no seu idioma e fuso horário.',
    supportLabel: 'Com o apoio de',
    membersLabel: 'Membros até agora',
    action: 'Abrir a página do grupo de trabalho',
    question: 'Se não puder assumir esta função, responda por favor à presidência da série.',
    footer: (email) =>
      `Esta mensagem foi enviada para ${email} porque lhe foi confiada a coordenação de um grupo de trabalho.`,
    replacedSubject: (title) => `Já não coordena o grupo de trabalho “${title}”`,
    replacedIntro: (workstream, series) =>
      `A presidência de “${series}” confiou a outra pessoa a coordenação do seu grupo de trabalho “${workstream}”.`,
    replacedWhat:
      'As suas reuniões e a lista dos seus membros ficam agora nas mãos de quem o coordena. Obrigado pelo trabalho que lhe dedicou.',
    successorLabel: 'Coordenado a partir de agora por',
    replacedQuestion: 'Se não estava à espera disto, responda por favor à presidência da série.',
    replacedFooter: (email) =>
      `Esta mensagem foi enviada para ${email} porque coordenava um grupo de trabalho da série.`,
  },
});

/** A convener's letter: its own parts, then the team's sign-off, in the reader's language. */
function letter(ctx: SeriesMessage, parts: { subject: string; opening: string; blocks: Block[]; footer: string }) {
  const lang = ctx.reader.language;
  return renderLetter(ctx.reader, {
    ...parts,
    blocks: [...parts.blocks, lines(common[lang].signOff, common[lang].team)],
  });
}

export function renderAppointed(ctx: ConvenerContext) {
  const t = text[ctx.reader.language];
  return letter(ctx, {
    subject: t.subject(ctx.workstream.title),
    opening: t.intro(ctx.workstream.title, ctx.series.title),
    blocks: [
      ...(ctx.workstream.description ? [paragraph(ctx.workstream.description)] : []),
      paragraph(t.what),
      facts([
        [t.supportLabel, ctx.supportingChair],
        [t.membersLabel, String(ctx.members)],
      ]),
      action(t.action, ctx.url),
      paragraph(t.question),
    ],
    footer: t.footer(ctx.reader.email),
  });
}

export function renderReplaced(ctx: ConvenerReplacedContext) {
  const t = text[ctx.reader.language];
  return letter(ctx, {
    subject: t.replacedSubject(ctx.workstream.title),
    opening: t.replacedIntro(ctx.workstream.title, ctx.series.title),
    blocks: [paragraph(t.replacedWhat), facts([[t.successorLabel, ctx.successor]]), paragraph(t.replacedQuestion)],
    footer: t.replacedFooter(ctx.reader.email),
  });
}

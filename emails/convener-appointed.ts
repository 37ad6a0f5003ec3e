// convener_appointed: a person has been asked to convene a workstream. Says what the role is,
// who supports them, and where their page is (members, meetings), in their language.
import { type Catalogue, common, type SeriesMessage, translations } from './i18n.js';
import { action, facts, lines, paragraph, renderLetter } from './layout.js';

export interface ConvenerContext extends SeriesMessage {
  workstream: { title: string; description: string | null };
  supportingChair: string;
  members: number;
  /** The convener's page: members and meetings. */
  url: string;
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
  signature: 'The webinar series team',
  footer: (email: string) => `This email was sent to ${email} because you were appointed convener of a workstream.`,
} satisfies Catalogue;

export const text = translations<typeof en>('convener-appointed', {
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
    signature: 'L’équipe de la série de webinaires',
    footer: (email) =>
      `Ce message a été envoyé à ${email} parce que l’animation d’un groupe de travail vous a été confiée.`,
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
    signature: 'El equipo de la serie de seminarios web',
    footer: (email) => `Este correo se envió a ${email} porque se le confió la coordinación de un grupo de trabajo.`,
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
    signature: 'A equipa da série de webinars',
    footer: (email) =>
      `Esta mensagem foi enviada para ${email} porque lhe foi confiada a coordenação de um grupo de trabalho.`,
  },
});

export function render(ctx: ConvenerContext) {
  const lang = ctx.reader.language;
  const t = text[lang];
  return renderLetter(ctx.reader, {
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
      lines(common[lang].signOff, t.signature),
    ],
    footer: t.footer(ctx.reader.email),
  });
}

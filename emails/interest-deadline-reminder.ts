// interest_deadline_reminder: to a series' contacts a week and a day before the interest deadline.
import { rolesOr } from './call-for-interest.js';
import { type Catalogue, common, greet, type Reader, type SeriesInfo, type Translations, when } from './i18n.js';
import { action, lines, paragraph, renderDocument } from './layout.js';

interface InterestDeadlineReminderContext {
  reader: Reader;
  series: SeriesInfo;
  daysBefore: 7 | 1;
  deadline: Date;
  link: string;
}

const NBSP = '\u00a0';

const en = {
  subjectWeek: (series: string) => `One week left to express interest in “${series}”`,
  subjectDay: (series: string) => `Expressions of interest in “${series}” close tomorrow`,
  closesInWeek: (series: string, deadline: string) =>
    `Expressions of interest in the series “${series}” close in one week: ${deadline}.`,
  closesTomorrow: (series: string, deadline: string) =>
    `Expressions of interest in the series “${series}” close tomorrow: ${deadline}.`,
  invite: (roles: string) =>
    `If you would like to take one of the roles in a session (${roles}) or to join a workstream, there is still time to say so.`,
  already:
    'If you have already sent your expression of interest, thank you: you can still change it until the deadline.',
  action: 'Express my interest',
  footer: (series: string, email: string) =>
    `You receive this reminder because the coordinators of the series “${series}” added this address (${email}) to its list of contacts.`,
} satisfies Catalogue;

export const text: Translations<typeof en> = {
  en,
  fr: {
    subjectWeek: (series) => `Plus qu'une semaine pour manifester votre intérêt pour «${NBSP}${series}${NBSP}»`,
    subjectDay: (series) => `Les manifestations d'intérêt pour «${NBSP}${series}${NBSP}» se terminent demain`,
    closesInWeek: (series, deadline) =>
      `Les manifestations d'intérêt pour la série «${NBSP}${series}${NBSP}» se terminent dans une semaine${NBSP}: ${deadline}.`,
    closesTomorrow: (series, deadline) =>
      `Les manifestations d'intérêt pour la série «${NBSP}${series}${NBSP}» se terminent demain${NBSP}: ${deadline}.`,
    invite: (roles) =>
      `Si vous souhaitez prendre l'un des rôles d'une session (${roles}) ou rejoindre un groupe de travail, il est encore temps de nous le faire savoir.`,
    already: `Si vous avez déjà envoyé votre manifestation d'intérêt, merci${NBSP}: vous pouvez encore la modifier jusqu'à la date limite.`,
    action: 'Manifester mon intérêt',
    footer: (series, email) =>
      `Vous recevez ce rappel parce que la coordination de la série «${NBSP}${series}${NBSP}» a ajouté cette adresse (${email}) à sa liste de contacts.`,
  },
  es: {
    subjectWeek: (series) => `Queda una semana para manifestar su interés en «${series}»`,
    subjectDay: (series) => `El plazo para manifestar interés en «${series}» se cierra mañana`,
    closesInWeek: (series, deadline) =>
      `El plazo para manifestar interés en la serie «${series}» se cierra dentro de una semana: ${deadline}.`,
    closesTomorrow: (series, deadline) =>
      `El plazo para manifestar interés en la serie «${series}» se cierra mañana: ${deadline}.`,
    invite: (roles) =>
      `Si desea asumir una de las funciones de una sesión (${roles}) o unirse a un grupo de trabajo, todavía está a tiempo de indicarlo.`,
    already: 'Si ya envió su manifestación de interés, gracias: todavía puede modificarla hasta la fecha límite.',
    action: 'Manifestar mi interés',
    footer: (series, email) =>
      `Recibe este recordatorio porque la coordinación de la serie «${series}» añadió esta dirección (${email}) a su lista de contactos.`,
  },
  pt: {
    subjectWeek: (series) => `Falta uma semana para manifestar o seu interesse em “${series}”`,
    subjectDay: (series) => `O prazo para manifestar interesse em “${series}” termina amanhã`,
    closesInWeek: (series, deadline) =>
      `O prazo para manifestar interesse na série “${series}” termina dentro de uma semana: ${deadline}.`,
    closesTomorrow: (series, deadline) =>
      `O prazo para manifestar interesse na série “${series}” termina amanhã: ${deadline}.`,
    invite: (roles) =>
      `Se deseja assumir uma das funções de uma sessão (${roles}) ou juntar-se a um grupo de trabalho, ainda vai a tempo de o indicar.`,
    already: 'Se já enviou a sua manifestação de interesse, obrigado: ainda pode alterá-la até ao fim do prazo.',
    action: 'Manifestar o meu interesse',
    footer: (series, email) =>
      `Recebe este lembrete porque a coordenação da série “${series}” adicionou este endereço (${email}) à sua lista de contactos.`,
  },
};

export function render(ctx: InterestDeadlineReminderContext) {
  const { reader, series } = ctx;
  const lang = reader.language;
  const t = text[lang];
  const c = common[lang];
  const deadline = when(ctx.deadline, lang, reader.zone, series.timezone, reader.zoneEstimated);
  const closes =
    ctx.daysBefore === 1 ? t.closesTomorrow(series.title, deadline) : t.closesInWeek(series.title, deadline);
  return renderDocument({
    language: lang,
    subject: ctx.daysBefore === 1 ? t.subjectDay(series.title) : t.subjectWeek(series.title),
    preview: closes,
    blocks: [
      paragraph(greet(reader.name, lang)),
      paragraph(closes),
      paragraph(t.invite(rolesOr(lang))),
      action(t.action, ctx.link),
      paragraph(t.already),
      lines(c.signOff, c.signature(series.title)),
    ],
    footer: t.footer(series.title, reader.email),
  });
}

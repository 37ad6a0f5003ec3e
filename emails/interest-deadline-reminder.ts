// interest_deadline_reminder: to a series' contacts a week and a day before the interest deadline.
// The time left ("today", "tomorrow", "in 6 days") is told from the moment the reminder goes out,
// by the dates of the reader's zone, and the deadline always comes with its time and zone.
import { rolesOr } from './call-for-interest.js';
import {
  type Catalogue,
  common,
  deadlineDate,
  greet,
  type SeriesMessage,
  timeLeftUntil,
  translations,
  when,
} from './i18n.js';
import { action, lines, paragraph, renderDocument } from './layout.js';

interface InterestDeadlineReminderContext extends SeriesMessage {
  /** When the reminder goes out: the time left is told from it, in the reader's zone. */
  sentAt: Date;
  deadline: Date;
  link: string;
  /** The contact's unsubscribe page, linked under the small print. */
  unsubscribe: string;
}

const NBSP = '\u00a0';

const en = {
  subject: (series: string, left: string, date: string) =>
    `Expressions of interest in “${series}” close ${left} (${date})`,
  closes: (series: string, left: string, deadline: string) =>
    `Expressions of interest in the series “${series}” close ${left}: ${deadline}.`,
  invite: (roles: string) =>
    `If you would like to take one of the roles in a session (${roles}) or to join a workstream, there is still time to say so.`,
  already:
    'If you have already sent your expression of interest, thank you: you can still change it until the deadline.',
  action: 'Express my interest',
  thisMessage: 'this reminder',
} satisfies Catalogue;

export const text = translations<typeof en>('interest-deadline-reminder', {
  en,
  fr: {
    subject: (series, left, date) =>
      `Les manifestations d’intérêt pour «${NBSP}${series}${NBSP}» se terminent ${left} (${date})`,
    closes: (series, left, deadline) =>
      `Les manifestations d’intérêt pour la série «${NBSP}${series}${NBSP}» se terminent ${left}${NBSP}: ${deadline}.`,
    invite: (roles) =>
      `Si vous souhaitez prendre l’un des rôles d’une session (${roles}) ou rejoindre un groupe de travail, il est encore temps de nous le faire savoir.`,
    already: `Si vous avez déjà envoyé votre manifestation d’intérêt, merci${NBSP}: vous pouvez encore la modifier jusqu’à la date limite.`,
    action: 'Manifester mon intérêt',
    thisMessage: 'ce rappel',
  },
  es: {
    subject: (series, left, date) => `El plazo para manifestar interés en «${series}» se cierra ${left} (${date})`,
    closes: (series, left, deadline) =>
      `El plazo para manifestar interés en la serie «${series}» se cierra ${left}: ${deadline}.`,
    invite: (roles) =>
      `Si desea asumir una de las funciones de una sesión (${roles}) o unirse a un grupo de trabajo, todavía está a tiempo de indicarlo.`,
    already: 'Si ya envió su manifestación de interés, gracias: todavía puede modificarla hasta la fecha límite.',
    action: 'Manifestar mi interés',
    thisMessage: 'este recordatorio',
  },
  pt: {
    subject: (series, left, date) => `O prazo para manifestar interesse em “${series}” termina ${left} (${date})`,
    closes: (series, left, deadline) =>
      `O prazo para manifestar interesse na série “${series}” termina ${left}: ${deadline}.`,
    invite: (roles) =>
      `Se deseja assumir uma das funções de uma sessão (${roles}) ou juntar-se a um grupo de trabalho, ainda vai a tempo de o indicar.`,
    already: 'Se já enviou a sua manifestação de interesse, obrigado: ainda pode alterá-la até ao fim do prazo.',
    action: 'Manifestar o meu interesse',
    thisMessage: 'este lembrete',
  },
});

export function render(ctx: InterestDeadlineReminderContext) {
  const { reader, series } = ctx;
  const lang = reader.language;
  const t = text[lang];
  const c = common[lang];
  const deadline = when(ctx.deadline, lang, reader.zone, series.timezone, reader.zoneEstimated);
  const left = timeLeftUntil(ctx.sentAt, ctx.deadline, lang, reader.zone);
  const closes = t.closes(series.title, left, deadline);
  return renderDocument({
    language: lang,
    subject: t.subject(series.title, left, deadlineDate(ctx.deadline, lang, reader.zone)),
    preview: closes,
    blocks: [
      paragraph(greet(reader.name, lang)),
      paragraph(closes),
      paragraph(t.invite(rolesOr(lang))),
      action(t.action, ctx.link),
      paragraph(t.already),
      lines(c.signOff, c.signature(series.title)),
    ],
    footer: c.contactFooter(t.thisMessage, series.title, reader.email),
    footerLink: { label: c.unsubscribe, href: ctx.unsubscribe },
  });
}

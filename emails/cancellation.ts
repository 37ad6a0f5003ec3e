// role_cancellation, decline_cancellation and session_cancellation: a person taken off a
// session's line-up, a person who declined their role, or the whole session called off. The
// calendar part is METHOD:CANCEL (same UID, higher SEQUENCE; STATUS:CANCELLED only when the
// session is called off), which removes the event from the person's calendar.
import { type Catalogue, common, greet, shortDate, timeOf, translations } from './i18n.js';
import { personRoleName, type RoleContext, shared, signOff } from './invitation.js';
import { type Block, facts, paragraph, renderDocument } from './layout.js';

export interface CancellationContext extends RoleContext {
  /** `role`: the reader was taken off the line-up; `declined`: they declined; `session`: the session is cancelled. */
  kind: 'role' | 'declined' | 'session';
}

const NBSP = '\u00a0';

const en = {
  subjectRole: (session: string) => `Cancelled: your role in “${session}”`,
  subjectSession: (session: string, date: string) => `Cancelled: “${session}”, ${date}`,
  subjectDeclined: (session: string) => `Declined: your role in “${session}”`,
  declined: (session: string, role: string) =>
    `You declined the role of ${role} in the session “${session}”; the chairs have been told. This message removes the event from your calendar.`,
  thanksDeclined:
    'Thank you for letting us know. If you change your mind, the accept link in the invitation still works.',
  roleRemoved: (session: string, role: string) =>
    `The line-up of the session “${session}” has changed, and you no longer hold the role of ${role} in it. The invitation is withdrawn: this message removes the event from your calendar.`,
  sessionCancelled: (session: string, series: string) =>
    `The session “${session}” of the series “${series}” has been cancelled. The invitation is withdrawn: this message removes the event from your calendar.`,
  plannedLabel: 'Planned date',
  thanksRole: 'Thank you for your readiness to take part; the series chairs hope to count on you in another session.',
  thanksSession:
    'Thank you for your readiness to take part. The series chairs will let you know if the session is rescheduled.',
  deleteNote: 'If the event is still in your calendar, you can delete it.',
  footer: (series: string, email: string) =>
    `You receive this message because you (${email}) were invited to a session of the series “${series}”.`,
} satisfies Catalogue;

export const text = translations<typeof en>('cancellation', {
  en,
  fr: {
    subjectRole: (session) => `Annulé${NBSP}: votre rôle dans «${NBSP}${session}${NBSP}»`,
    subjectSession: (session, date) => `Annulée${NBSP}: «${NBSP}${session}${NBSP}», ${date}`,
    subjectDeclined: (session) => `Décliné${NBSP}: votre rôle dans «${NBSP}${session}${NBSP}»`,
    declined: (session, role) =>
      `Vous avez décliné le rôle de ${role} dans la session «${NBSP}${session}${NBSP}»${NBSP}; la présidence en est informée. Ce message supprime l’événement de votre agenda.`,
    thanksDeclined: `Merci de nous avoir prévenus. Si vous changez d’avis, le lien pour accepter de l’invitation reste valable.`,
    roleRemoved: (session, role) =>
      `La répartition des rôles de la session «${NBSP}${session}${NBSP}» a changé et vous n’y tenez plus le rôle de ${role}. L’invitation est retirée${NBSP}: ce message supprime l’événement de votre agenda.`,
    sessionCancelled: (session, series) =>
      `La session «${NBSP}${session}${NBSP}» de la série «${NBSP}${series}${NBSP}» est annulée. L’invitation est retirée${NBSP}: ce message supprime l’événement de votre agenda.`,
    plannedLabel: 'Date prévue',
    thanksRole: `Merci de votre disponibilité${NBSP}; les coprésidents de la série espèrent pouvoir compter sur vous pour une autre session.`,
    thanksSession:
      'Merci de votre disponibilité. Les coprésidents de la série vous tiendront au courant si la session est reprogrammée.',
    deleteNote: 'Si l’événement figure encore dans votre agenda, vous pouvez le supprimer.',
    footer: (series, email) =>
      `Vous recevez ce message parce que vous (${email}) avez reçu une invitation à une session de la série «${NBSP}${series}${NBSP}».`,
  },
  es: {
    subjectRole: (session) => `Cancelado: su función en «${session}»`,
    subjectSession: (session, date) => `Cancelada: «${session}», ${date}`,
    subjectDeclined: (session) => `Declinada: su función en «${session}»`,
    declined: (session, role) =>
      `Ha declinado la función de ${role} en la sesión «${session}»; la presidencia ha sido informada. Este mensaje elimina el evento de su calendario.`,
    thanksDeclined:
      'Gracias por avisarnos. Si cambia de opinión, el enlace para aceptar de la invitación sigue siendo válido.',
    roleRemoved: (session, role) =>
      `La distribución de funciones de la sesión «${session}» ha cambiado y usted ya no ocupa en ella la función de ${role}. La invitación queda retirada: este mensaje elimina el evento de su calendario.`,
    sessionCancelled: (session, series) =>
      `La sesión «${session}» de la serie «${series}» ha sido cancelada. La invitación queda retirada: este mensaje elimina el evento de su calendario.`,
    plannedLabel: 'Fecha prevista',
    thanksRole:
      'Gracias por su disposición a participar; los copresidentes de la serie esperan poder contar con usted en otra sesión.',
    thanksSession:
      'Gracias por su disposición a participar. Los copresidentes de la serie le avisarán si la sesión se reprograma.',
    deleteNote: 'Si el evento sigue en su calendario, puede eliminarlo.',
    footer: (series, email) =>
      `Recibe este mensaje porque usted (${email}) recibió una invitación a una sesión de la serie «${series}».`,
  },
  pt: {
    subjectRole: (session) => `Cancelado: a sua função em “${session}”`,
    subjectSession: (session, date) => `Cancelada: “${session}”, ${date}`,
    subjectDeclined: (session) => `Recusada: a sua função em “${session}”`,
    declined: (session, role) =>
      `Recusou a função de ${role} na sessão “${session}”; a presidência foi informada. Esta mensagem remove o evento do seu calendário.`,
    thanksDeclined: 'Obrigado por nos avisar. Se mudar de ideias, o link para aceitar do convite continua válido.',
    roleRemoved: (session, role) =>
      `A distribuição de funções da sessão “${session}” mudou e já não lhe cabe a função de ${role}. O convite foi retirado: esta mensagem remove o evento do seu calendário.`,
    sessionCancelled: (session, series) =>
      `A sessão “${session}” da série “${series}” foi cancelada. O convite foi retirado: esta mensagem remove o evento do seu calendário.`,
    plannedLabel: 'Data prevista',
    thanksRole:
      'Obrigado pela sua disponibilidade; os copresidentes da série esperam poder contar consigo noutra sessão.',
    thanksSession:
      'Obrigado pela sua disponibilidade. Os copresidentes da série informá-lo-ão se a sessão for reagendada.',
    deleteNote: 'Se o evento ainda estiver no seu calendário, pode eliminá-lo.',
    footer: (series, email) =>
      `Recebe esta mensagem porque recebeu (${email}) um convite para uma sessão da série “${series}”.`,
  },
});

/** Why the event leaves the reader's calendar. */
function opening(ctx: CancellationContext): string {
  const t = text[ctx.reader.language];
  const role = personRoleName(ctx.role, ctx.reader.language);
  if (ctx.kind === 'role') return t.roleRemoved(ctx.session.title, role);
  if (ctx.kind === 'declined') return t.declined(ctx.session.title, role);
  return t.sessionCancelled(ctx.session.title, ctx.series.title);
}

export function render(ctx: CancellationContext) {
  const { reader, series, session } = ctx;
  const lang = reader.language;
  const t = text[lang];
  const s = shared[lang];
  const body = opening(ctx);
  const blocks: Block[] = [
    paragraph(greet(reader.name, lang)),
    paragraph(body),
    facts([
      [t.plannedLabel, timeOf(ctx, session.startsAt)],
      [s.roleLabel, personRoleName(ctx.role, lang)],
    ]),
    paragraph(ctx.kind === 'role' ? t.thanksRole : ctx.kind === 'declined' ? t.thanksDeclined : t.thanksSession),
    paragraph(t.deleteNote),
    signOff(ctx),
  ];
  return renderDocument({
    language: lang,
    subject:
      ctx.kind === 'role'
        ? t.subjectRole(session.title)
        : ctx.kind === 'declined'
          ? t.subjectDeclined(session.title)
          : t.subjectSession(session.title, shortDate(session.startsAt, lang, reader.zone)),
    preview: body,
    blocks,
    footer: t.footer(series.title, reader.email),
  });
}

/** The cancelled event's DESCRIPTION in a calendar. */
export function calendarDescription(ctx: CancellationContext): string {
  const lang = ctx.reader.language;
  const t = text[lang];
  const body = opening(ctx);
  return `${body}\n${common[lang].label(t.plannedLabel)} ${timeOf(ctx, ctx.session.startsAt)}`;
}

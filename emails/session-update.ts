// invitation_update: the session's time, length, link, title or description changed. Sent to
// everyone invited who has not declined and whose copy differs, with the calendar invitation
// again (same UID, higher SEQUENCE, METHOD:REQUEST), so the event changes in their calendar.
// Says what changed (the old time beside the new) and gives the new time in the three zones.

import { type ChangeContext, changeBlocks } from './event-change.js';
import { type Catalogue, common, shortDate, timeOf, translations } from './i18n.js';
import { type InvitationContext, roleHolderBlocks, signOff } from './invitation.js';
import { renderLetter } from './layout.js';

export interface SessionUpdateContext extends InvitationContext, Omit<ChangeContext, 'reader' | 'series'> {
  /** The person had accepted before the change (else they have not answered yet). */
  accepted: boolean;
}

const NBSP = '\u00a0';

const en = {
  subject: (session: string, date: string) => `Updated invitation: “${session}”, now ${date}`,
  changed: (session: string, series: string) =>
    `The session “${session}” of the series “${series}” has changed. This message updates the invitation in your calendar; what changed and the new details are below.`,
  newWhenLabel: 'New date and time',
  askAccepted: 'You had accepted the role: if the new time does not suit you, please tell us with the decline link.',
  askPending: 'Please let us know whether you can take the role at the new time.',
  briefHeading: 'Your role',
  footer: (series: string, email: string) =>
    `You receive this update because you (${email}) were invited to a session of the series “${series}”.`,
} satisfies Catalogue;

export const text = translations<typeof en>('session-update', {
  en,
  fr: {
    subject: (session, date) => `Invitation mise à jour${NBSP}: «${NBSP}${session}${NBSP}», désormais le ${date}`,
    changed: (session, series) =>
      `La session «${NBSP}${session}${NBSP}» de la série «${NBSP}${series}${NBSP}» a changé. Ce message met à jour l’invitation dans votre agenda${NBSP}; voici ce qui a changé et les nouvelles informations.`,
    newWhenLabel: 'Nouvelle date et heure',
    askAccepted: `Vous aviez accepté le rôle${NBSP}: si le nouvel horaire ne vous convient pas, merci de nous le dire avec le lien pour décliner.`,
    askPending: 'Merci de nous dire si vous pouvez assumer le rôle au nouvel horaire.',
    briefHeading: 'Votre rôle',
    footer: (series, email) =>
      `Vous recevez cette mise à jour parce que vous (${email}) avez reçu une invitation à une session de la série «${NBSP}${series}${NBSP}».`,
  },
  es: {
    subject: (session, date) => `Invitación actualizada: «${session}», ahora el ${date}`,
    changed: (session, series) =>
      `Ha cambiado la sesión «${session}» de la serie «${series}». Este mensaje actualiza la invitación en su calendario; a continuación encontrará qué ha cambiado y los nuevos datos.`,
    newWhenLabel: 'Nueva fecha y hora',
    askAccepted:
      'Usted había aceptado la función: si el nuevo horario no le conviene, indíquenoslo con el enlace para declinarla.',
    askPending: 'Le rogamos que nos indique si puede asumir la función en el nuevo horario.',
    briefHeading: 'Su función',
    footer: (series, email) =>
      `Recibe esta actualización porque usted (${email}) recibió una invitación a una sesión de la serie «${series}».`,
  },
  pt: {
    subject: (session, date) => `Convite atualizado: “${session}”, agora a ${date}`,
    changed: (session, series) =>
      `A sessão “${session}” da série “${series}” mudou. Esta mensagem atualiza o convite no seu calendário; o que mudou e os novos dados estão abaixo.`,
    newWhenLabel: 'Nova data e hora',
    askAccepted:
      'Tinha aceitado a função: se o novo horário não lhe for conveniente, diga-nos através do link para recusar.',
    askPending: 'Por favor, diga-nos se pode assumir a função no novo horário.',
    briefHeading: 'A sua função',
    footer: (series, email) =>
      `Recebe esta atualização porque recebeu (${email}) um convite para uma sessão da série “${series}”.`,
  },
});

export function render(ctx: SessionUpdateContext) {
  const { reader, series, session } = ctx;
  const lang = reader.language;
  const t = text[lang];
  const ask = ctx.accepted ? t.askAccepted : t.askPending;
  return renderLetter(reader, {
    subject: t.subject(session.title, shortDate(session.startsAt, lang, reader.zone)),
    opening: t.changed(session.title, series.title),
    preview: `${common[lang].label(t.newWhenLabel)} ${timeOf(ctx, session.startsAt)}`,
    blocks: [
      ...changeBlocks(ctx),
      ...roleHolderBlocks(ctx, { briefHeading: t.briefHeading, whenLabel: t.newWhenLabel, ask }),
      signOff(ctx),
    ],
    footer: t.footer(series.title, reader.email),
  });
}

// decline_alert: to the series chairs and the session's chair, at once, when someone declines a
// role: who (and for which country), which role, which session, and where to pick someone else.
// Written in the language of the chair who reads it.
import { type Catalogue, countryIn, greet, type SeriesMessage, timeOf, translations } from './i18n.js';
import { lineupBlocks, type PersonRole, personRoleName, type SessionDetails, shared, signOff } from './invitation.js';
import { action, type Block, facts, paragraph, renderDocument } from './layout.js';

interface DeclineAlertContext extends SeriesMessage {
  session: SessionDetails;
  /** Who declined, and the country they stood for (or their own). */
  decliner: { name: string; country: string | null };
  role: PersonRole;
  /** The series' management page, where the line-up is edited and invitations sent. */
  manageLink: string;
  /**
   * For the session's chair, who is not a chair of the series: the session's own page, which
   * they can open; the line-up itself is the series' chairs' to change.
   */
  sessionLink?: string | undefined;
  /** What the decliner wrote on the decline page, if anything. */
  note?: string | undefined;
  /** Someone they suggest in their place (a name or an address), as they wrote it. */
  replacement?: string | undefined;
}

const NBSP = '\u00a0';

const en = {
  subject: (person: string, role: string, session: string) => `${person} declined the role of ${role} in “${session}”`,
  declined: (person: string, role: string, session: string) =>
    `${person} has declined the role of ${role} in the session “${session}”.`,
  openAgain:
    'The role is open again: you can choose someone else in the line-up and send the new invitation from the series’ management page.',
  manageAction: 'Open the series management page',
  sessionChairNote:
    'The series’ chairs will choose someone else and send the new invitation. The session’s page shows its line-up and lets you prepare the session.',
  sessionAction: 'Open the session’s page',
  noteLabel: 'Their note',
  replacementLabel: 'They suggest in their place',
  footer: (series: string, email: string) =>
    `You receive this alert as a chair of the series “${series}” or of the session (${email}).`,
} satisfies Catalogue;

export const text = translations<typeof en>('decline-alert', {
  en,
  fr: {
    subject: (person, role, session) => `${person} a décliné le rôle de ${role} dans «${NBSP}${session}${NBSP}»`,
    declined: (person, role, session) =>
      `${person} a décliné le rôle de ${role} dans la session «${NBSP}${session}${NBSP}».`,
    openAgain: `Le rôle est de nouveau à pourvoir${NBSP}: vous pouvez choisir une autre personne dans la répartition des rôles et envoyer la nouvelle invitation depuis la page de gestion de la série.`,
    manageAction: 'Ouvrir la page de gestion de la série',
    sessionChairNote:
      'La présidence de la série choisira une autre personne et enverra la nouvelle invitation. La page de la session montre sa répartition des rôles et vous permet de préparer la session.',
    sessionAction: 'Ouvrir la page de la session',
    noteLabel: 'Son message',
    replacementLabel: 'Propose à sa place',
    footer: (series, email) =>
      `Vous recevez cette alerte en tant que membre de la coprésidence de la série «${NBSP}${series}${NBSP}» ou de la présidence de la session (${email}).`,
  },
  es: {
    subject: (person, role, session) => `${person} ha declinado la función de ${role} en «${session}»`,
    declined: (person, role, session) => `${person} ha declinado la función de ${role} en la sesión «${session}».`,
    openAgain:
      'La función vuelve a estar disponible: puede elegir a otra persona en la distribución de funciones y enviar la nueva invitación desde la página de gestión de la serie.',
    manageAction: 'Abrir la página de gestión de la serie',
    sessionChairNote:
      'La presidencia de la serie elegirá a otra persona y enviará la nueva invitación. La página de la sesión muestra su distribución de funciones y le permite preparar la sesión.',
    sessionAction: 'Abrir la página de la sesión',
    noteLabel: 'Su mensaje',
    replacementLabel: 'Propone en su lugar a',
    footer: (series, email) =>
      `Recibe esta alerta como miembro de la copresidencia de la serie «${series}» o de la presidencia de la sesión (${email}).`,
  },
  pt: {
    subject: (person, role, session) => `${person} recusou a função de ${role} em “${session}”`,
    declined: (person, role, session) => `${person} recusou a função de ${role} na sessão “${session}”.`,
    openAgain:
      'A função volta a estar disponível: pode escolher outra pessoa na distribuição de funções e enviar o novo convite a partir da página de gestão da série.',
    manageAction: 'Abrir a página de gestão da série',
    sessionChairNote:
      'A presidência da série escolherá outra pessoa e enviará o novo convite. A página da sessão mostra a distribuição de funções e permite-lhe preparar a sessão.',
    sessionAction: 'Abrir a página da sessão',
    noteLabel: 'A sua mensagem',
    replacementLabel: 'Sugere no seu lugar',
    footer: (series, email) =>
      `Recebe este alerta como membro da copresidência da série “${series}” ou da presidência da sessão (${email}).`,
  },
});

export function render(ctx: DeclineAlertContext) {
  const { reader, series, session } = ctx;
  const lang = reader.language;
  const t = text[lang];
  const s = shared[lang];
  const person = ctx.decliner.country
    ? `${ctx.decliner.name} (${countryIn(ctx.decliner.country, lang)})`
    : ctx.decliner.name;
  const role = personRoleName(ctx.role, lang);
  const declined = t.declined(person, role, session.title);
  const blocks: Block[] = [
    paragraph(greet(reader.name, lang)),
    paragraph(declined),
    facts([
      [s.whenLabel, timeOf(ctx, session.startsAt)],
      ...(ctx.note ? ([[t.noteLabel, ctx.note]] as [string, string][]) : []),
      ...(ctx.replacement ? ([[t.replacementLabel, ctx.replacement]] as [string, string][]) : []),
    ]),
    ...(ctx.sessionLink
      ? [paragraph(t.sessionChairNote), action(t.sessionAction, ctx.sessionLink)]
      : [paragraph(t.openAgain), action(t.manageAction, ctx.manageLink)]),
    ...lineupBlocks(session.lineup, lang),
    signOff(ctx),
  ];
  return renderDocument({
    language: lang,
    subject: t.subject(person, role, session.title),
    preview: declined,
    blocks,
    footer: t.footer(series.title, reader.email),
  });
}

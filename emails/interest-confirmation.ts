// interest_confirmation: to the person who submitted or replaced their expression of interest.
// It repeats what they asked for, the deadline and the link to change it.
import {
  type Catalogue,
  common,
  countryIn,
  greet,
  joinList,
  roleName,
  type SeriesMessage,
  translations,
  when,
} from './i18n.js';
import { action, type Block, facts, heading, type Item, lines, list, paragraph, renderDocument } from './layout.js';

interface InterestConfirmationContext extends SeriesMessage {
  /** True when this interest replaced one the person had sent before. */
  replaced: boolean;
  country: string;
  organisation: string | null;
  roles: string[];
  /** Ranked: first = most wanted; each with the roles wanted in it. */
  sessions: {
    title: string;
    startsAt: Date | null;
    status: 'scheduled' | 'alternate' | 'cancelled';
    roles: string[];
  }[];
  workstreams: { title: string; asConvener: boolean }[];
  motivation: string | null;
  /** The last moment the person may change it (their extension included); null when none is set. */
  deadline: Date | null;
  link: string;
}

const NBSP = '\u00a0';

const en = {
  subjectNew: (series: string) => `Your expression of interest in “${series}” is recorded`,
  subjectReplaced: (series: string) => `Your expression of interest in “${series}” is updated`,
  introNew: (series: string) =>
    `Thank you for your expression of interest in the series “${series}”. Here is what we recorded.`,
  introReplaced: (series: string) =>
    `Your expression of interest in the series “${series}” has been updated. It replaces the one you sent before; here is what we now have.`,
  summaryHeading: 'What you asked for',
  country: 'Country',
  organisation: 'Organisation',
  roles: 'Roles',
  noRoles: 'No session role (workstreams only)',
  sessionsHeading: 'Sessions, most wanted first',
  rolesHere: (roles: string) => `Roles: ${roles}`,
  cancelled: 'this session has been cancelled',
  workstreamsHeading: 'Workstreams',
  asConvener: (title: string) => `${title} (you volunteer to convene it)`,
  motivationHeading: 'Your note',
  changeUntil: (deadline: string) => `You can change or withdraw your expression of interest until ${deadline}.`,
  changeAnyTime: 'You can change or withdraw your expression of interest at any time.',
  changeAction: 'Change my expression of interest',
  footer: (series: string, email: string) =>
    `You receive this message because an expression of interest in the series “${series}” was sent with this address (${email}).`,
} satisfies Catalogue;

export const text = translations<typeof en>('interest-confirmation', {
  en,
  fr: {
    subjectNew: (series) => `Votre manifestation d’intérêt pour «${NBSP}${series}${NBSP}» est enregistrée`,
    subjectReplaced: (series) => `Votre manifestation d’intérêt pour «${NBSP}${series}${NBSP}» est mise à jour`,
    introNew: (series) =>
      `Merci pour votre manifestation d’intérêt pour la série «${NBSP}${series}${NBSP}». Voici ce que nous avons enregistré.`,
    introReplaced: (series) =>
      `Votre manifestation d’intérêt pour la série «${NBSP}${series}${NBSP}» a été mise à jour. Elle remplace celle que vous aviez envoyée${NBSP}; voici ce que nous avons désormais.`,
    summaryHeading: 'Votre demande',
    country: 'Pays',
    organisation: 'Organisation',
    roles: 'Rôles',
    noRoles: 'Aucun rôle dans les sessions (groupes de travail seulement)',
    sessionsHeading: 'Sessions, par ordre de préférence',
    rolesHere: (roles) => `Rôles${NBSP}: ${roles}`,
    cancelled: 'cette session a été annulée',
    workstreamsHeading: 'Groupes de travail',
    asConvener: (title) => `${title} (vous vous proposez pour l’animer)`,
    motivationHeading: 'Votre message',
    changeUntil: (deadline) => `Vous pouvez modifier ou retirer votre manifestation d’intérêt jusqu’au ${deadline}.`,
    changeAnyTime: 'Vous pouvez modifier ou retirer votre manifestation d’intérêt à tout moment.',
    changeAction: 'Modifier ma manifestation d’intérêt',
    footer: (series, email) =>
      `Vous recevez ce message parce qu’une manifestation d’intérêt pour la série «${NBSP}${series}${NBSP}» a été envoyée avec cette adresse (${email}).`,
  },
  es: {
    subjectNew: (series) => `Su manifestación de interés en «${series}» ha quedado registrada`,
    subjectReplaced: (series) => `Su manifestación de interés en «${series}» ha sido actualizada`,
    introNew: (series) =>
      `Gracias por su manifestación de interés en la serie «${series}». Esto es lo que hemos registrado.`,
    introReplaced: (series) =>
      `Su manifestación de interés en la serie «${series}» ha sido actualizada. Sustituye a la que envió antes; esto es lo que consta ahora.`,
    summaryHeading: 'Lo que ha solicitado',
    country: 'País',
    organisation: 'Organización',
    roles: 'Funciones',
    noRoles: 'Ninguna función en las sesiones (solo grupos de trabajo)',
    sessionsHeading: 'Sesiones, por orden de preferencia',
    rolesHere: (roles) => `Funciones: ${roles}`,
    cancelled: 'esta sesión ha sido cancelada',
    workstreamsHeading: 'Grupos de trabajo',
    asConvener: (title) => `${title} (se ofrece para coordinarlo)`,
    motivationHeading: 'Su mensaje',
    changeUntil: (deadline) => `Puede modificar o retirar su manifestación de interés hasta el ${deadline}.`,
    changeAnyTime: 'Puede modificar o retirar su manifestación de interés en cualquier momento.',
    changeAction: 'Modificar mi manifestación de interés',
    footer: (series, email) =>
      `Recibe este mensaje porque se envió una manifestación de interés en la serie «${series}» con esta dirección (${email}).`,
  },
  pt: {
    subjectNew: (series) => `A sua manifestação de interesse em “${series}” foi registada`,
    subjectReplaced: (series) => `A sua manifestação de interesse em “${series}” foi atualizada`,
    introNew: (series) => `Obrigado pela sua manifestação de interesse na série “${series}”. Eis o que registámos.`,
    introReplaced: (series) =>
      `A sua manifestação de interesse na série “${series}” foi atualizada. Substitui a que tinha enviado antes; eis o que consta agora.`,
    summaryHeading: 'O que pediu',
    country: 'País',
    organisation: 'Organização',
    roles: 'Funções',
    noRoles: 'Nenhuma função nas sessões (apenas grupos de trabalho)',
    sessionsHeading: 'Sessões, por ordem de preferência',
    rolesHere: (roles) => `Funções: ${roles}`,
    cancelled: 'esta sessão foi cancelada',
    workstreamsHeading: 'Grupos de trabalho',
    asConvener: (title) => `${title} (oferece-se para o coordenar)`,
    motivationHeading: 'A sua mensagem',
    changeUntil: (deadline) => `Pode alterar ou retirar a sua manifestação de interesse até ${deadline}.`,
    changeAnyTime: 'Pode alterar ou retirar a sua manifestação de interesse a qualquer momento.',
    changeAction: 'Alterar a minha manifestação de interesse',
    footer: (series, email) =>
      `Recebe esta mensagem porque foi enviada uma manifestação de interesse na série “${series}” com este endereço (${email}).`,
  },
});

export function render(ctx: InterestConfirmationContext) {
  const { reader, series } = ctx;
  const lang = reader.language;
  const t = text[lang];
  const c = common[lang];
  const at = (instant: Date) => when(instant, lang, reader.zone, series.timezone, reader.zoneEstimated);

  const summary: [string, string][] = [[t.country, countryIn(ctx.country, lang)]];
  if (ctx.organisation) summary.push([t.organisation, ctx.organisation]);
  summary.push([
    t.roles,
    ctx.roles.length > 0
      ? joinList(
          ctx.roles.map((r) => roleName(r, lang)),
          lang,
        )
      : t.noRoles,
  ]);

  const blocks: Block[] = [
    paragraph(greet(reader.name, lang)),
    paragraph(ctx.replaced ? t.introReplaced(series.title) : t.introNew(series.title)),
    heading(t.summaryHeading),
    facts(summary),
  ];
  if (ctx.sessions.length > 0) {
    const items: Item[] = ctx.sessions.map((s) => {
      const details = [
        s.status === 'alternate'
          ? `${c.alternateTopic} · ${c.dateToBeSet}`
          : s.startsAt
            ? at(s.startsAt)
            : c.dateToBeSet,
      ];
      if (s.roles.length > 0) {
        details.push(
          t.rolesHere(
            joinList(
              s.roles.map((r) => roleName(r, lang)),
              lang,
            ),
          ),
        );
      }
      if (s.status === 'cancelled') details.push(t.cancelled);
      return { text: s.title, details };
    });
    blocks.push(heading(t.sessionsHeading), list(items, true));
  }
  if (ctx.workstreams.length > 0) {
    blocks.push(
      heading(t.workstreamsHeading),
      list(ctx.workstreams.map((w) => (w.asConvener ? t.asConvener(w.title) : w.title))),
    );
  }
  if (ctx.motivation) blocks.push(heading(t.motivationHeading), paragraph(ctx.motivation));
  blocks.push(
    paragraph(ctx.deadline ? t.changeUntil(at(ctx.deadline)) : t.changeAnyTime),
    action(t.changeAction, ctx.link),
    lines(c.signOff, c.signature(series.title)),
  );
  return renderDocument({
    language: lang,
    subject: ctx.replaced ? t.subjectReplaced(series.title) : t.subjectNew(series.title),
    preview: ctx.deadline ? t.changeUntil(at(ctx.deadline)) : t.changeAnyTime,
    blocks,
    footer: t.footer(series.title, reader.email),
  });
}

// The pages behind an invitation's accept and decline links, in the invitee's language, with
// the site's stylesheet (the pages' security policy allows no inline style).
import { DateTime } from 'luxon';
import { stylesheetHref } from '../../web/context.js';

type Language = 'en' | 'fr' | 'es' | 'pt';

interface ReplyPageView {
  action: 'accept' | 'decline';
  token: string;
  assignmentId: string;
  problem: 'unknown' | 'replaced' | 'cancelled' | 'removed' | null;
  confirmed: boolean;
  role?: string;
  sessionTitle?: string;
  startsAt?: Date | null;
  zone?: string;
  seriesZone?: string;
  name?: string;
  language?: string;
  currentStatus?: string;
}

const text = {
  en: {
    title: 'Your invitation',
    ask: {
      accept: 'Accept your role as {role} in “{session}”?',
      decline: 'Decline your role as {role} in “{session}”?',
    },
    button: { accept: 'Yes, I accept', decline: 'Yes, I decline' },
    done: {
      accept: 'Thank you: you have accepted your role as {role}. The chairs have been told.',
      decline: 'You have declined your role as {role}. The chairs have been told at once.',
    },
    unknown: 'This link is not valid. Please use the link in your most recent invitation.',
    cancelled: 'This session has been cancelled.',
    removed: 'You are no longer in this session’s line-up; you received a cancellation.',
    replaced: 'This invitation was replaced; please use the link in the newest email.',
    roles: {
      chair: 'chair',
      supporting_chair: 'supporting chair',
      focal: 'focal country',
      discussant: 'discussant country',
      co_blogger: 'co-blogger',
    },
  },
  fr: {
    title: 'Votre invitation',
    ask: {
      accept: 'Accepter votre rôle de {role} pour « {session} » ?',
      decline: 'Décliner votre rôle de {role} pour « {session} » ?',
    },
    button: { accept: 'Oui, j’accepte', decline: 'Oui, je décline' },
    done: {
      accept: 'Merci : vous avez accepté votre rôle de {role}. Les présidents en ont été informés.',
      decline: 'Vous avez décliné votre rôle de {role}. Les présidents en ont été informés immédiatement.',
    },
    unknown: 'Ce lien n’est pas valide. Veuillez utiliser le lien de votre invitation la plus récente.',
    cancelled: 'Cette session a été annulée.',
    removed: 'Vous ne faites plus partie de cette session ; vous avez reçu une annulation.',
    replaced: 'Cette invitation a été remplacée ; veuillez utiliser le lien du courriel le plus récent.',
    roles: {
      chair: 'président·e de séance',
      supporting_chair: 'président·e d’appui',
      focal: 'pays focal',
      discussant: 'pays discutant',
      co_blogger: 'co-blogueur·se',
    },
  },
  es: {
    title: 'Su invitación',
    ask: {
      accept: '¿Acepta su función de {role} en «{session}»?',
      decline: '¿Rechaza su función de {role} en «{session}»?',
    },
    button: { accept: 'Sí, acepto', decline: 'Sí, rechazo' },
    done: {
      accept: 'Gracias: ha aceptado su función de {role}. Se ha informado a los presidentes.',
      decline: 'Ha rechazado su función de {role}. Se ha informado a los presidentes de inmediato.',
    },
    unknown: 'Este enlace no es válido. Use el enlace de su invitación más reciente.',
    cancelled: 'Esta sesión ha sido cancelada.',
    removed: 'Ya no forma parte de esta sesión; ha recibido una cancelación.',
    replaced: 'Esta invitación ha sido sustituida; use el enlace del correo más reciente.',
    roles: {
      chair: 'presidente de la sesión',
      supporting_chair: 'presidente de apoyo',
      focal: 'país focal',
      discussant: 'país comentarista',
      co_blogger: 'coautor del blog',
    },
  },
  pt: {
    title: 'O seu convite',
    ask: {
      accept: 'Aceitar a sua função de {role} em «{session}»?',
      decline: 'Recusar a sua função de {role} em «{session}»?',
    },
    button: { accept: 'Sim, aceito', decline: 'Sim, recuso' },
    done: {
      accept: 'Obrigado: aceitou a sua função de {role}. Os presidentes foram informados.',
      decline: 'Recusou a sua função de {role}. Os presidentes foram informados de imediato.',
    },
    unknown: 'Este link não é válido. Use o link do seu convite mais recente.',
    cancelled: 'Esta sessão foi cancelada.',
    removed: 'Já não faz parte desta sessão; recebeu um cancelamento.',
    replaced: 'Este convite foi substituído; use o link do e-mail mais recente.',
    roles: {
      chair: 'presidente da sessão',
      supporting_chair: 'presidente de apoio',
      focal: 'país focal',
      discussant: 'país comentador',
      co_blogger: 'coautor do blogue',
    },
  },
} satisfies Record<Language, unknown>;

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, key: string) => escapeHtml(values[key] ?? ''));

export function replyPage(view: ReplyPageView): string {
  const language = (['en', 'fr', 'es', 'pt'].includes(view.language ?? '') ? view.language : 'en') as Language;
  const t = text[language];
  const role = t.roles[view.role as keyof typeof t.roles] ?? view.role ?? '';
  const values = { role, session: view.sessionTitle ?? '' };
  const when = view.startsAt
    ? [view.zone, 'UTC', view.seriesZone]
        .filter((z, i, all): z is string => !!z && all.indexOf(z) === i)
        .map(
          (zone) =>
            `${DateTime.fromJSDate(view.startsAt as Date, { zone })
              .setLocale(language)
              .toFormat('cccc d LLLL yyyy, HH:mm')} (${zone})`,
        )
        .map(escapeHtml)
        .join('<br>')
    : '';
  let body: string;
  if (view.problem) body = `<p>${escapeHtml(t[view.problem])}</p>`;
  else if (view.confirmed) body = `<p role="status">${fill(t.done[view.action], values)}</p>`;
  else {
    body = `<p>${fill(t.ask[view.action], values)}</p><p>${when}</p>
<form method="post" action="/invitations/${encodeURIComponent(view.assignmentId)}/${view.action}">
<input type="hidden" name="token" value="${escapeHtml(view.token)}">
<button type="submit">${escapeHtml(t.button[view.action])}</button>
</form>`;
  }
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)}</title>
<link rel="stylesheet" href="${stylesheetHref}"></head>
<body><main><h1>${escapeHtml(t.title)}</h1>${body}</main></body></html>`;
}

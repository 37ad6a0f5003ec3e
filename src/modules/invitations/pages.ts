// The pages behind an invitation's accept and decline links, in the invitee's language, with
// the site's stylesheet (the pages' security policy allows no inline style).
import { DateTime } from 'luxon';
import { isOneOf, type ReplyAction, type RoleName, roleNames } from '../../domain/vocabulary.js';
import { roleWord } from '../../i18n/glossary.js';
import { isLanguage, type MessageKey, translator } from '../../i18n/index.js';
import { stylesheetHref } from '../../web/context.js';

interface ReplyPageView {
  action: ReplyAction;
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

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

export function replyPage(view: ReplyPageView): string {
  const language = isLanguage(view.language) ? view.language : 'en';
  const translate = translator(language);
  const t = (key: MessageKey, vars?: Record<string, string>) => escapeHtml(translate(key, vars));
  const role = isOneOf<RoleName>(roleNames, view.role) ? roleWord(language, view.role) : (view.role ?? '');
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
  if (view.problem) body = `<p>${t(`reply.${view.problem}`)}</p>`;
  else if (view.confirmed) body = `<p role="status">${t(`reply.done.${view.action}`, values)}</p>`;
  else {
    body = `<p>${t(`reply.ask.${view.action}`, values)}</p><p>${when}</p>
<form method="post" action="/invitations/${encodeURIComponent(view.assignmentId)}/${view.action}">
<input type="hidden" name="token" value="${escapeHtml(view.token)}">
<button type="submit">${t(`reply.button.${view.action}`)}</button>
</form>`;
  }
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t('reply.title')}</title>
<link rel="stylesheet" href="${stylesheetHref}"></head>
<body><main><h1>${t('reply.title')}</h1>${body}</main></body></html>`;
}

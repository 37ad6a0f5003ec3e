// blog_status and blog_reminder: to each author of a session's blog post (the session's chair,
// its discussant people and its co-bloggers). blog_status says the post moved from one stage to
// the next (with its link once published); blog_reminder comes a week before the due date and in
// its last day, and tells the time left from the moment it goes out by the dates of the reader's
// zone ("in 6 days", "today", or "tomorrow" while the reader's own day has not reached it). The
// due date is shown in the reader's zone, UTC and the series' zone.
import type { BlogStatus } from '../src/domain/vocabulary.js';
import { glossaries } from '../src/i18n/glossary.js';
import {
  type Catalogue,
  common,
  deadlineDate,
  greet,
  type Language,
  type SeriesMessage,
  timeLeftUntil,
  timeOf,
  translations,
} from './i18n.js';
import { roleWithCountry, shared } from './invitation.js';
import { action, type Block, facts, heading, lines, list, paragraph, renderDocument } from './layout.js';

export interface BlogAuthor {
  name: string;
  /** The role that makes them an author. */
  role: 'chair' | 'discussant' | 'co_blogger';
  /** The country shown beside the role: the session's chair or discussant country, a co-blogger's own. */
  country: string | null;
  /** The reader of the message. */
  you: boolean;
}

export interface BlogContext extends SeriesMessage {
  session: { title: string; startsAt: Date | null };
  blog: { title: string | null; status: BlogStatus; url: string | null; dueAt: Date | null };
  /** Every author, the reader among them (marked `you`). */
  authors: BlogAuthor[];
}

interface BlogStatusContext extends BlogContext {
  previousStatus: BlogStatus;
}

interface BlogReminderContext extends BlogContext {
  dueAt: Date;
  /** When the reminder goes out: the time left is told from it, in the reader's zone. */
  sentAt: Date;
}

const NBSP = '\u00a0';

const en = {
  subjectStatus: (session: string, status: string) => `Blog post on “${session}”: ${status}`,
  moved: (session: string, from: string, to: string) =>
    `The blog post on the session “${session}” has moved from “${from}” to “${to}”.`,
  notePlanned: 'Writing has not started yet.',
  noteDrafting: 'The post is now being written.',
  noteInReview: 'The draft is being reviewed before publication.',
  notePublished: 'It is now online: thank you for writing it!',
  titleLabel: 'Title of the post',
  statusLabel: 'Status',
  sessionLabel: 'Session',
  dueLabel: 'Due date',
  readAction: 'Read the blog post',
  authorsHeading: 'The authors',
  coAuthorsHeading: 'Your co-authors',
  noCoAuthors: 'Nobody else is named yet to write it with you.',
  subjectDue: (session: string, left: string, date: string) =>
    `Reminder: the blog post on “${session}” is due ${left} (${date})`,
  due: (session: string, left: string, due: string) =>
    `A reminder that the blog post on the session “${session}” is due ${left}: ${due}.`,
  whoWrites:
    'The post runs to 1–2 pages and is written together by the session’s chair, its discussant and the co-bloggers.',
  footer: (series: string, email: string) =>
    `You receive this message because you (${email}) are one of the authors of a blog post of the series “${series}”.`,
} satisfies Catalogue;

export const text = translations<typeof en>('blog', {
  en,
  fr: {
    subjectStatus: (session, status) => `Billet de blog sur «${NBSP}${session}${NBSP}»${NBSP}: ${status}`,
    moved: (session, from, to) =>
      `Le billet de blog sur la session «${NBSP}${session}${NBSP}» est passé de l’état «${NBSP}${from}${NBSP}» à l’état «${NBSP}${to}${NBSP}».`,
    notePlanned: 'La rédaction n’a pas encore commencé.',
    noteDrafting: 'La rédaction du billet est en cours.',
    noteInReview: 'Le projet de billet est en relecture avant sa publication.',
    notePublished: `Il est désormais en ligne${NBSP}: merci de l’avoir écrit${NBSP}!`,
    titleLabel: 'Titre du billet',
    statusLabel: 'État',
    sessionLabel: 'Session',
    dueLabel: 'Date limite',
    readAction: 'Lire le billet',
    authorsHeading: 'Rédaction du billet',
    coAuthorsHeading: 'Vos coautrices et coauteurs',
    noCoAuthors: 'Personne d’autre n’est encore désigné pour le rédiger avec vous.',
    subjectDue: (session, left, date) =>
      `Rappel${NBSP}: le billet de blog sur «${NBSP}${session}${NBSP}» est attendu ${left} (${date})`,
    due: (session, left, due) =>
      `Pour rappel, le billet de blog sur la session «${NBSP}${session}${NBSP}» est attendu ${left}${NBSP}: ${due}.`,
    whoWrites:
      'Le billet, de 1 à 2 pages, est rédigé conjointement par la présidence de séance, le pays discutant et les personnes chargées de la co-rédaction.',
    footer: (series, email) =>
      `Vous recevez ce message parce que vous (${email}) faites partie des personnes qui rédigent un billet de blog de la série «${NBSP}${series}${NBSP}».`,
  },
  es: {
    subjectStatus: (session, status) => `Entrada de blog sobre «${session}»: ${status}`,
    moved: (session, from, to) =>
      `La entrada de blog sobre la sesión «${session}» ha pasado del estado «${from}» al estado «${to}».`,
    notePlanned: 'La redacción aún no ha comenzado.',
    noteDrafting: 'La redacción de la entrada está en curso.',
    noteInReview: 'El borrador se está revisando antes de su publicación.',
    notePublished: 'Ya está en línea: ¡gracias por escribirla!',
    titleLabel: 'Título de la entrada',
    statusLabel: 'Estado',
    sessionLabel: 'Sesión',
    dueLabel: 'Fecha límite',
    readAction: 'Leer la entrada',
    authorsHeading: 'Autoría',
    coAuthorsHeading: 'Sus coautores',
    noCoAuthors: 'Todavía no se ha designado a nadie más para redactarla con usted.',
    subjectDue: (session, left, date) =>
      `Recordatorio: la entrada de blog sobre «${session}» debe entregarse ${left} (${date})`,
    due: (session, left, due) =>
      `Le recordamos que la entrada de blog sobre la sesión «${session}» debe entregarse ${left}: ${due}.`,
    whoWrites:
      'La entrada tiene de 1 a 2 páginas y la redactan conjuntamente la presidencia de la sesión, el país comentarista y los coautores del blog.',
    footer: (series, email) =>
      `Recibe este mensaje porque usted (${email}) es coautor/a de una entrada de blog de la serie «${series}».`,
  },
  pt: {
    subjectStatus: (session, status) => `Texto de blog sobre “${session}”: ${status}`,
    moved: (session, from, to) =>
      `O texto de blog sobre a sessão “${session}” passou do estado “${from}” para o estado “${to}”.`,
    notePlanned: 'A redação ainda não começou.',
    noteDrafting: 'A redação do texto está em curso.',
    noteInReview: 'O rascunho está a ser revisto antes da publicação.',
    notePublished: 'Já está online: obrigado por o ter escrito!',
    titleLabel: 'Título do texto',
    statusLabel: 'Estado',
    sessionLabel: 'Sessão',
    dueLabel: 'Prazo',
    readAction: 'Ler o texto',
    authorsHeading: 'Autoria',
    coAuthorsHeading: 'Os seus coautores',
    noCoAuthors: 'Ainda não foi designada mais nenhuma pessoa para o escrever consigo.',
    subjectDue: (session, left, date) =>
      `Lembrete: o texto de blog sobre “${session}” deve ser entregue ${left} (${date})`,
    due: (session, left, due) =>
      `Lembramos que o texto de blog sobre a sessão “${session}” deve ser entregue ${left}: ${due}.`,
    whoWrites:
      'O texto tem 1 a 2 páginas e é escrito em conjunto pela presidência da sessão, pelo país comentador e pelos coautores do blog.',
    footer: (series, email) =>
      `Recebe esta mensagem porque é (${email}) coautor(a) de um texto de blog da série “${series}”.`,
  },
});

/** A stage of the blog post in the reader's language. */
export const statusName = (status: BlogStatus, language: Language): string => glossaries[language].blogStatus[status];

function statusNote(status: BlogStatus, language: Language): string {
  const t = text[language];
  switch (status) {
    case 'planned':
      return t.notePlanned;
    case 'drafting':
      return t.noteDrafting;
    case 'in_review':
      return t.noteInReview;
    case 'published':
      return t.notePublished;
  }
}

/** "Kofi Mensah — chair (Ghana)". */
const authorLine = (author: BlogAuthor, language: Language) =>
  `${author.name} — ${roleWithCountry(author.role, author.country, language)}`;

/** The session, its date, the post's title and stage, and (when asked) the due date. */
function blogFacts(ctx: BlogContext, withDue: boolean): Block {
  const lang = ctx.reader.language;
  const t = text[lang];
  const c = common[lang];
  const rows: [string, string][] = [
    [t.sessionLabel, ctx.session.title],
    [c.sessionDateLabel, ctx.session.startsAt ? timeOf(ctx, ctx.session.startsAt) : c.dateToBeSet],
    [t.titleLabel, ctx.blog.title ?? c.toBeDecided],
    [t.statusLabel, statusName(ctx.blog.status, lang)],
  ];
  if (withDue) rows.push([t.dueLabel, ctx.blog.dueAt ? timeOf(ctx, ctx.blog.dueAt) : c.toBeDecided]);
  return facts(rows);
}

const signOff = (ctx: BlogContext) =>
  lines(common[ctx.reader.language].signOff, common[ctx.reader.language].signature(ctx.series.title));

export function renderStatus(ctx: BlogStatusContext) {
  const { reader, series, session, blog } = ctx;
  const lang = reader.language;
  const t = text[lang];
  const moved = t.moved(session.title, statusName(ctx.previousStatus, lang), statusName(blog.status, lang));
  const blocks: Block[] = [
    paragraph(greet(reader.name, lang)),
    paragraph(moved),
    paragraph(statusNote(blog.status, lang)),
    blogFacts(ctx, true),
  ];
  if (blog.status === 'published' && blog.url) blocks.push(action(t.readAction, blog.url));
  if (ctx.authors.length > 0) {
    blocks.push(
      heading(t.authorsHeading),
      list(ctx.authors.map((a) => (a.you ? shared[lang].you(authorLine(a, lang)) : authorLine(a, lang)))),
    );
  }
  blocks.push(signOff(ctx));
  return renderDocument({
    language: lang,
    subject: t.subjectStatus(session.title, statusName(blog.status, lang)),
    preview: moved,
    blocks,
    footer: t.footer(series.title, reader.email),
  });
}

export function renderReminder(ctx: BlogReminderContext) {
  const { reader, series, session } = ctx;
  const lang = reader.language;
  const t = text[lang];
  const due = timeOf(ctx, ctx.dueAt);
  const left = timeLeftUntil(ctx.sentAt, ctx.dueAt, lang, reader.zone);
  const intro = t.due(session.title, left, due);
  const others = ctx.authors.filter((a) => !a.you);
  const blocks: Block[] = [
    paragraph(greet(reader.name, lang)),
    paragraph(intro),
    blogFacts(ctx, false),
    heading(t.coAuthorsHeading),
    others.length > 0 ? list(others.map((a) => authorLine(a, lang))) : paragraph(t.noCoAuthors),
    paragraph(t.whoWrites),
    signOff(ctx),
  ];
  return renderDocument({
    language: lang,
    subject: t.subjectDue(session.title, left, deadlineDate(ctx.dueAt, lang, reader.zone)),
    preview: intro,
    blocks,
    footer: t.footer(series.title, reader.email),
  });
}

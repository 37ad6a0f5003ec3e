// One word per language for each thing the service names: a page, an email and the reply page
// behind an invitation's link call a co-blogger the same. The catalogues (src/i18n/*.ts and the
// email templates) take these words from here instead of translating them again. Roles are
// function nouns ("présidence de séance", not "président"), so they read the same whoever holds
// them, and fit after "your role as" / "votre rôle de".
import type { AgendaLead, BlogStatus, Language, RoleName, ShownAssignmentStatus } from '../domain/vocabulary.js';
import { pluralCategory } from './catalogue.js';

/** A noun with its forms; the form is chosen by Intl.PluralRules (see `roleWord`). */
export interface Noun {
  one: string;
  other: string;
}

export interface Glossary {
  role: Record<RoleName, Noun>;
  /** Who leads an agenda segment; the roles' words, and a word for everyone. */
  everyone: string;
  /** Where an invited person stands, as the chairs read it beside their name. */
  status: Record<ShownAssignmentStatus, string>;
  blogStatus: Record<BlogStatus, string>;
  workstream: Noun;
  /** The function of the person who runs a workstream. */
  convener: string;
  /** Between a label and its value: French sets a no-break space before the colon. */
  colon: string;
}

const en: Glossary = {
  role: {
    chair: { one: 'chair', other: 'chairs' },
    supporting_chair: { one: 'supporting chair', other: 'supporting chairs' },
    focal: { one: 'focal country', other: 'focal countries' },
    discussant: { one: 'discussant country', other: 'discussant countries' },
    co_blogger: { one: 'co-blogger', other: 'co-bloggers' },
  },
  everyone: 'everyone',
  status: {
    assigned: 'not yet invited',
    invited: 'invited, no reply yet',
    accepted: 'accepted',
    tentative: 'accepted tentatively',
    declined: 'declined',
  },
  blogStatus: { planned: 'planned', drafting: 'drafting', in_review: 'in review', published: 'published' },
  workstream: { one: 'workstream', other: 'workstreams' },
  convener: 'convener',
  colon: ': ',
};

const fr: Glossary = {
  role: {
    chair: { one: 'présidence de séance', other: 'présidence de séance' },
    supporting_chair: { one: 'appui à la présidence de séance', other: 'appui à la présidence de séance' },
    focal: { one: 'pays focal', other: 'pays focaux' },
    discussant: { one: 'pays discutant', other: 'pays discutants' },
    co_blogger: { one: 'co-rédaction du billet de blog', other: 'co-rédaction du billet de blog' },
  },
  everyone: 'tout le monde',
  status: {
    assigned: 'pas encore invité·e',
    invited: 'invité·e, sans réponse',
    accepted: 'a accepté',
    tentative: 'a accepté sous réserve',
    declined: 'a décliné',
  },
  blogStatus: { planned: 'prévu', drafting: 'en rédaction', in_review: 'en relecture', published: 'publié' },
  workstream: { one: 'groupe de travail', other: 'groupes de travail' },
  convener: 'animation',
  colon: '\u00a0: ',
};

const es: Glossary = {
  role: {
    chair: { one: 'presidencia de la sesión', other: 'presidencia de la sesión' },
    supporting_chair: { one: 'apoyo a la presidencia de la sesión', other: 'apoyo a la presidencia de la sesión' },
    focal: { one: 'país focal', other: 'países focales' },
    discussant: { one: 'país comentarista', other: 'países comentaristas' },
    co_blogger: { one: 'coautoría de la entrada de blog', other: 'coautoría de la entrada de blog' },
  },
  everyone: 'todos',
  status: {
    assigned: 'sin invitar todavía',
    invited: 'invitado, sin respuesta',
    accepted: 'aceptó',
    tentative: 'aceptó provisionalmente',
    declined: 'rechazó',
  },
  blogStatus: { planned: 'prevista', drafting: 'en redacción', in_review: 'en revisión', published: 'publicada' },
  workstream: { one: 'grupo de trabajo', other: 'grupos de trabajo' },
  convener: 'coordinación',
  colon: ': ',
};

const pt: Glossary = {
  role: {
    chair: { one: 'presidência da sessão', other: 'presidência da sessão' },
    supporting_chair: { one: 'apoio à presidência da sessão', other: 'apoio à presidência da sessão' },
    focal: { one: 'país focal', other: 'países focais' },
    discussant: { one: 'país comentador', other: 'países comentadores' },
    co_blogger: { one: 'coautoria do texto de blog', other: 'coautoria do texto de blog' },
  },
  everyone: 'todos',
  status: {
    assigned: 'ainda não convidado',
    invited: 'convidado, sem resposta',
    accepted: 'aceitou',
    tentative: 'aceitou provisoriamente',
    declined: 'recusou',
  },
  blogStatus: { planned: 'previsto', drafting: 'em redação', in_review: 'em revisão', published: 'publicado' },
  workstream: { one: 'grupo de trabalho', other: 'grupos de trabalho' },
  convener: 'coordenação',
  colon: ': ',
};

export const glossaries: Record<Language, Glossary> = { en, fr, es, pt };

/** The pages' texts that are the glossary's words themselves: the same keys in every language. */
export const glossaryTexts = (g: Glossary) => ({
  'role.chair': g.role.chair.one,
  'role.coBlogger': g.role.co_blogger.one,
  'role.coBloggers': g.role.co_blogger.other,
  'role.discussant': g.role.discussant.one,
  'role.focal': g.role.focal.one,
  'role.supportingChair': g.role.supporting_chair.one,
  'status.accepted': g.status.accepted,
  'status.assigned': g.status.assigned,
  'status.declined': g.status.declined,
  'status.invited': g.status.invited,
  'status.tentative': g.status.tentative,
});

export const capitalised = (word: string) => word.charAt(0).toLocaleUpperCase() + word.slice(1);

const nounFor = (language: Language, noun: Noun, count: number): string =>
  pluralCategory(language, count) === 'one' ? noun.one : noun.other;

/** "co-blogger" / "co-bloggers" (for `count` holders) in the reader's language. */
export const roleWord = (language: Language, role: RoleName, count = 1): string =>
  nounFor(language, glossaries[language].role[role], count);

/** The role as a heading or a label: "Co-bloggers", "Présidence de séance". */
export const roleLabel = (language: Language, role: RoleName, count = 1): string =>
  capitalised(roleWord(language, role, count));

/** Who leads an agenda segment, in the role's own word. */
export const leadWord = (language: Language, lead: AgendaLead): string =>
  lead === 'all' ? glossaries[language].everyone : roleWord(language, lead);

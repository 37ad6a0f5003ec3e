// call_for_interest: the call sent to a series' contacts. Like the forum post it replaces: what
// the series is, what each role does, the programme, the deadline and where to sign up.
import { interestRoles } from '../src/domain/vocabulary.js';
import {
  type Catalogue,
  common,
  countryIn,
  deadlineDate,
  greet,
  type Language,
  localeOf,
  roleName,
  type SeriesMessage,
  translations,
  when,
} from './i18n.js';
import { action, type Block, facts, heading, type Item, lines, list, paragraph, renderDocument } from './layout.js';

interface CallForInterestContext extends SeriesMessage {
  deadline: Date | null;
  /** The sessions not cancelled, in programme order. */
  sessions: {
    title: string;
    startsAt: Date | null;
    status: 'scheduled' | 'alternate';
    focalCountry: string | null;
    discussantCountry: string | null;
  }[];
  workstreams: { title: string; description: string | null; hasConvener: boolean }[];
  link: string;
  /** The contact's unsubscribe page, linked under the small print. */
  unsubscribe: string;
  /** The contact's own registration link (signed, no password), when sessions are open to attend. */
  attendLink?: string | undefined;
}

const NBSP = '\u00a0';

const en = {
  subject: (series: string) => `Call for expressions of interest: ${series}`,
  subjectBy: (series: string, date: string) => `Call for expressions of interest: ${series} (reply by ${date})`,
  intro: (series: string) =>
    `The series “${series}” is looking for countries and practitioners to take part in its sessions.`,
  ask: (roles: string) => `Let us know if you would like to take one of the roles in a session: ${roles}.`,
  alsoWorkstreams: 'You can also join a workstream, instead of a session role or as well as one.',
  rolesHeading: 'The roles',
  focalBrief:
    'presents how the governance of the session’s subtopic is organised in its country: the arrangements, the challenges met and the lessons learnt.',
  discussantBrief:
    'formulates a practical “how to” question that the experience of the focal country can answer, and speaks briefly to the situation in its own country.',
  chairBrief:
    'convenes the focal country and the discussant beforehand to settle the question and the structure of the discussion, then leads the session, supported by one of the series chairs.',
  coBloggerBrief: 'co-writes a blog post of 1–2 pages on the session with the chair and the discussant.',
  workstreamsHeading: 'Workstreams',
  workstreamsIntro:
    'Alongside the sessions, a workstream is a subgroup that meets online to share experiences on its topic. It is convened by a volunteer who is interested in the topic and has time to give it structure, supported by one of the series chairs; the subgroup decides how often it meets.',
  convenerWanted: 'A volunteer to convene it is wanted.',
  programmeHeading: 'The programme',
  takePartHeading: 'How to take part',
  takePartSteps:
    'Open the link below and sign in with your email address: you will receive a sign-in link. Then fill in the short form: your country, the roles and sessions you are interested in (ranked by preference) and any workstream.',
  changeUntilDeadline: 'You can change your answer until the deadline.',
  takePartAction: 'Express my interest',
  attendHeading: 'Attend the sessions',
  attendText:
    'Every session is open to all practitioners of the community: register to attend one or all of them from the link below, without a password, and you will receive the invitation for your calendar.',
  attendAction: 'Register to attend',
  thisMessage: 'this call',
} satisfies Catalogue;

export const text = translations<typeof en>('call-for-interest', {
  en,
  fr: {
    subject: (series) => `Appel à manifestations d’intérêt${NBSP}: ${series}`,
    subjectBy: (series, date) => `Appel à manifestations d’intérêt${NBSP}: ${series} (réponse d’ici le ${date})`,
    intro: (series) =>
      `La série «${NBSP}${series}${NBSP}» cherche des pays et des professionnels prêts à prendre part à ses sessions.`,
    ask: (roles) => `Faites-nous savoir si vous souhaitez prendre l’un des rôles d’une session${NBSP}: ${roles}.`,
    alsoWorkstreams:
      'Vous pouvez aussi rejoindre un groupe de travail, à la place d’un rôle dans une session ou en plus de celui-ci.',
    rolesHeading: 'Les rôles',
    focalBrief: `présente comment la gouvernance du sous-thème de la session est organisée dans son pays${NBSP}: les dispositifs, les difficultés rencontrées et les leçons tirées.`,
    discussantBrief: `formule une question pratique («${NBSP}comment faire pour…${NBSP}?${NBSP}») à laquelle l’expérience du pays focal peut répondre, et présente brièvement la situation dans son propre pays.`,
    chairBrief:
      'réunit en amont le pays focal et le pays discutant pour arrêter la question et le déroulé de la discussion, puis anime la session, avec l’appui d’un des coprésidents de la série.',
    coBloggerBrief:
      'rédige avec la présidence de séance et le pays discutant un billet de blog de 1 à 2 pages sur la session.',
    workstreamsHeading: 'Groupes de travail',
    workstreamsIntro: `En parallèle des sessions, un groupe de travail est un sous-groupe qui se réunit en ligne pour partager des expériences sur son thème. Il est animé par une personne volontaire, intéressée par le sujet et disponible pour lui donner une structure, avec l’appui d’un des coprésidents de la série${NBSP}; le sous-groupe décide de la fréquence de ses réunions.`,
    convenerWanted: 'Nous cherchons une personne volontaire pour l’animer.',
    programmeHeading: 'Le programme',
    takePartHeading: 'Comment participer',
    takePartSteps: `Ouvrez le lien ci-dessous et connectez-vous avec votre adresse e-mail${NBSP}: vous recevrez un lien de connexion. Remplissez ensuite le court formulaire${NBSP}: votre pays, les rôles et les sessions qui vous intéressent (par ordre de préférence) et, le cas échéant, un groupe de travail.`,
    changeUntilDeadline: 'Vous pourrez modifier votre réponse jusqu’à la date limite.',
    takePartAction: 'Manifester mon intérêt',
    attendHeading: 'Assister aux sessions',
    attendText: `Chaque session est ouverte à tous les praticiens de la communauté${NBSP}: inscrivez-vous à l’une d’elles, ou à toutes, depuis le lien ci-dessous, sans mot de passe, et vous recevrez l’invitation pour votre agenda.`,
    attendAction: 'M’inscrire pour assister',
    thisMessage: 'cet appel',
  },
  es: {
    subject: (series) => `Convocatoria de manifestaciones de interés: ${series}`,
    subjectBy: (series, date) => `Convocatoria de manifestaciones de interés: ${series} (respuesta hasta el ${date})`,
    intro: (series) => `La serie «${series}» busca países y profesionales dispuestos a participar en sus sesiones.`,
    ask: (roles) => `Indíquenos si desea asumir una de las funciones de una sesión: ${roles}.`,
    alsoWorkstreams:
      'También puede unirse a un grupo de trabajo, en lugar de una función en una sesión o además de ella.',
    rolesHeading: 'Las funciones',
    focalBrief:
      'presenta cómo se organiza en su país la gobernanza del subtema de la sesión: los mecanismos, las dificultades encontradas y las lecciones aprendidas.',
    discussantBrief:
      'formula una pregunta práctica («¿cómo hacer para…?») que la experiencia del país focal pueda responder, y expone brevemente la situación en su propio país.',
    chairBrief:
      'reúne de antemano al país focal y al país comentarista para acordar la pregunta y la estructura del debate, y luego modera la sesión, con el apoyo de uno de los copresidentes de la serie.',
    coBloggerBrief:
      'redacta, junto con la presidencia de la sesión y el país comentarista, una entrada de blog de 1 a 2 páginas sobre la sesión.',
    workstreamsHeading: 'Grupos de trabajo',
    workstreamsIntro:
      'Paralelamente a las sesiones, un grupo de trabajo es un subgrupo que se reúne en línea para compartir experiencias sobre su tema. Lo coordina una persona voluntaria interesada en el tema y con tiempo para darle estructura, con el apoyo de uno de los copresidentes de la serie; el subgrupo decide con qué frecuencia se reúne.',
    convenerWanted: 'Se busca una persona voluntaria para coordinarlo.',
    programmeHeading: 'El programa',
    takePartHeading: 'Cómo participar',
    takePartSteps:
      'Abra el enlace siguiente e inicie sesión con su dirección de correo electrónico: recibirá un enlace de acceso. Después complete el breve formulario: su país, las funciones y sesiones que le interesan (por orden de preferencia) y, si lo desea, un grupo de trabajo.',
    changeUntilDeadline: 'Podrá cambiar su respuesta hasta la fecha límite.',
    takePartAction: 'Manifestar mi interés',
    attendHeading: 'Asistir a las sesiones',
    attendText:
      'Todas las sesiones están abiertas a los profesionales de la comunidad: inscríbase en una o en todas desde el enlace de abajo, sin contraseña, y recibirá la invitación para su calendario.',
    attendAction: 'Inscribirme para asistir',
    thisMessage: 'esta convocatoria',
  },
  pt: {
    subject: (series) => `Chamada para manifestações de interesse: ${series}`,
    subjectBy: (series, date) => `Chamada para manifestações de interesse: ${series} (resposta até ${date})`,
    intro: (series) => `A série “${series}” procura países e profissionais dispostos a participar nas suas sessões.`,
    ask: (roles) => `Diga-nos se deseja assumir uma das funções de uma sessão: ${roles}.`,
    alsoWorkstreams: 'Também pode juntar-se a um grupo de trabalho, em vez de uma função numa sessão ou além dela.',
    rolesHeading: 'As funções',
    focalBrief:
      'apresenta como está organizada no seu país a governação do subtema da sessão: os mecanismos, as dificuldades encontradas e as lições aprendidas.',
    discussantBrief:
      'formula uma pergunta prática (“como fazer para…?”) a que a experiência do país focal possa responder, e fala brevemente da situação no seu próprio país.',
    chairBrief:
      'reúne previamente o país focal e o país comentador para definir a pergunta e a estrutura do debate e, depois, modera a sessão, com o apoio de um dos copresidentes da série.',
    coBloggerBrief:
      'redige, com a presidência da sessão e o país comentador, um texto de blog de 1 a 2 páginas sobre a sessão.',
    workstreamsHeading: 'Grupos de trabalho',
    workstreamsIntro:
      'Em paralelo às sessões, um grupo de trabalho é um subgrupo que se reúne online para partilhar experiências sobre o seu tema. É coordenado por uma pessoa voluntária interessada no tema e com tempo para lhe dar estrutura, com o apoio de um dos copresidentes da série; o subgrupo decide com que frequência se reúne.',
    convenerWanted: 'Procura-se uma pessoa voluntária para o coordenar.',
    programmeHeading: 'O programa',
    takePartHeading: 'Como participar',
    takePartSteps:
      'Abra a ligação abaixo e entre com o seu endereço de e-mail: receberá uma ligação de acesso. Depois preencha o breve formulário: o seu país, as funções e sessões que lhe interessam (por ordem de preferência) e, se quiser, um grupo de trabalho.',
    changeUntilDeadline: 'Pode alterar a sua resposta até ao fim do prazo.',
    takePartAction: 'Manifestar o meu interesse',
    attendHeading: 'Assistir às sessões',
    attendText:
      'Todas as sessões estão abertas aos profissionais da comunidade: inscreva-se numa ou em todas a partir do link abaixo, sem palavra-passe, e receberá o convite para o seu calendário.',
    attendAction: 'Inscrever-me para assistir',
    thisMessage: 'esta chamada',
  },
});

const capitalise = (s: string, locale: string) => s.charAt(0).toLocaleUpperCase(locale) + s.slice(1);

/** "focal country, discussant country, chair or co-blogger" in the reader's language. */
export function rolesOr(language: Language): string {
  let text = rolesOrCache.get(language);
  if (text === undefined) {
    const roles = interestRoles.map((r) => roleName(r, language));
    text = new Intl.ListFormat(localeOf(language), { style: 'long', type: 'disjunction' }).format(roles);
    rolesOrCache.set(language, text);
  }
  return text;
}

const rolesOrCache = new Map<Language, string>();

export function render(ctx: CallForInterestContext) {
  const { reader, series } = ctx;
  const lang = reader.language;
  const locale = localeOf(lang);
  const t = text[lang];
  const c = common[lang];
  const at = (instant: Date) => when(instant, lang, reader.zone, series.timezone, reader.zoneEstimated);
  const role = (r: string) => capitalise(roleName(r, lang), locale);

  const ask = t.ask(rolesOr(lang));
  const blocks: Block[] = [paragraph(greet(reader.name, lang)), paragraph(t.intro(series.title))];
  if (series.description) blocks.push(paragraph(series.description));
  blocks.push(paragraph(ask));
  if (ctx.workstreams.length > 0) blocks.push(paragraph(t.alsoWorkstreams));
  blocks.push(ctx.deadline ? facts([[c.deadlineLabel, at(ctx.deadline)]]) : paragraph(c.noDeadline));

  blocks.push(
    heading(t.rolesHeading),
    list([
      `${c.label(role('focal'))} ${t.focalBrief}`,
      `${c.label(role('discussant'))} ${t.discussantBrief}`,
      `${c.label(role('chair'))} ${t.chairBrief}`,
      `${c.label(role('co_blogger'))} ${t.coBloggerBrief}`,
    ]),
  );

  if (ctx.sessions.length > 0) {
    const items: Item[] = ctx.sessions.map((s) => {
      const dated = s.status === 'scheduled' && s.startsAt !== null;
      const countries = [
        `${c.label(role('focal'))} ${s.focalCountry ? countryIn(s.focalCountry, lang) : c.toBeDecided}`,
        `${c.label(roleName('discussant', lang))} ${s.discussantCountry ? countryIn(s.discussantCountry, lang) : c.toBeDecided}`,
      ].join(' · ');
      return {
        text: dated ? s.title : `${c.label(c.alternateTopic)} ${s.title}`,
        details: [dated && s.startsAt ? at(s.startsAt) : c.dateToBeSet, countries],
      };
    });
    blocks.push(heading(t.programmeHeading), list(items));
  }

  if (ctx.workstreams.length > 0) {
    blocks.push(
      heading(t.workstreamsHeading),
      paragraph(t.workstreamsIntro),
      list(
        ctx.workstreams.map((w) => ({
          text: w.title,
          details: [...(w.description ? [w.description] : []), ...(w.hasConvener ? [] : [t.convenerWanted])],
        })),
      ),
    );
  }

  blocks.push(
    heading(t.takePartHeading),
    paragraph(ctx.deadline ? `${t.takePartSteps} ${t.changeUntilDeadline}` : t.takePartSteps),
    action(t.takePartAction, ctx.link),
  );
  if (ctx.attendLink && ctx.sessions.some((s) => s.status === 'scheduled')) {
    blocks.push(heading(t.attendHeading), paragraph(t.attendText), action(t.attendAction, ctx.attendLink));
  }
  blocks.push(lines(c.signOff, c.signature(series.title)));

  return renderDocument({
    language: lang,
    subject: ctx.deadline
      ? t.subjectBy(series.title, deadlineDate(ctx.deadline, lang, reader.zone))
      : t.subject(series.title),
    preview: ctx.deadline ? `${ask} ${c.label(c.deadlineLabel)} ${at(ctx.deadline)}` : ask,
    blocks,
    footer: c.contactFooter(t.thisMessage, series.title, reader.email),
    footerLink: { label: c.unsubscribe, href: ctx.unsubscribe },
  });
}

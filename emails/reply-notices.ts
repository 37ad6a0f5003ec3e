// What the service passes on from what comes back to MAIL_FROM, in the language of the person who
// reads it:
//   counter_proposal  to the chairs (a workstream's convener for its meetings): someone's calendar
//                     proposed another time for a session, meeting or preparatory call (iTIP COUNTER)
//   reply_forward     to the people in the Reply-To of the message answered (else the series'
//                     chairs): a person wrote back in words; their text, quoted, and who they are
import {
  type Catalogue,
  common,
  greet,
  type Language,
  type Reader,
  type SeriesInfo,
  type SeriesMessage,
  translations,
  when,
} from './i18n.js';
import { action, type Block, facts, heading, lines, paragraph, renderDocument } from './layout.js';

const NBSP = '\u00a0';

export interface CounterContext extends SeriesMessage {
  /** The session, meeting or preparatory call, as its title reads. */
  eventTitle: string;
  proposer: { name: string; email: string };
  current: Date;
  proposed: { start: Date; end: Date | null };
  comment: string | null;
  /** Where the time is changed. */
  link: string;
}

const counterEn = {
  subject: (person: string, event: string) => `${person} proposes another time for “${event}”`,
  proposes: (person: string, event: string) =>
    `${person} has proposed another time for “${event}” from their calendar.`,
  currentLabel: 'Planned time',
  proposedLabel: 'Proposed time',
  untilLabel: 'Until',
  commentLabel: 'Their note',
  nothingChanged:
    'Nothing has changed yet: the time stays as planned unless you change it. If the proposal suits everyone, change the time on the page below; everyone invited then gets the update.',
  openAction: 'Open the page to change the time',
  footer: (series: string, email: string) =>
    `You receive this because you (${email}) coordinate this event of the series “${series}”.`,
} satisfies Catalogue;

export const counterText = translations<typeof counterEn>('reply-notices.counterText', {
  en: counterEn,
  fr: {
    subject: (person, event) => `${person} propose un autre horaire pour «${NBSP}${event}${NBSP}»`,
    proposes: (person, event) =>
      `${person} a proposé depuis son agenda un autre horaire pour «${NBSP}${event}${NBSP}».`,
    currentLabel: 'Horaire prévu',
    proposedLabel: 'Horaire proposé',
    untilLabel: 'Jusqu’à',
    commentLabel: 'Son message',
    nothingChanged: `Rien n’a encore changé${NBSP}: l’horaire reste celui prévu tant que vous ne le modifiez pas. Si la proposition convient à tout le monde, modifiez l’horaire sur la page ci-dessous${NBSP}; chaque personne invitée recevra alors la mise à jour.`,
    openAction: 'Ouvrir la page pour modifier l’horaire',
    footer: (series, email) =>
      `Vous recevez ce message parce que vous (${email}) coordonnez cet événement de la série «${NBSP}${series}${NBSP}».`,
  },
  es: {
    subject: (person, event) => `${person} propone otro horario para «${event}»`,
    proposes: (person, event) => `${person} ha propuesto desde su calendario otro horario para «${event}».`,
    currentLabel: 'Horario previsto',
    proposedLabel: 'Horario propuesto',
    untilLabel: 'Hasta',
    commentLabel: 'Su mensaje',
    nothingChanged:
      'Todavía no ha cambiado nada: el horario sigue siendo el previsto mientras usted no lo modifique. Si la propuesta conviene a todos, cambie el horario en la página siguiente; cada persona invitada recibirá entonces la actualización.',
    openAction: 'Abrir la página para cambiar el horario',
    footer: (series, email) =>
      `Recibe este mensaje porque usted (${email}) coordina este evento de la serie «${series}».`,
  },
  pt: {
    subject: (person, event) => `${person} propõe outro horário para “${event}”`,
    proposes: (person, event) => `${person} propôs a partir do seu calendário outro horário para “${event}”.`,
    currentLabel: 'Horário previsto',
    proposedLabel: 'Horário proposto',
    untilLabel: 'Até',
    commentLabel: 'A sua mensagem',
    nothingChanged:
      'Ainda nada mudou: o horário continua o previsto enquanto não o alterar. Se a proposta convier a todos, altere o horário na página abaixo; cada pessoa convidada receberá então a atualização.',
    openAction: 'Abrir a página para alterar o horário',
    footer: (series, email) => `Recebe esta mensagem porque (${email}) coordena este evento da série “${series}”.`,
  },
});

export function renderCounter(ctx: CounterContext) {
  const lang = ctx.reader.language;
  const t = counterText[lang];
  const zone = ctx.reader.zone;
  const at = (d: Date) => when(d, lang, zone, ctx.series.timezone, ctx.reader.zoneEstimated);
  const who = `${ctx.proposer.name} (${ctx.proposer.email})`;
  const intro = t.proposes(who, ctx.eventTitle);
  const rows: [string, string][] = [
    [t.currentLabel, at(ctx.current)],
    [t.proposedLabel, at(ctx.proposed.start)],
    ...(ctx.proposed.end ? ([[t.untilLabel, at(ctx.proposed.end)]] as [string, string][]) : []),
    ...(ctx.comment ? ([[t.commentLabel, ctx.comment]] as [string, string][]) : []),
  ];
  const blocks: Block[] = [
    paragraph(greet(ctx.reader.name, lang)),
    paragraph(intro),
    facts(rows),
    paragraph(t.nothingChanged),
    action(t.openAction, ctx.link),
    lines(common[lang].signOff, common[lang].signature(ctx.series.title)),
  ];
  return renderDocument({
    language: lang,
    subject: t.subject(ctx.proposer.name, ctx.eventTitle),
    preview: intro,
    blocks,
    footer: t.footer(ctx.series.title, ctx.reader.email),
  });
}

export interface ForwardContext {
  reader: Reader;
  /** The series the answered message was about, when known. */
  series: SeriesInfo | null;
  sender: { name: string | null; email: string };
  /** The reply's own subject, as written. */
  subject: string;
  /** Its words (plain text), as written; cut when very long. */
  body: string;
  cut: boolean;
  /** How many attachments it carried, which are not passed on. */
  attachments: number;
  receivedAt: Date;
}

const forwardEn = {
  subject: (subject: string) => `Reply: ${subject}`,
  wrote: (person: string) =>
    `${person} wrote back to a message of the series; here is their reply. Answer them directly: replying to this message writes to them.`,
  wroteNoSeries: (person: string) =>
    `${person} wrote back to a message of the service; here is their reply. Answer them directly: replying to this message writes to them.`,
  receivedLabel: 'Received',
  subjectLabel: 'Subject',
  replyHeading: 'Their message',
  cut: 'The message was long: only its beginning is shown.',
  attachments: (n: string) =>
    `It came with ${n} attachment(s), which are not passed on: ask the sender to share them with you.`,
  footer: (email: string) =>
    `You receive this because a reply to a message you can answer was sent to the series' address; it was forwarded to you (${email}).`,
} satisfies Catalogue;

export const forwardText = translations<typeof forwardEn>('reply-notices.forwardText', {
  en: forwardEn,
  fr: {
    subject: (subject) => `Réponse${NBSP}: ${subject}`,
    wrote: (person) =>
      `${person} a répondu à un message de la série${NBSP}; voici sa réponse. Répondez-lui directement${NBSP}: répondre à ce message lui écrit.`,
    wroteNoSeries: (person) =>
      `${person} a répondu à un message du service${NBSP}; voici sa réponse. Répondez-lui directement${NBSP}: répondre à ce message lui écrit.`,
    receivedLabel: 'Reçu le',
    subjectLabel: 'Objet',
    replyHeading: 'Son message',
    cut: `Le message était long${NBSP}: seul son début est reproduit.`,
    attachments: (n) =>
      `Il comportait ${n}${NBSP}pièce(s) jointe(s), qui ne sont pas transmises${NBSP}: demandez à la personne de vous les envoyer.`,
    footer: (email) =>
      `Vous recevez ce message parce qu’une réponse à un message auquel vous pouvez répondre a été envoyée à l’adresse de la série${NBSP}; elle vous est transmise (${email}).`,
  },
  es: {
    subject: (subject) => `Respuesta: ${subject}`,
    wrote: (person) =>
      `${person} respondió a un mensaje de la serie; esta es su respuesta. Contéstele directamente: al responder a este mensaje le escribe a esa persona.`,
    wroteNoSeries: (person) =>
      `${person} respondió a un mensaje del servicio; esta es su respuesta. Contéstele directamente: al responder a este mensaje le escribe a esa persona.`,
    receivedLabel: 'Recibido',
    subjectLabel: 'Asunto',
    replyHeading: 'Su mensaje',
    cut: 'El mensaje era largo: solo se muestra el comienzo.',
    attachments: (n) =>
      `Llegó con ${n} archivo(s) adjunto(s), que no se reenvían: pida a la persona que se los comparta.`,
    footer: (email) =>
      `Recibe este mensaje porque una respuesta a un mensaje que usted puede contestar se envió a la dirección de la serie; se le reenvía (${email}).`,
  },
  pt: {
    subject: (subject) => `Resposta: ${subject}`,
    wrote: (person) =>
      `${person} respondeu a uma mensagem da série; eis a sua resposta. Responda-lhe diretamente: responder a esta mensagem escreve a essa pessoa.`,
    wroteNoSeries: (person) =>
      `${person} respondeu a uma mensagem do serviço; eis a sua resposta. Responda-lhe diretamente: responder a esta mensagem escreve a essa pessoa.`,
    receivedLabel: 'Recebida',
    subjectLabel: 'Assunto',
    replyHeading: 'A sua mensagem',
    cut: 'A mensagem era longa: só se mostra o início.',
    attachments: (n) => `Chegou com ${n} anexo(s), que não são reencaminhados: peça à pessoa que os partilhe consigo.`,
    footer: (email) =>
      `Recebe esta mensagem porque uma resposta a uma mensagem a que pode responder foi enviada para o endereço da série; é-lhe reencaminhada (${email}).`,
  },
});

export function renderForward(ctx: ForwardContext) {
  const lang: Language = ctx.reader.language;
  const t = forwardText[lang];
  const who = ctx.sender.name ? `${ctx.sender.name} (${ctx.sender.email})` : ctx.sender.email;
  const intro = ctx.series ? t.wrote(who) : t.wroteNoSeries(who);
  const zone = ctx.reader.zone;
  const blocks: Block[] = [
    paragraph(greet(ctx.reader.name, lang)),
    paragraph(intro),
    facts([
      [t.receivedLabel, when(ctx.receivedAt, lang, zone, ctx.series?.timezone ?? 'UTC', ctx.reader.zoneEstimated)],
      [t.subjectLabel, ctx.subject],
    ]),
    heading(t.replyHeading),
    ...ctx.body
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter((p) => p !== '')
      .map(paragraph),
    ...(ctx.cut ? [paragraph(t.cut)] : []),
    ...(ctx.attachments > 0 ? [paragraph(t.attachments(String(ctx.attachments)))] : []),
  ];
  return renderDocument({
    language: lang,
    subject: t.subject(ctx.subject),
    preview: intro,
    blocks,
    footer: t.footer(ctx.reader.email),
  });
}

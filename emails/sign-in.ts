// sign_in_link: the one-time link that signs a person in, valid for a few minutes and once. Sent
// to whoever typed the address, so it says what to do when they did not ask for it. In the
// person's language when the address is known, else the language the request asked for.
import { type Catalogue, common, greet, type Reader, translations, when } from './i18n.js';
import { action, facts, lines, paragraph, renderDocument } from './layout.js';

interface SignInContext {
  reader: Reader;
  /** The one-time link. */
  url: string;
  expiresMinutes: number;
  /** When the link stops working (shown in the reader's zone and UTC), when known. */
  expiresAt: Date | null;
}

const NBSP = '\u00a0';

const en = {
  subject: 'Sign in to the webinar series',
  intro: (email: string) => `We received a request to sign in to the webinar series with this address (${email}).`,
  action: 'Sign in',
  validFor: (minutes: string) => `The link is valid for ${minutes} minutes and can be used only once.`,
  validForOne: 'The link is valid for one minute and can be used only once.',
  validUntilLabel: 'Valid until',
  ignore: 'If you did not ask for this, ignore this email: without the link, nobody can sign in with your address.',
  doNotForward: 'Please do not forward this email: the link signs in whoever uses it.',
  footer: (email: string) => `This email was sent to ${email} because a sign-in link was requested for this address.`,
} satisfies Catalogue;

export const text = translations<typeof en>('sign-in', {
  en,
  fr: {
    subject: 'Connexion à la série de webinaires',
    intro: (email) =>
      `Nous avons reçu une demande de connexion à la série de webinaires avec cette adresse (${email}).`,
    action: 'Me connecter',
    validFor: (minutes) => `Le lien est valable ${minutes}${NBSP}minutes et ne peut servir qu’une seule fois.`,
    validForOne: 'Le lien est valable une minute et ne peut servir qu’une seule fois.',
    validUntilLabel: 'Valable jusqu’au',
    ignore: `Si vous n’avez rien demandé, ignorez ce message${NBSP}: sans le lien, personne ne peut se connecter avec votre adresse.`,
    doNotForward: `Merci de ne pas transférer ce message${NBSP}: le lien permet à quiconque l’utilise de se connecter.`,
    footer: (email) =>
      `Ce message a été envoyé à ${email} parce qu’un lien de connexion a été demandé pour cette adresse.`,
  },
  es: {
    subject: 'Inicio de sesión en la serie de seminarios web',
    intro: (email) =>
      `Hemos recibido una solicitud para iniciar sesión en la serie de seminarios web con esta dirección (${email}).`,
    action: 'Iniciar sesión',
    validFor: (minutes) => `El enlace es válido durante ${minutes} minutos y solo puede usarse una vez.`,
    validForOne: 'El enlace es válido durante un minuto y solo puede usarse una vez.',
    validUntilLabel: 'Válido hasta el',
    ignore: 'Si no lo ha solicitado, ignore este correo: sin el enlace, nadie puede iniciar sesión con su dirección.',
    doNotForward: 'Le rogamos que no reenvíe este correo: el enlace permite iniciar sesión a cualquiera que lo use.',
    footer: (email) => `Este correo se envió a ${email} porque se solicitó un enlace de acceso para esta dirección.`,
  },
  pt: {
    subject: 'Iniciar sessão na série de webinars',
    intro: (email) => `Recebemos um pedido para iniciar sessão na série de webinars com este endereço (${email}).`,
    action: 'Iniciar sessão',
    validFor: (minutes) => `A ligação é válida durante ${minutes} minutos e só pode ser usada uma vez.`,
    validForOne: 'A ligação é válida durante um minuto e só pode ser usada uma vez.',
    validUntilLabel: 'Válida até',
    ignore:
      'Se não fez este pedido, ignore esta mensagem: sem a ligação, ninguém pode iniciar sessão com o seu endereço.',
    doNotForward: 'Por favor, não reencaminhe esta mensagem: a ligação permite iniciar sessão a quem a usar.',
    footer: (email) =>
      `Esta mensagem foi enviada para ${email} porque foi pedida uma ligação de acesso para este endereço.`,
  },
});

export function render(ctx: SignInContext) {
  const { reader } = ctx;
  const lang = reader.language;
  const t = text[lang];
  const valid = ctx.expiresMinutes === 1 ? t.validForOne : t.validFor(String(ctx.expiresMinutes));
  return renderDocument({
    language: lang,
    subject: t.subject,
    preview: valid,
    blocks: [
      paragraph(greet(reader.name, lang)),
      paragraph(t.intro(reader.email)),
      action(t.action, ctx.url),
      paragraph(valid),
      // No series here: the reader's zone and UTC.
      ...(ctx.expiresAt
        ? [facts([[t.validUntilLabel, when(ctx.expiresAt, lang, reader.zone, 'UTC', reader.zoneEstimated)]])]
        : []),
      paragraph(t.ignore),
      paragraph(t.doNotForward),
      lines(common[lang].signOff, common[lang].team),
    ],
    footer: t.footer(reader.email),
  });
}

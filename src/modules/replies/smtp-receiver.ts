// The SMTP receiver on INBOUND_SMTP_PORT: the service as the MX (or a relay's next hop) for
// MAIL_FROM's address and its +tag variants, and nothing else. A recipient that is not one of them
// is refused at RCPT TO (550), a message above the size limit at DATA (552); each message
// accepted is handed to the pipeline and answered 250 only once its effects are stored, so a
// message the service could not store is answered 451 and the sending server tries again later.
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { readAddress } from '../../calendar/organizer-tags.js';
import { INBOUND_MAX_BYTES, type InboundDeps, type InboundResult } from './inbound.js';

export interface SmtpReceiver {
  /** The port it listens on (the one asked for, or the one given for 0). */
  port: number;
  close(): Promise<void>;
}

interface Options {
  host: string;
  port: number;
  mailFrom: string;
  handle: (raw: Buffer, envelopeTo: string[]) => Promise<InboundResult>;
  log?: InboundDeps['log'];
  /** Defaults to INBOUND_MAX_BYTES. */
  maxBytes?: number;
}

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

export async function startSmtpReceiver(options: Options): Promise<SmtpReceiver> {
  const maxBytes = options.maxBytes ?? INBOUND_MAX_BYTES;
  const settings: SMTPServerOptions = {
    name: 'indaba',
    banner: 'Indaba replies',
    authOptional: true,
    disabledCommands: ['AUTH'],
    size: maxBytes,
    maxClients: 50,
    socketTimeout: 60_000,
    closeTimeout: 5_000,
    logger: false,
    onRcptTo(address, _session, callback) {
      const read = readAddress(address.address, options.mailFrom);
      if (read === 'foreign') {
        callback(smtpError(550, `5.1.1 <${address.address}>: this server only takes mail for ${options.mailFrom}`));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxBytes) chunks.push(chunk);
      });
      stream.on('error', (err) => {
        options.log?.warn({ err }, 'an inbound SMTP message was cut off');
      });
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded || size > maxBytes) {
          callback(smtpError(552, `5.3.4 Message too big: at most ${maxBytes} bytes`));
          return;
        }
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        options
          .handle(Buffer.concat(chunks), envelopeTo)
          .then(() => callback())
          .catch((err) => {
            options.log?.error({ err }, 'an inbound message could not be stored; the sender will try again');
            callback(smtpError(451, '4.3.0 Temporary failure, please try again later'));
          });
      });
    },
  };
  const server = new SMTPServer(settings);
  server.on('error', (err) => options.log?.warn({ err }, 'inbound SMTP connection error'));
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  let closing: Promise<void> | null = null;
  return {
    port,
    close: () => {
      closing ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return closing;
    },
  };
}

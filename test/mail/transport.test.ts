// How SMTP_URL becomes nodemailer options: loopback servers are spoken to without STARTTLS
// unless asked; any other host gets STARTTLS when it offers it, certificate checked.
import t from 'tap';
import { smtpOptions } from '../../src/mail/transport.js';

t.test('SMTP_URL → nodemailer options', async (t) => {
  t.match(smtpOptions('smtp://user:p%40ss@mail.example.org:587'), {
    host: 'mail.example.org',
    port: 587,
    secure: false,
    auth: { user: 'user', pass: 'p@ss' },
    socketTimeout: 60_000,
  });
  t.equal(smtpOptions('smtp://mail.example.org:587').ignoreTLS, undefined, 'a remote host: STARTTLS when offered');
  t.match(smtpOptions('smtps://mail.example.org'), { secure: true });
  for (const host of ['127.0.0.1', 'localhost', '[::1]']) {
    t.equal(smtpOptions(`smtp://${host}:2525`).ignoreTLS, true, `${host}: no STARTTLS on loopback`);
  }
  t.equal(smtpOptions('smtp://127.0.0.1:2525?requireTLS=true').requireTLS, true, 'unless asked for');
  t.equal(smtpOptions('smtp://127.0.0.1:2525?requireTLS=true').ignoreTLS, undefined);
  t.equal(smtpOptions('smtp://127.0.0.1:2525?ignoreTLS=false').ignoreTLS, false);
  t.equal(smtpOptions('smtp://relay.internal:25?tls=false').ignoreTLS, true, '?tls=false: never upgrade');
  t.equal(smtpOptions('smtp://relay.internal:25?tls=false').tls, undefined, 'and no bogus tls option');
  t.match(smtpOptions('smtp://relay.internal:25?tls.rejectUnauthorized=false'), { tls: { rejectUnauthorized: false } });
});

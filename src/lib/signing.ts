import { createHmac, timingSafeEqual } from 'node:crypto';

/** An HMAC-SHA256 signature of `value` with the service's secret, URL-safe. */
export function sign(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url');
}

/** Whether `signature` is the one `sign` gives for `value`, compared in constant time. */
export function verify(secret: string, value: string, signature: string): boolean {
  const expected = Buffer.from(sign(secret, value));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

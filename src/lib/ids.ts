import { createHash, randomBytes } from 'node:crypto';

/** Opaque, URL-safe ids; clients never build them. */
export const newId = (): string => randomBytes(12).toString('base64url');

/** A secret for a link or a token: 256 bits. */
export const newSecret = (): string => randomBytes(32).toString('base64url');

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

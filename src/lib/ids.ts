import { createHash, randomBytes, randomFillSync } from 'node:crypto';

/**
 * Opaque, URL-safe ids; clients never build them. They start with the creation time in base 36
 * (whose digits sort in ASCII order), so new rows land at the end of each id index instead of on
 * a random page of it: a burst of inserts then writes a few pages, not one page per row.
 */
export const newId = (): string => Date.now().toString(36).padStart(9, '0') + pooledRandom(9);

// A call to randomBytes() costs microseconds; ids draw from a pool refilled 4 KiB at a time.
const pool = Buffer.alloc(4096);
let poolUsed = pool.length;

function pooledRandom(bytes: number): string {
  if (poolUsed + bytes > pool.length) {
    randomFillSync(pool);
    poolUsed = 0;
  }
  const part = pool.toString('base64url', poolUsed, poolUsed + bytes);
  poolUsed += bytes;
  return part;
}

/** A secret for a link or a token: 256 bits. */
export const newSecret = (): string => randomBytes(32).toString('base64url');

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

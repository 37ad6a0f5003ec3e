// API bearer tokens: shown once, stored only as SHA-256 hashes, revocable.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { apiTokens, people } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import { type Db, preparedFor } from '../../db.js';
import { newId, newSecret, sha256 } from '../../lib/ids.js';
import type { Person } from '../people/repository.js';

export function issueToken(db: Db, clock: Clock, personId: string, label: string | null = null) {
  const token = newSecret();
  const row = db
    .insert(apiTokens)
    .values({ id: newId(), personId, tokenHash: sha256(token), label, createdAt: clock.now() })
    .returning()
    .get();
  return { id: row.id, token, createdAt: row.createdAt, label: row.label };
}

// Every API request looks its token up: prepared once per database.
const tokenLookup = preparedFor((db) =>
  db
    .select({ person: people })
    .from(apiTokens)
    .innerJoin(people, eq(people.id, apiTokens.personId))
    .where(and(eq(apiTokens.tokenHash, sql.placeholder('hash')), isNull(apiTokens.revokedAt)))
    .prepare(),
);

export function personForToken(db: Db, token: string): Person | undefined {
  return tokenLookup(db).get({ hash: sha256(token) })?.person;
}

export function listTokens(db: Db, personId: string) {
  return db
    .select({
      id: apiTokens.id,
      label: apiTokens.label,
      createdAt: apiTokens.createdAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.personId, personId))
    .all();
}

/** Revokes one of the person's tokens; false when they have no such token. */
export function revokeToken(db: Db, clock: Clock, personId: string, tokenId: string): boolean {
  const result = db
    .update(apiTokens)
    .set({ revokedAt: clock.now() })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.personId, personId), isNull(apiTokens.revokedAt)))
    .run();
  return result.changes > 0;
}

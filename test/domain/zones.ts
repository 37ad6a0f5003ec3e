// The zones the domain tests read times in, and the check that the process runs in none of them:
// an accidental read of the process's own zone must show up as a wrong instant, not pass unseen.
import type { Test } from 'tap';

export const NAIROBI = 'Africa/Nairobi';
export const KIGALI = 'Africa/Kigali';
export const BUENOS_AIRES = 'America/Argentina/Buenos_Aires';
export const NEW_YORK = 'America/New_York';
export const SANTIAGO = 'America/Santiago';
export const BERLIN = 'Europe/Berlin';
export const LORD_HOWE = 'Australia/Lord_Howe';
export const SYDNEY = 'Australia/Sydney';
export const AUCKLAND = 'Pacific/Auckland';
export const HONOLULU = 'Pacific/Honolulu';

const UTC_NAMES = ['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Z', 'Universal', 'Zulu', 'UCT', 'Etc/UCT'];

/** The file's first test: TZ is set, and is neither UTC nor one of the zones the file uses. */
export function testProcessZone(t: Test, zonesUsed: string[]): void {
  const processZone = process.env.TZ;
  const name = 'the process zone (TZ) is set and is neither UTC nor a zone these tests use';
  if (processZone === undefined || processZone === '') {
    t.skip(`${name}: TZ is not set (run with TZ=America/St_Johns)`, async () => {});
    return;
  }
  t.test(name, async (t) => {
    const tz = processZone.toLowerCase();
    t.notOk(
      UTC_NAMES.some((u) => u.toLowerCase() === tz),
      `TZ=${processZone} must not be UTC`,
    );
    t.notOk(
      zonesUsed.some((z) => z.toLowerCase() === tz),
      `TZ=${processZone} must not be a zone used in these tests`,
    );
    // The runtime really is in that zone: St John's is never at UTC+0.
    if (tz === 'america/st_johns') t.not(new Date('2027-04-28T12:00:00Z').getTimezoneOffset(), 0);
  });
}

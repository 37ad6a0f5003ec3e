// Pure rules that read "now" through luxon (a date typed without a year, "tomorrow") are tested at
// a fixed moment: luxon's clock is set for the call only.
import { Settings } from 'luxon';

/** Runs `fn` with luxon believing the current time is `nowIso`, then restores the clock. */
export function withLuxonNow<T>(nowIso: string, fn: () => T): T {
  const original = Settings.now;
  const fixed = Date.parse(nowIso);
  Settings.now = () => fixed;
  try {
    return fn();
  } finally {
    Settings.now = original;
  }
}

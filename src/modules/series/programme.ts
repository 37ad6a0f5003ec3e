// The programme as the call for interest writes it, one line a session:
// "End April: <topic> (chair tbd, focal country: Argentina, discussant country: tbd, participant co-blogger: tbd)".
import { DateTime } from 'luxon';
import type { SessionView } from '../sessions/view.js';
import type { SeriesView } from './repository.js';

/** "Early", "Mid" or "End" of the month, as chairs write quarterly dates in a call. */
function partOfMonth(instant: Date, zone: string): string {
  const local = DateTime.fromJSDate(instant, { zone });
  const part = local.day <= 10 ? 'Early' : local.day <= 20 ? 'Mid' : 'End';
  return `${part} ${local.setLocale('en').toFormat('LLLL')}`;
}

const tbd = (value: string | null | undefined) => value || 'tbd';

function programmeLine(session: SessionView, zone: string): string {
  const { roles } = session;
  const names = (people: { name: string }[]) => (people.length ? people.map((p) => p.name).join(', ') : null);
  const chair = roles.chair
    ? `${roles.chair.name}${roles.chair.countryName ? ` (${roles.chair.countryName})` : ''}`
    : null;
  const when = session.startsAt ? partOfMonth(new Date(session.startsAt), zone) : 'Date to be set';
  const parts = [
    `chair ${tbd(chair)}`,
    `focal country: ${tbd(roles.focal?.countryName)}`,
    `discussant country: ${tbd(roles.discussant?.countryName)}`,
    `participant co-blogger: ${tbd(names(roles.coBloggers))}`,
  ];
  const cancelled = session.status === 'cancelled' ? ' [cancelled]' : '';
  const blog = session.blog.status === 'published' && session.blog.url ? ` Blog post: ${session.blog.url}` : '';
  return `${when}: ${session.title} (${parts.join(', ')})${cancelled}${blog}`;
}

export function programmeText(series: SeriesView): string {
  const dated = series.sessions.filter((s) => s.status !== 'alternate');
  const alternates = series.sessions.filter((s) => s.status === 'alternate');
  const lines = [
    series.title,
    '',
    ...(series.interestDeadline
      ? [
          `Expressions of interest by ${DateTime.fromISO(series.interestDeadline, { zone: series.timezone }).setLocale('en').toFormat('d LLLL yyyy, HH:mm')} (${series.timezone})`,
          '',
        ]
      : []),
    ...dated.map((s) => programmeLine(s, series.timezone)),
    ...(alternates.length ? ['', `Alternate topics: ${alternates.map((s) => s.title).join('; ')}`] : []),
    ...(series.workstreams.length
      ? ['', ...series.workstreams.map((w) => `Parallel workstream: ${w.title} (convener: ${tbd(w.convener?.name)})`)]
      : []),
  ];
  return `${lines.join('\n')}\n`;
}

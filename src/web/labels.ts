// The words the pages use for roles and invitation statuses, shared by the pages that show them.

import type { MessageKey, Translate } from '../i18n/index.js';
import type { InterestRole } from '../modules/interests/repository.js';
import type { Language } from '../modules/schemas.js';
import type { SessionView } from '../modules/sessions/view.js';
import { countryIn } from './format.js';

export const roleKeys: Record<InterestRole, MessageKey> = {
  focal: 'role.focal',
  discussant: 'role.discussant',
  chair: 'role.chair',
  co_blogger: 'role.coBlogger',
};

export const assignmentRoleKeys: Record<string, MessageKey> = {
  ...roleKeys,
  supporting_chair: 'role.supportingChair',
};

export const statusKeys: Record<string, MessageKey> = {
  assigned: 'status.assigned',
  invited: 'status.invited',
  accepted: 'status.accepted',
  tentative: 'status.tentative',
  declined: 'status.declined',
};

type Roles = SessionView['roles'];
type Holder = { name: string; country?: string | null | undefined; status: string };

const live = <T extends { status: string }>(people: T[]) => people.filter((p) => p.status !== 'declined');

/** "chair: tbd, focal country: Argentina, discussant country: tbd, co-bloggers: tbd", translated. */
export function roleItems(roles: Roles, t: Translate, lang: Language): { label: string; value: string }[] {
  const tbd = t('role.tbd');
  const person = (p: Holder) => (p.country ? `${p.name} (${countryIn(p.country, lang)})` : p.name);
  const chair = roles.chair && roles.chair.status !== 'declined' ? roles.chair : null;
  const country = (role: Roles['focal']) => {
    if (!role) return tbd;
    const names = live(role.people).map((p) => p.name);
    return names.length ? `${countryIn(role.country, lang)} (${names.join(', ')})` : countryIn(role.country, lang);
  };
  const bloggers = live(roles.coBloggers);
  return [
    { label: t('role.chair'), value: chair ? person(chair) : tbd },
    { label: t('role.focal'), value: country(roles.focal) },
    { label: t('role.discussant'), value: country(roles.discussant) },
    { label: t('role.coBloggers'), value: bloggers.length ? bloggers.map(person).join(', ') : tbd },
  ];
}

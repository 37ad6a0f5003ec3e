// A workstream for its convener or the series' chairs: its members (removal can be undone) and
// its meetings (scheduled, changed and cancelled on the pages of ./meetings.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { signedIn } from '../../modules/auth/access.js';
import { displayName } from '../../modules/people/repository.js';
import {
  candidates,
  findWorkstream,
  meetingsOf,
  membersOf,
  occurrencesOf,
  runOf,
} from '../../modules/workstreams/repository.js';
import { leaveWorkstream, removeMember, restoreMember } from '../../modules/workstreams/service.js';
import { noticeOf, pageNotices, workstreamForConvener } from '../chair.js';
import { pageFor, render } from '../context.js';
import { PageError } from '../errors.js';
import { countryIn, whenText } from '../format.js';
import { formOf, text } from '../forms.js';
import { seeOther } from '../redirect.js';

const notices = pageNotices('meetings', ['scheduled', 'changed', 'cancelled', 'moved', 'occurrenceCancelled']);

export async function workstreamRoutes(app: FastifyInstance) {
  const { db, clock } = app;

  const convenerOrChair = (request: FastifyRequest) => workstreamForConvener(db, request);

  app.get('/workstreams/:id/manage', async (request, reply) => {
    const { workstream, series } = convenerOrChair(request);
    const page = pageFor(request, reply);
    const zone = page.zone ?? series.timezone;
    const members = candidates(db, workstream.id).map((c) => ({
      id: c.person.id,
      name: displayName(c.person),
      email: c.person.email,
      country: c.person.country ? countryIn(c.person.country, page.lang) : '',
      convener: c.asConvener,
      departure: c.departure,
    }));
    const now = clock.now().getTime();
    const meetings = meetingsOf(db, workstream.id).map((m) => {
      const run = runOf(m);
      return {
        id: m.id,
        title: m.title,
        cancelled: m.status === 'cancelled',
        when: whenText(m.startsAt, page.lang, zone, series.timezone),
        // Each meeting of a run, to move or cancel on its own while it is still ahead.
        occurrences: run
          ? occurrencesOf(db, m).map((o) => ({
              place: o.n,
              label: page.t('meetings.place', { place: o.n, count: run.rule.count }),
              when: whenText(o.start, page.lang, zone, series.timezone),
              moved: o.status === 'moved',
              cancelled: o.status === 'cancelled',
              open: m.status !== 'cancelled' && o.status !== 'cancelled' && o.start.getTime() > now,
            }))
          : [],
      };
    });
    return render(reply, page, 'workstream', workstream.title, {
      workstream: { id: workstream.id, title: workstream.title, description: workstream.description },
      series: { id: series.id, title: series.title },
      members,
      meetings,
      notice: noticeOf(request, page, notices),
    });
  });

  // Removing a member asks first, on a page of its own, what will happen.
  app.get('/workstreams/:id/manage/members/:personId/remove', async (request, reply) => {
    const { workstream } = convenerOrChair(request);
    const { personId } = request.params as { personId: string };
    const member = candidates(db, workstream.id).find((c) => c.person.id === personId && !c.departure);
    if (!member) throw new PageError(404, 'error.notFound');
    const page = pageFor(request, reply);
    const back = `/workstreams/${encodeURIComponent(workstream.id)}/manage`;
    const name = displayName(member.person);
    return render(reply, page, 'confirm', page.t('confirm.removeTitle', { name }), {
      heading: page.t('confirm.removeTitle', { name }),
      what: page.t('confirm.remove', { name, workstream: workstream.title }),
      told: page.t('confirm.removeTold', { name }),
      action: `${back}/members`,
      fields: [
        { name: 'personId', value: member.person.id },
        { name: 'action', value: 'remove' },
      ],
      button: page.t('confirm.removeButton', { name }),
      back: { href: back, text: page.t('confirm.keepMember') },
    });
  });

  // A member leaves a workstream: asked first, then every future meeting leaves their calendar.
  app.get('/workstreams/:id/leave', async (request, reply) => {
    const person = signedIn(request);
    const workstream = findWorkstream(db, (request.params as { id: string }).id);
    if (!workstream) throw new PageError(404, 'error.notFound');
    if (!membersOf(db, workstream.id).some((m) => m.id === person.id)) throw new PageError(409, 'workstream.notMember');
    const page = pageFor(request, reply);
    return render(reply, page, 'confirm', page.t('workstream.leave', { title: workstream.title }), {
      heading: page.t('workstream.leave', { title: workstream.title }),
      what: page.t('workstream.leaveWhat', { title: workstream.title }),
      action: `/workstreams/${encodeURIComponent(workstream.id)}/leave`,
      fields: [],
      button: page.t('workstream.leaveButton'),
      back: { href: '/me', text: page.t('workstream.stay') },
    });
  });

  app.post('/workstreams/:id/leave', { preValidation: app.csrfProtection }, async (request, reply) => {
    const person = signedIn(request);
    const workstream = findWorkstream(db, (request.params as { id: string }).id);
    if (!workstream) throw new PageError(404, 'error.notFound');
    try {
      leaveWorkstream(db, clock, person, { workstreamId: workstream.id });
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_member') throw new PageError(409, 'workstream.notMember');
      throw error;
    }
    return seeOther(reply, '/me?notice=left');
  });

  app.post('/workstreams/:id/manage/members', { preValidation: app.csrfProtection }, async (request, reply) => {
    const { person, workstream } = convenerOrChair(request);
    const body = formOf(request);
    const memberId = text(body, 'personId', 64);
    const action = text(body, 'action', 10);
    // Someone the workstream does not know is a 404 from the service, a "not found" page here.
    const change = action === 'remove' ? removeMember : restoreMember;
    change(db, clock, person, { workstreamId: workstream.id, personId: memberId });
    return seeOther(reply, `/workstreams/${encodeURIComponent(workstream.id)}/manage`);
  });
}

// The series' workstreams for its chairs: opening one, and appointing (or replacing) its convener
// and supporting chair, through the workstreams service and the API's body schemas.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../../errors.js';
import type { MessageKey } from '../../i18n/index.js';
import { bodyCheck } from '../../lib/lazy-schemas.js';
import { displayName, findPerson } from '../../modules/people/repository.js';
import { chairsOf, type SeriesRow, seriesView } from '../../modules/series/repository.js';
import { findWorkstream } from '../../modules/workstreams/repository.js';
import { ConvenerBody, WorkstreamCreate } from '../../modules/workstreams/schemas.js';
import { createWorkstream, setConvener } from '../../modules/workstreams/service.js';
import { manageBase, noticeOf, seriesForChair } from '../chair.js';
import { type Page, pageFor, render } from '../context.js';
import { PageError } from '../errors.js';
import { formOf, maxLengths, textFields } from '../forms.js';
import { seeOther } from '../redirect.js';

const checkCreate = bodyCheck(WorkstreamCreate);
const checkConvener = bodyCheck(ConvenerBody);

const notices: Record<string, MessageKey> = {
  created: 'workstreams.notice.created',
  appointed: 'workstreams.notice.appointed',
};

interface Refused {
  /** Which form was refused: 'new', or the workstream whose convener form it was. */
  form: string;
  message: string;
  values: Record<string, string>;
}

export async function workstreamAdminRoutes(app: FastifyInstance) {
  const { db, clock } = app;
  const csrf = { preValidation: app.csrfProtection };

  function workstreamsPage(
    reply: FastifyReply,
    page: Page,
    series: SeriesRow,
    extra: { notice?: string | null; refused?: Refused } = {},
    status = 200,
  ) {
    const chairs = chairsOf(db, series.id).map((p) => ({ email: p.email, name: displayName(p) }));
    const refused = extra.refused;
    const streams = seriesView(db, series, true).workstreams.map((w) => {
      const row = findWorkstream(db, w.id);
      const convener = row?.convenerId ? findPerson(db, row.convenerId) : undefined;
      const supporting = row?.supportingChairId ? findPerson(db, row.supportingChairId) : undefined;
      const mine = refused?.form === w.id ? refused : undefined;
      return {
        id: w.id,
        title: w.title,
        convener: convener ? `${displayName(convener)} <${convener.email}>` : null,
        supporting: supporting ? displayName(supporting) : null,
        values: mine?.values ?? {
          email: convener?.email ?? '',
          name: convener?.name ?? '',
          supporting: supporting?.email ?? chairs[0]?.email ?? '',
        },
        error: mine?.message ?? null,
      };
    });
    return render(
      reply,
      page,
      'manage-workstreams',
      page.t('workstreams.title'),
      {
        series: { id: series.id, title: series.title },
        base: manageBase(series),
        streams,
        chairs,
        max: maxLengths(WorkstreamCreate),
        fresh: refused?.form === 'new' ? refused : { message: null, values: { title: '', description: '' } },
        notice: extra.notice ?? null,
      },
      status,
    );
  }

  app.get('/series/:id/manage/workstreams', async (request, reply) => {
    const { series } = seriesForChair(db, request);
    const page = pageFor(request, reply);
    return workstreamsPage(reply, page, series, { notice: noticeOf(request, page, notices) });
  });

  app.post('/series/:id/manage/workstreams', csrf, async (request, reply) => {
    const { person, series } = seriesForChair(db, request);
    const page = pageFor(request, reply);
    const body = formOf(request);
    const values = textFields(body, { title: [1000, 'label'], description: [10_000, 'multiline'] });
    const checked = checkCreate({ title: values.title, description: values.description || null });
    if (!checked.ok) {
      const tooLong = checked.problems.find((p) => p.keyword === 'maxLength');
      const message = tooLong?.limit
        ? page.t('interest.error.tooLong', { max: tooLong.limit })
        : page.t('settings.error.title');
      return workstreamsPage(reply, page, series, { refused: { form: 'new', message, values } }, 400);
    }
    createWorkstream(db, clock, person, { seriesId: series.id, ...checked.value });
    return seeOther(reply, `${manageBase(series)}/workstreams?notice=created`);
  });

  app.post('/series/:id/manage/workstreams/:workstreamId/convener', csrf, async (request, reply) => {
    const { person, series } = seriesForChair(db, request);
    const workstream = findWorkstream(db, (request.params as { workstreamId: string }).workstreamId);
    if (!workstream || workstream.seriesId !== series.id) throw new PageError(404, 'error.notFound');
    const page = pageFor(request, reply);
    const body = formOf(request);
    const values = textFields(body, { email: [254], name: [200], supporting: [254] });
    const refuse = (key: MessageKey, status: number) =>
      workstreamsPage(
        reply,
        page,
        series,
        { refused: { form: workstream.id, message: page.t(key, { email: values.supporting }), values } },
        status,
      );
    const checked = checkConvener({
      email: values.email,
      ...(values.name ? { name: values.name } : {}),
      supportingChair: { email: values.supporting },
    });
    if (!checked.ok) return refuse('chairs.error.email', 400);
    try {
      setConvener(db, clock, person, {
        workstreamId: workstream.id,
        email: checked.value.email,
        name: checked.value.name,
        supportingChairEmail: checked.value.supportingChair.email,
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.statusCode === 409) return refuse('workstreams.error.notChair', 409);
      if (error.statusCode === 400) return refuse('chairs.error.email', 400);
      throw error;
    }
    return seeOther(reply, `${manageBase(series)}/workstreams?notice=appointed`);
  });
}

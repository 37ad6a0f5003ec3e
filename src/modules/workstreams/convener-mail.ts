// The mail kinds that tell a person they convene a workstream, or no longer do:
//
//   convener_appointed  {workstreamId}  to the convener: the role, the supporting chair, the link
//                       to the workstream's page (members and meetings)
//   convener_replaced   {workstreamId}  to the convener until now: who takes over
//
// Sent when a convener is appointed (the one replaced is told too); not when the same person is
// appointed again. Importing this module registers the kinds.
import * as convener from '../../../emails/convener.js';
import { defineMailKind, payloadText, seriesAndReader, stillThere, Undeliverable } from '../../mail/render.js';
import { displayName, findPerson } from '../people/repository.js';
import { findWorkstream, membersOf } from './repository.js';

declare module '../../mail/render.js' {
  interface MailPayloads {
    convener_appointed: { workstreamId: string };
    convener_replaced: { workstreamId: string };
  }
}

defineMailKind('convener_appointed', {
  payload: (raw) => ({ workstreamId: payloadText(raw, 'workstreamId') }),
  render(row, payload, { db, config }) {
    const workstream = stillThere(findWorkstream(db, payload.workstreamId), 'the workstream');
    if (workstream.convenerId !== row.personId) throw new Undeliverable('not_concerned', 'they no longer convene it');
    const supporting = workstream.supportingChairId ? findPerson(db, workstream.supportingChairId) : undefined;
    const mail = convener.renderAppointed({
      ...seriesAndReader(db, row, workstream.seriesId, {}),
      workstream: { title: workstream.title, description: workstream.description },
      supportingChair: supporting ? displayName(supporting) : '',
      members: membersOf(db, workstream.id).length,
      url: `${config.publicUrl}/workstreams/${encodeURIComponent(workstream.id)}/manage`,
    });
    return { to: row.toEmail, ...mail };
  },
});

defineMailKind('convener_replaced', {
  payload: (raw) => ({ workstreamId: payloadText(raw, 'workstreamId') }),
  render(row, payload, { db }) {
    const workstream = stillThere(findWorkstream(db, payload.workstreamId), 'the workstream');
    // Appointed again before this went out: there is nothing to tell.
    if (workstream.convenerId === row.personId) throw new Undeliverable('changed', 'they convene it again');
    const successor = workstream.convenerId ? findPerson(db, workstream.convenerId) : undefined;
    const mail = convener.renderReplaced({
      ...seriesAndReader(db, row, workstream.seriesId, {}),
      workstream: { title: workstream.title },
      successor: successor ? displayName(successor) : '',
    });
    return { to: row.toEmail, ...mail };
  },
});

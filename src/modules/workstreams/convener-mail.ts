// The mail kind that tells a person they convene a workstream:
//
//   convener_appointed  {workstreamId}  to the convener: the role, the supporting chair, the link
//                       to the workstream's page (members and meetings)
//
// Sent when a convener is appointed (or replaced by another person); not when the same person is
// appointed again. Importing this module registers the kind.
import * as convener from '../../../emails/convener-appointed.js';
import { defineMailKind, payloadText, seriesAndReader, stillThere, Undeliverable } from '../../mail/render.js';
import { displayName, findPerson } from '../people/repository.js';
import { findWorkstream, membersOf } from './repository.js';

declare module '../../mail/render.js' {
  interface MailPayloads {
    convener_appointed: { workstreamId: string };
  }
}

defineMailKind('convener_appointed', {
  payload: (raw) => ({ workstreamId: payloadText(raw, 'workstreamId') }),
  render(row, payload, { db, config }) {
    const workstream = stillThere(findWorkstream(db, payload.workstreamId), 'the workstream');
    if (workstream.convenerId !== row.personId) throw new Undeliverable('not_concerned', 'they no longer convene it');
    const supporting = workstream.supportingChairId ? findPerson(db, workstream.supportingChairId) : undefined;
    const mail = convener.render({
      ...seriesAndReader(db, row, workstream.seriesId, {}),
      workstream: { title: workstream.title, description: workstream.description },
      supportingChair: supporting ? displayName(supporting) : '',
      members: membersOf(db, workstream.id).length,
      url: `${config.publicUrl}/workstreams/${encodeURIComponent(workstream.id)}/manage`,
    });
    return { to: row.toEmail, ...mail };
  },
});

// What a reply to the question to the group answers: the words above the quotation its mail
// client added, in the clients' four languages, and nothing of the quotation.
import t from 'tap';
import { ownWords } from '../../src/modules/attendance/answer-mail.js';

t.test('the words above the quotation are the answer', async (t) => {
  t.equal(
    ownWords(
      'On Monday we wrote the report to the ministry.\n\nOn Wed, 21 Apr 2027, Series <s@x.org> wrote:\n> The question',
    ),
    'On Monday we wrote the report to the ministry.',
    'a sentence starting "On …" is kept; only the quotation header cuts',
  );
  t.equal(
    ownWords('Oui, chez nous aussi.\n\nLe mer. 21 avr. 2027, Series <s@x.org> a écrit :\n> q'),
    'Oui, chez nous aussi.',
  );
  t.equal(ownWords('Sí.\nEl mié, 21 abr 2027, Series <s@x.org> escribió:\n> q'), 'Sí.');
  t.equal(ownWords('Sim.\nEm qua., 21/04/2027, Series <s@x.org> escreveu:\n> q'), 'Sim.');
  t.equal(ownWords('Yes.\n\n-----Original Message-----\nFrom: Series'), 'Yes.');
  t.equal(ownWords('> only a quotation\n> nothing else'), '', 'nothing of their own');
  t.equal(ownWords('Line one\n> quoted inline\nLine two'), 'Line one\nLine two');
});

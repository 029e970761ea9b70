import { randomUUID } from 'node:crypto';
import {
  ACTIONS,
  type ActionVerb,
  decodeAction,
  encodeAction,
  MAX_ACTION_BYTES,
  tryEncodeAction,
} from './action-codec';

const MAX_UUID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/** The longest value of each argument kind, search text aside. */
function longestArgs(verb: ActionVerb): Array<string | number> {
  return ACTIONS[verb].args.map((kind) =>
    kind === 'int'
      ? Number.MAX_SAFE_INTEGER
      : kind === 'word'
        ? 'x'.repeat(16)
        : kind === 'text'
          ? ''
          : MAX_UUID,
  );
}

describe('action codec', () => {
  it.each(Object.keys(ACTIONS) as ActionVerb[])(
    'keeps the longest %s action within 64 ASCII bytes and reads it back',
    (verb) => {
      const args = longestArgs(verb);
      const encoded = encodeAction(verb, ...args);
      expect(Buffer.byteLength(encoded)).toBeLessThanOrEqual(MAX_ACTION_BYTES);
      expect(encoded).toMatch(/^[\x21-\x7e]+$/);
      expect(decodeAction(encoded)).toEqual({ verb, args });
    },
  );

  it('packs a uuid into 22 characters and unpacks it exactly', () => {
    const id = randomUUID();
    const encoded = encodeAction('reminderSnooze', id, 'tm');
    expect(encoded).toHaveLength(2 + 1 + 22 + 1 + 2);
    expect(decodeAction(encoded)).toEqual({ verb: 'reminderSnooze', args: [id, 'tm'] });
  });

  it('carries an absent optional customer as null', () => {
    expect(decodeAction(encodeAction('ticketNew', null))).toEqual({ verb: 'ticketNew', args: [null] });
  });

  it('carries a short Cyrillic search and refuses one that would not fit', () => {
    const encoded = encodeAction('find', 2, 'Ромашка');
    expect(decodeAction(encoded)).toEqual({ verb: 'find', args: [2, 'Ромашка'] });
    expect(tryEncodeAction('find', 1, 'Общество с ограниченной ответственностью')).toBeNull();
    expect(() => encodeAction('find', 1, 'Общество с ограниченной ответственностью')).toThrow(/64 bytes/);
  });

  it.each([
    ['an unknown verb', 'zz:1'],
    ['a missing argument', 'rd'],
    ['an extra argument', 'h:1'],
    ['a broken uuid', 'c:not-a-uuid'],
    ['a word with a space', 'sl:e n'],
    ['more than 64 bytes', `f:1:${'A'.repeat(80)}`],
  ])('refuses %s', (_, data) => {
    expect(decodeAction(data)).toBeNull();
  });

  it('refuses wrong arguments when encoding', () => {
    expect(() => encodeAction('card', 'nope')).toThrow(/uuid/);
    expect(() => encodeAction('orders', MAX_UUID, -1)).toThrow(/whole number/);
  });
});

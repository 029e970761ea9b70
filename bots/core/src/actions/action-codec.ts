/**
 * Button actions as short ASCII strings (≤ 64 bytes: Telegram's callback_data limit): a verb code and its
 * arguments, uuids packed to 22 base64url characters. Only ids travel; the handler re-reads state and
 * re-checks permissions on every press.
 */

/** The longest action any platform takes (Telegram callback_data, in bytes). */
export const MAX_ACTION_BYTES = 64;

type ArgKind = 'uuid' | 'uuid?' | 'int' | 'word' | 'text';

/** Each verb, its wire code and its arguments. */
export const ACTIONS = {
  help: { code: 'h', args: [] },
  card: { code: 'c', args: ['uuid'] },
  orders: { code: 'o', args: ['uuid', 'int'] },
  timeline: { code: 'l', args: ['uuid', 'int'] },
  find: { code: 'f', args: ['int', 'text'] },
  note: { code: 'n', args: ['uuid'] },
  ticketNew: { code: 'tn', args: ['uuid?'] },
  ticket: { code: 't', args: ['int'] },
  ticketsMine: { code: 'tm', args: ['int'] },
  ticketsOfCustomer: { code: 'tk', args: ['uuid', 'int'] },
  ticketTake: { code: 'ta', args: ['int'] },
  ticketComment: { code: 'tx', args: ['int'] },
  ticketStatus: { code: 'ts', args: ['int', 'word'] },
  ticketReopen: { code: 'tr', args: ['int'] },
  reminderNew: { code: 'rn', args: ['uuid?'] },
  remindersMine: { code: 'rm', args: ['int'] },
  reminderDone: { code: 'rd', args: ['uuid'] },
  reminderSnooze: { code: 'rz', args: ['uuid', 'word'] },
  reminderCancel: { code: 'rx', args: ['uuid'] },
  settings: { code: 's', args: [] },
  settingsLanguage: { code: 'sl', args: ['word'] },
  settingsNotify: { code: 'sn', args: ['word'] },
} as const satisfies Record<string, { code: string; args: readonly ArgKind[] }>;

export type ActionVerb = keyof typeof ACTIONS;
export type ActionArg = string | number | null;

/** A decoded action: the verb and its arguments (uuids unpacked, ints as numbers, absent optionals null). */
export interface ChatAction {
  verb: ActionVerb;
  args: ActionArg[];
}

const byCode = new Map<string, ActionVerb>(
  Object.entries(ACTIONS).map(([verb, spec]) => [spec.code, verb as ActionVerb]),
);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WORD = /^[a-z0-9_-]{1,16}$/i;
const PACKED_UUID = /^[A-Za-z0-9_-]{22}$/;

function packUuid(uuid: string): string {
  return Buffer.from(uuid.replaceAll('-', ''), 'hex').toString('base64url');
}

function unpackUuid(packed: string): string {
  const hex = Buffer.from(packed, 'base64url').toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function encodeArg(kind: ArgKind, value: ActionArg): string {
  if (kind === 'uuid?' && value === null) return '';
  if (kind === 'uuid' || kind === 'uuid?') {
    if (typeof value !== 'string' || !UUID.test(value))
      throw new Error(`action argument is no uuid: ${value}`);
    return packUuid(value);
  }
  if (kind === 'int') {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new Error(`action argument is no whole number: ${value}`);
    }
    return value.toString(36);
  }
  if (kind === 'word') {
    if (typeof value !== 'string' || !WORD.test(value))
      throw new Error(`action argument is no word: ${value}`);
    return value;
  }
  if (typeof value !== 'string') throw new Error('action argument is no text');
  return Buffer.from(value, 'utf8').toString('base64url');
}

function decodeArg(kind: ArgKind, text: string): ActionArg | undefined {
  if (kind === 'uuid?' && text === '') return null;
  if (kind === 'uuid' || kind === 'uuid?') return PACKED_UUID.test(text) ? unpackUuid(text) : undefined;
  if (kind === 'int')
    return /^[0-9a-z]{1,11}$/.test(text) && Number.isSafeInteger(Number.parseInt(text, 36))
      ? Number.parseInt(text, 36)
      : undefined;
  if (kind === 'word') return WORD.test(text) ? text : undefined;
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  return Buffer.from(text, 'base64url').toString('utf8');
}

/** The action string, or null when it would not fit in 64 bytes (a long search text). */
export function tryEncodeAction(verb: ActionVerb, ...args: ActionArg[]): string | null {
  const spec = ACTIONS[verb];
  if (args.length !== spec.args.length) {
    throw new Error(`${verb} takes ${spec.args.length} arguments, not ${args.length}`);
  }
  const encoded = [spec.code, ...spec.args.map((kind, i) => encodeArg(kind, args[i] ?? null))].join(':');
  return Buffer.byteLength(encoded) <= MAX_ACTION_BYTES ? encoded : null;
}

/** The action string of a button; throws when the arguments do not fit (a bug: only `text` can grow). */
export function encodeAction(verb: ActionVerb, ...args: ActionArg[]): string {
  const encoded = tryEncodeAction(verb, ...args);
  if (encoded === null) throw new Error(`the ${verb} action does not fit in ${MAX_ACTION_BYTES} bytes`);
  return encoded;
}

/** The action a button carried, or null for anything the core did not produce (forged, old, truncated). */
export function decodeAction(data: string): ChatAction | null {
  if (typeof data !== 'string' || Buffer.byteLength(data) > MAX_ACTION_BYTES) return null;
  const [code, ...parts] = data.split(':');
  const verb = byCode.get(code ?? '');
  if (verb === undefined) return null;
  const kinds: readonly ArgKind[] = ACTIONS[verb].args;
  if (parts.length !== kinds.length) return null;
  const args: ActionArg[] = [];
  for (const [i, kind] of kinds.entries()) {
    const value = decodeArg(kind, parts[i]!);
    if (value === undefined) return null;
    args.push(value);
  }
  return { verb, args };
}

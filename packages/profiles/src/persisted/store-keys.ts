import type { LinkKey, LinkKeyKind } from '../keys/link-key';

/** The `profile_keys.kind` a linking key is stored under. */
export type StoredKeyKind = 'email' | 'phone' | 'tax_id' | 'xref';

/** A key as profile_keys holds it: tax ids prefixed by their scheme (`inn:7707083893`, `vat:DE…`). */
export interface StoredKey {
  kind: StoredKeyKind;
  value: string;
}

export function toStoredKey(key: LinkKey): StoredKey {
  switch (key.kind) {
    case 'email':
    case 'phone':
      return { kind: key.kind, value: key.value };
    case 'erp_ref':
      return { kind: 'xref', value: key.value };
    default:
      return { kind: 'tax_id', value: `${key.kind}:${key.value}` };
  }
}

export function fromStoredKey(key: StoredKey): LinkKey {
  switch (key.kind) {
    case 'email':
    case 'phone':
      return { kind: key.kind, value: key.value };
    case 'xref':
      return { kind: 'erp_ref', value: key.value };
    default: {
      const colon = key.value.indexOf(':');
      return { kind: key.value.slice(0, colon) as LinkKeyKind, value: key.value.slice(colon + 1) };
    }
  }
}

/** The id resolve() gives a key in `knownTooCommon`. */
export function keyId(key: LinkKey): string {
  return `${key.kind}:${key.value}`;
}

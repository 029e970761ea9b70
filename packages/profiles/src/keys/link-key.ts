/** The kinds of strong key that may join two records into one profile. */
export type LinkKeyKind = 'email' | 'phone' | 'inn' | 'ogrn' | 'vat' | 'erp_ref';

/** A normalised strong key of a record: records holding an equal key are candidates for one profile. */
export interface LinkKey {
  kind: LinkKeyKind;
  /** Normalised: lower-case e-mail, E.164 phone, bare INN/OGRN digits, prefixed VAT, `source/externalId`. */
  value: string;
}

/** Why a written value is not a linking key. Stable strings: `explain` and reports show them. */
export type ValueRefusalReason =
  | 'malformed'
  | 'role_address'
  | 'placeholder'
  | 'ignored_address'
  | 'ignored_domain'
  | 'invalid_phone'
  | 'blocked_phone'
  | 'checksum'
  | 'unknown_country'
  | 'not_a_linking_kind'
  | 'not_matched_on';

/** A written value that does not link, with its reason. */
export interface RefusedValue {
  /** The key kind it would have been, or the tax id kind it was written as (`ru_kpp`, `other`). */
  kind: LinkKeyKind | 'kpp' | 'other_tax_id';
  /** As the ERP wrote it. */
  raw: string;
  reason: ValueRefusalReason;
}

/** The outcome of normalising one written value. */
export type Normalised = { ok: true; value: string } | { ok: false; reason: ValueRefusalReason };

export const accepted = (value: string): Normalised => ({ ok: true, value });
export const refused = (reason: ValueRefusalReason): Normalised => ({ ok: false, reason });

/** True when every character of the text is the same (0000000000, 9999999): a placeholder, never a key. */
export function isRepeatedDigit(digits: string): boolean {
  return /^(\d)\1*$/.test(digits);
}

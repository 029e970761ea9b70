import type { Config, IdentityKey } from '@crm-bridge/core';
import { type EmailPolicy, emailPolicy } from './email-key';
import type { LinkKeyKind } from './link-key';
import { type PhonePolicy, phonePolicy } from './phone-key';

/** What decides which written values become linking keys. */
export interface KeyOptions {
  /** Region for phones written without a country code, e.g. RU. */
  defaultRegion: string;
  /** @defaultValue every key: email, phone, tax_id, erp_reference */
  matchOn?: readonly IdentityKey[];
  /** Address patterns that never link, `*` matching any text: `info@*`, `*@example.com`. */
  ignoreEmails?: readonly string[];
  /** Domains whose addresses never link. */
  ignoreDomains?: readonly string[];
  /** Known shared numbers, in any format of the default region. */
  blockedPhones?: readonly string[];
}

/** KeyOptions compiled once (patterns, blocklist) for a whole resolution run. */
export interface KeyPolicy {
  email: EmailPolicy;
  phone: PhonePolicy;
  /** The linking key kinds in use; tax ids are still checked for conflicts when not matched on. */
  matchOn: ReadonlySet<LinkKeyKind>;
}

const KINDS_OF: Record<IdentityKey, readonly LinkKeyKind[]> = {
  email: ['email'],
  phone: ['phone'],
  tax_id: ['inn', 'ogrn', 'vat'],
  erp_reference: ['erp_ref'],
};

/** Compiles key options; throws RangeError on an unknown region or an invalid blocked number. */
export function keyPolicy(options: KeyOptions): KeyPolicy {
  const matchOn = options.matchOn ?? ['email', 'phone', 'tax_id', 'erp_reference'];
  return {
    email: emailPolicy(options),
    phone: phonePolicy(options),
    matchOn: new Set(matchOn.flatMap((key) => KINDS_OF[key])),
  };
}

/** The key options a loaded config gives (the config has no phone blocklist yet: pass it in). */
export function keyOptionsFromConfig(
  config: Pick<Config, 'phone' | 'identity'>,
  blockedPhones: readonly string[] = [],
): KeyOptions {
  const { matchOn, ignoreEmails, ignoreDomains } = config.identity;
  return { defaultRegion: config.phone.defaultRegion, matchOn, ignoreEmails, ignoreDomains, blockedPhones };
}

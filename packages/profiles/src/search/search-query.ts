import { ConfigError, CrmError } from '@crm-bridge/core';
import type { CountryCode } from 'libphonenumber-js';
import { canonicalEmail } from '../keys/email-key';
import { normaliseInn } from '../keys/inn-key';
import { normaliseOgrn } from '../keys/ogrn-key';
import { phoneRegion, toE164 } from '../keys/phone-key';
import { normaliseVat } from '../keys/vat-key';
import type { SearchMatch } from './search-types';

/** One exact lookup a query turns into: a key value of profile_keys, an order number or an ERP id. */
export interface KeyProbe {
  match: Exclude<SearchMatch, 'name'>;
  /** As stored: `anna@example.com`, `+79123456789`, `inn:7707083893`, `SO0042`. */
  value: string;
}

/** What a typed query is searched as. */
export interface SearchQuery {
  /** The query, trimmed. */
  text: string;
  probes: KeyProbe[];
  /** Whether the query is also searched as a name. */
  byName: boolean;
}

// Digits with what people put between them in a phone or a tax id: "8 (912) 345-67-89", "+7 912 3456789".
const DIGITS_AND_PUNCTUATION = /^[\d\s()+\-./]+$/;

/** The region phones are read in, or a ConfigError naming the bad value. */
export function searchRegion(defaultRegion: string): CountryCode {
  const region = phoneRegion(defaultRegion);
  if (region === null) {
    throw new ConfigError(
      `Unknown phone region "${defaultRegion}": use a two-letter country code such as RU`,
      {
        code: 'profiles.search_region',
      },
    );
  }
  return region;
}

function taxProbes(text: string): KeyProbe[] {
  const probes: KeyProbe[] = [];
  const inn = normaliseInn(text);
  if (inn.ok) probes.push({ match: 'tax_id', value: `inn:${inn.value}` });
  const ogrn = normaliseOgrn(text);
  if (ogrn.ok) probes.push({ match: 'tax_id', value: `ogrn:${ogrn.value}` });
  return probes;
}

/**
 * Reads a query: an e-mail when it holds '@'; digits and phone punctuation as a phone, an INN or OGRN,
 * an order number and an ERP id at once; anything else as an order number and an ERP id (when it is one
 * token), a VAT number (or a tax id after "ИНН") and a name.
 */
export function parseSearchQuery(query: string, region: CountryCode): SearchQuery {
  const text = query.trim();
  if (text === '') {
    throw new CrmError(
      'profiles.search_query_empty',
      'The search query is empty: type a name, e-mail, phone, INN, order number or ERP id',
      'none',
    );
  }
  if (text.includes('@')) {
    // The shape only, not the key policy: a role address (info@) is still worth finding.
    return {
      text,
      probes: [{ match: 'email', value: canonicalEmail(text) ?? text.toLowerCase() }],
      byName: false,
    };
  }
  // Order numbers and ERP ids are one token ("SO0042", "SAL-ORD-2024-00012"); a name of several words
  // then costs no lookup beside the name search.
  const references: KeyProbe[] = /\s/.test(text)
    ? []
    : [
        { match: 'external_id', value: text },
        { match: 'order_number', value: text },
      ];
  if (DIGITS_AND_PUNCTUATION.test(text) && /\d/.test(text)) {
    const phone = toE164(text, region);
    return {
      text,
      probes: [
        ...(phone === null ? [] : [{ match: 'phone' as const, value: phone }]),
        ...taxProbes(text),
        ...references,
      ],
      byName: false,
    };
  }
  const vat = normaliseVat(text, null);
  return {
    text,
    probes: [
      ...taxProbes(text),
      ...(vat.ok ? [{ match: 'tax_id' as const, value: `vat:${vat.value}` }] : []),
      ...references,
    ],
    byName: true,
  };
}

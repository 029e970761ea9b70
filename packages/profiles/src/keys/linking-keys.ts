import type { Customer, TaxId } from '@crm-bridge/core';
import { normaliseEmail } from './email-key';
import { normaliseInn, normaliseKpp, taxDigits } from './inn-key';
import type { KeyPolicy } from './key-policy';
import type { LinkKey, LinkKeyKind, Normalised, RefusedValue } from './link-key';
import { normaliseOgrn } from './ogrn-key';
import { normalisePhone, phoneRegion } from './phone-key';
import { normaliseVat } from './vat-key';

/** A cross-reference an ERP gives: "this customer is that record in the other ERP". */
export interface ErpReference {
  sourceId: string;
  externalId: string;
}

/** A valid tax id in its conflict class: two organisations with different values in one class are two. */
export interface TaxIdentity {
  /** `inn`, `ogrn` or `vat:<prefix>` (a company may hold one VAT number per country). */
  class: string;
  value: string;
}

/** What a record's neighbours tell about it. */
export interface KeyContext {
  /** Cross-references the ERP gives to records of other sources. */
  references?: readonly ErpReference[];
  /** The country to read national phones and bare VATs in when the record has none (a person's company's). */
  country?: string | null;
}

/** Everything the resolver needs to know about one record's written identifiers. */
export interface KeyAnalysis {
  /** Linking keys, deduplicated, sorted by kind then value. */
  keys: LinkKey[];
  refused: RefusedValue[];
  /** Valid tax ids, whether or not tax ids are matched on: the guards use them either way. */
  taxIdentities: TaxIdentity[];
  /** Valid KPPs: shown, never linked on. */
  kpps: string[];
}

/** The `erp_ref` key value of a record: its source and its id there. */
export function erpRefValue(ref: ErpReference): string {
  return `${ref.sourceId}/${ref.externalId}`;
}

/** The record's own country (address, then tax id): the region its national phones and bare VATs are in. */
export function recordCountry(customer: Customer): string | null {
  return (
    customer.addresses.find((a) => a.country)?.country ??
    customer.taxIds.find((t) => t.country)?.country ??
    null
  );
}

type TaxOutcome = { kind: LinkKeyKind | 'kpp' | 'other_tax_id'; result: Normalised };

function readTaxId(taxId: TaxId, country: string | null): TaxOutcome {
  const where = taxId.country ?? country;
  switch (taxId.kind) {
    case 'ru_inn':
      return { kind: 'inn', result: normaliseInn(taxId.value) };
    case 'ru_kpp':
      return { kind: 'kpp', result: normaliseKpp(taxId.value) };
    case 'ru_ogrn':
    case 'ru_ogrnip':
      return { kind: 'ogrn', result: normaliseOgrn(taxId.value) };
    case 'eu_vat':
      return { kind: 'vat', result: normaliseVat(taxId.value, where) };
    case 'vat':
      // Some ERPs keep a Russian INN in their generic VAT field.
      if (where === 'RU' && /^(\d{10}|\d{12})$/.test(taxDigits(taxId.value))) {
        return { kind: 'inn', result: normaliseInn(taxId.value) };
      }
      return { kind: 'vat', result: normaliseVat(taxId.value, where) };
    case 'other':
      return { kind: 'other_tax_id', result: { ok: false, reason: 'not_a_linking_kind' } };
  }
}

function identityClass(kind: LinkKeyKind, value: string): string {
  return kind === 'vat' ? `vat:${value.slice(0, 2)}` : kind;
}

/** Normalises every identifier of a record into linking keys, refusals with reasons, and tax identities. */
export function analyseKeys(customer: Customer, policy: KeyPolicy, context: KeyContext = {}): KeyAnalysis {
  const keys = new Map<string, LinkKey>();
  const refused: RefusedValue[] = [];
  const taxIdentities = new Map<string, TaxIdentity>();
  const kpps = new Set<string>();
  const country = recordCountry(customer) ?? context.country ?? null;
  const take = (kind: LinkKey['kind'], raw: string, result: Normalised): void => {
    if (!result.ok) refused.push({ kind, raw, reason: result.reason });
    else if (!policy.matchOn.has(kind)) refused.push({ kind, raw, reason: 'not_matched_on' });
    else keys.set(`${kind}\u0000${result.value}`, { kind, value: result.value });
  };

  for (const raw of customer.emails) take('email', raw, normaliseEmail(raw, policy.email));
  const region = phoneRegion(country);
  for (const raw of customer.phones) take('phone', raw, normalisePhone(raw, policy.phone, region));
  for (const taxId of customer.taxIds) {
    const { kind, result } = readTaxId(taxId, country);
    if (kind === 'kpp' || kind === 'other_tax_id') {
      if (result.ok) kpps.add(result.value);
      else refused.push({ kind, raw: taxId.value, reason: result.reason });
      continue;
    }
    if (result.ok) {
      const cls = identityClass(kind, result.value);
      taxIdentities.set(`${cls}\u0000${result.value}`, { class: cls, value: result.value });
    }
    take(kind, taxId.value, result);
  }
  // A record's own reference is only a key for others to point at; it is no news when unused.
  const own = policy.matchOn.has('erp_ref')
    ? [{ sourceId: customer.sourceId, externalId: customer.externalId }]
    : [];
  for (const ref of [...own, ...(context.references ?? [])]) {
    const value = erpRefValue(ref);
    take('erp_ref', value, { ok: true, value });
  }
  const byKey = <T>(map: Map<string, T>): T[] => [...map.keys()].sort().map((k) => map.get(k)!);
  return { keys: byKey(keys), refused, taxIdentities: byKey(taxIdentities), kpps: [...kpps].sort() };
}

/** The strong keys of a record: what may join it to other records. */
export function linkingKeys(customer: Customer, policy: KeyPolicy, context?: KeyContext): LinkKey[] {
  return analyseKeys(customer, policy, context).keys;
}

/** The written values that do not link, each with its reason (for `explain` and the demo's traps report). */
export function refusedKeys(customer: Customer, policy: KeyPolicy, context?: KeyContext): RefusedValue[] {
  return analyseKeys(customer, policy, context).refused;
}

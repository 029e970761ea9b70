import { Customer, type TaxId } from '@crm-bridge/core';
import type { ErpKind, World } from '@crm-bridge/sync/testing';
import type { ResolvableRecord } from './resolution-types';

/** A record with the truth behind it: which real company or person it is, and the keys that truly identify it. */
export interface TruthRecord extends ResolvableRecord {
  /** `c<index>` for a company, `p<index>.<person>` for a person. */
  truth: string;
  /** Identifying keys by the world's truth (not by the normaliser under test): real INN/VAT/phone/personal e-mail. */
  truthKeys: string[];
}

/** Where the world's traps are (company indexes per trap), plus the persons planted at two companies. */
export interface Traps {
  byTrap: Record<string, number[]>;
  personAtTwoCompanies: { person: string; from: number; alsoAt: number }[];
}

const orgId = (erp: ErpKind, i: number): string => `${erp}-${i}`;
const personId = (erp: ErpKind, i: number, p: number): string => `${erp}-${i}-p${p}`;
const digits = (text: string): string => text.replace(/\D/g, '');
const ROLE = /^(info|sales|office|zakaz|mail|kontakt|einkauf)@/;

/**
 * Maps every company and person the three sandboxes would hold into canonical Customers (no servers),
 * then plants over-merge traps on a fixed, un-cherry-picked selection of Russian companies.
 */
export function worldRecords(world: World): { records: TruthRecord[]; traps: Traps } {
  const ru = Array.from({ length: world.size }, (_, i) => i).filter((i) => world.company(i).country === 'RU');
  const traps: Traps = { byTrap: {}, personAtTwoCompanies: [] };
  for (let i = 0; i < world.size; i++) {
    const trap = world.company(i).trap;
    if (trap) traps.byTrap[trap] = [...(traps.byTrap[trap] ?? []), i];
  }
  const records: TruthRecord[] = [];
  for (let i = 0; i < world.size; i++) {
    const company = world.company(i);
    world.knownBy(i).forEach((erp) => {
      const w = world.written(erp, i);
      const { inn } = w;
      const phoneTrap = company.trap === 'office_phone' || company.trap === 'call_centre';
      const taxIds: TaxId[] = [];
      if (inn) taxIds.push({ kind: 'ru_inn', value: inn, country: 'RU' });
      if (w.kpp) taxIds.push({ kind: 'ru_kpp', value: w.kpp, country: 'RU' });
      if (w.vat) taxIds.push({ kind: 'eu_vat', value: w.vat, country: company.country });
      const truthKeys = [
        ...(inn && digits(inn) === company.inn ? [`inn:${company.inn}`] : []),
        ...(w.vat ? [`vat:${company.vat}`] : []),
        ...(phoneTrap ? [] : [`phone:${company.phone}`]),
        ...(ROLE.test(company.email) || company.trap === 'accountant_email'
          ? []
          : [`email:${company.email}`]),
      ];
      records.push(
        truthRecord(`c${i}`, truthKeys, {
          sourceId: erp,
          externalId: orgId(erp, i),
          kind: 'organization',
          displayName: w.name,
          emails: [w.email],
          phones: [w.phone],
          taxIds,
          addresses: [{ kind: 'legal', city: company.address.city, country: company.country }],
        }),
      );
      company.people.forEach((person, p) => {
        const wp = world.writtenPerson(erp, i, p);
        records.push(
          truthRecord(`p${i}.${p}`, [`email:${person.email}`, `phone:${person.phone}`], {
            sourceId: erp,
            externalId: personId(erp, i, p),
            kind: 'person',
            displayName: wp.name,
            emails: [wp.email],
            phones: [wp.phone],
            organizationExternalId: orgId(erp, i),
          }),
        );
      });
    });
  }
  plantPersonsAtTwoCompanies(world, ru, records, traps);
  return { records, traps };
}

function truthRecord(
  truth: string,
  truthKeys: string[],
  input: Parameters<typeof Customer.parse>[0],
): TruthRecord {
  const customer = Customer.parse(input);
  return { key: `${customer.sourceId}/${customer.externalId}`, customer, truth, truthKeys };
}

/** Ten people who also work for a second company, written down there by another ERP. */
function plantPersonsAtTwoCompanies(world: World, ru: number[], records: TruthRecord[], traps: Traps): void {
  for (let k = 0; traps.personAtTwoCompanies.length < 10 && k < ru.length - 1; k += 17) {
    const from = ru[k]!;
    const alsoAt = ru[k + 1]!;
    const fromErp = world.knownBy(from)[0]!;
    const atErp = world.knownBy(alsoAt).at(-1)!;
    if (world.company(from).people.length === 0 || fromErp === atErp) continue;
    const person = world.company(from).people[0]!;
    const wp = world.writtenPerson(fromErp, from, 0);
    const externalId = `${atErp}-${alsoAt}-guest${k}`;
    records.push(
      truthRecord(`p${from}.0`, [`email:${person.email}`, `phone:${person.phone}`], {
        sourceId: atErp,
        externalId,
        kind: 'person',
        displayName: `${wp.lastName} ${wp.firstName}`,
        emails: [wp.email.toUpperCase()],
        phones: [wp.phone],
        organizationExternalId: orgId(atErp, alsoAt),
      }),
    );
    traps.personAtTwoCompanies.push({ person: `${atErp}/${externalId}`, from, alsoAt });
  }
}

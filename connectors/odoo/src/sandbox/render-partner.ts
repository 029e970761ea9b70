import type { DatasetRow } from '@crm-bridge/sync/testing';
import type { OdooRecord } from '../odoo-values';
import { COUNTRIES, type RenderContext, timestamps } from './render-context';

const LANGS: Record<string, string> = { RU: 'ru_RU', DE: 'de_DE', AT: 'de_DE', NL: 'nl_NL' };

/** A company's customer_rank without counting its orders: ≥ 1, so every world company is a customer. */
export function customerRank(company: number): number {
  return 1 + (company % 4);
}

/**
 * A res.partner row: item -1 is the company, others its contact persons. Persons carry their company's
 * address and `vat` (Odoo syncs commercial fields down to contacts). A malformed row has `name: false`.
 */
export function renderPartner(ctx: RenderContext, row: DatasetRow): OdooRecord {
  const { world } = ctx;
  const { company: index, item } = row.key;
  const company = world.company(index);
  const written = ctx.written(index);
  const companyId = ctx.companyRowId(index);
  const isCompany = item < 0;
  const person = isCompany ? null : world.writtenPerson('odoo', index, item);
  const country = COUNTRIES[company.country] ?? false;
  const malformed = ctx.faults.isMalformed('res.partner', row.id);
  const name = malformed ? false : isCompany ? written.name : person!.name;
  const parent: [number, string] | false =
    isCompany || companyId === null ? false : [companyId, written.name];
  const display = name === false ? false : parent === false ? name : `${parent[1]}, ${name}`;
  const commercial: [number, string] | false =
    parent === false ? (display === false ? false : [row.id, display]) : parent;
  const vat =
    company.country === 'RU'
      ? written.inn === null
        ? false
        : written.kpp !== null && index % 2 === 0
          ? `${written.inn}/${written.kpp}`
          : written.inn
      : (written.vat ?? false);
  const phone = isCompany ? written.phone : person!.phone;
  return {
    id: row.id,
    name,
    display_name: display,
    complete_name: display,
    is_company: isCompany,
    company_type: isCompany ? 'company' : 'person',
    parent_id: parent,
    commercial_partner_id: commercial,
    type: 'contact',
    function: isCompany ? false : person!.jobTitle,
    email: isCompany ? written.email : person!.email,
    // Up to 18 a person's number goes to `mobile`; 19 has only `phone`.
    phone: isCompany || ctx.version >= 19 ? phone : false,
    ...(ctx.version <= 18 ? { mobile: isCompany ? false : phone } : {}),
    vat,
    company_registry: company.country === 'RU' ? (company.ogrn ?? false) : false,
    ref: isCompany ? `C-${String(index).padStart(6, '0')}` : false,
    street: company.address.line1,
    // An edit moves the office: visible in the mapped address, so edits reach the store.
    street2: row.version > 0 ? `Office ${row.version}` : false,
    zip: company.address.postalCode,
    city: company.address.city,
    state_id: false,
    country_id: country,
    country_code: country === false ? false : company.country,
    lang: LANGS[company.country] ?? 'en_US',
    active: !row.archived,
    customer_rank: isCompany ? customerRank(index) : 0,
    supplier_rank: 0,
    ...timestamps(row),
  };
}

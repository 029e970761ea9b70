/**
 * Customer, Address and Contact documents as ERPNext stores them, rendered on demand from a Dataset row
 * and the world: naming series names, Check fields as 0/1, Link fields by name, child tables (Dynamic Link,
 * Contact Email, Contact Phone) with parent/parenttype/parentfield/idx, empty fields null.
 */
import { type DatasetRow, type Faults, hash32, saltOf } from '@crm-bridge/sync/testing';
import type { ErpNextData } from './erpnext-data';
import type { SiteClock } from './site-clock';

export type Doc = Record<string, unknown>;

/** A rendered document: its parent columns and its child tables by field name. */
export interface Rendered {
  doc: Doc;
  children: Record<string, Doc[]>;
}

export interface RenderContext {
  data: ErpNextData;
  clock: SiteClock;
  faults: Faults;
}

/** ERPNext's Country records are English names. */
const COUNTRY_NAMES: Record<string, string> = {
  RU: 'Russia',
  DE: 'Germany',
  AT: 'Austria',
  NL: 'Netherlands',
};
const GROUPS = ['Commercial', 'Retail', 'Wholesale'];
/** What a bad import leaves in a datetime column. */
export const GARBAGE_DATETIME = '0000-00-00 00:00:00';

const CHILD_SALT = saltOf('erpnext:child');

/** Child rows are named by a random hash in Frappe; here a stable one. */
export function childName(parent: string, idx: number): string {
  return (
    (hash32(saltOf(parent), idx, CHILD_SALT) >>> 0).toString(16).padStart(8, '0').slice(0, 8) +
    idx.toString(36)
  );
}

export function standard(ctx: RenderContext, name: string, row: DatasetRow, docstatus = 0): Doc {
  return {
    name,
    owner: 'Administrator',
    creation: ctx.clock.datetime(row.createdMs),
    modified: ctx.clock.datetime(row.modifiedMs),
    modified_by: 'Administrator',
    docstatus,
    idx: 0,
  };
}

export function countryName(code: string): string {
  return COUNTRY_NAMES[code] ?? code;
}

/** `CUST-2025-00017`: the naming series `CUST-.YYYY.-` with the site-local year of creation. */
export function customerName(ctx: RenderContext, row: DatasetRow): string {
  return `CUST-${ctx.clock.date(row.createdMs).slice(0, 4)}-${String(row.id).padStart(5, '0')}`;
}

function link(parent: string, parenttype: string, customer: string, title: string): Doc {
  return {
    name: childName(parent, 1),
    parent,
    parenttype,
    parentfield: 'links',
    idx: 1,
    docstatus: 0,
    link_doctype: 'Customer',
    link_name: customer,
    link_title: title,
  };
}

export function renderCustomer(ctx: RenderContext, row: DatasetRow): Rendered {
  const { world } = ctx.data;
  const company = world.company(row.key.company);
  const written = world.written('erpnext', row.key.company);
  const name = customerName(ctx, row);
  const addressId = ctx.data.addressIdOf(row.key.company);
  const address = addressId === null ? null : ctx.data.addresses.get(addressId);
  const firstContact = ctx.data
    .contactIdsOf(row.key.company)
    .map((id) => ctx.data.contacts.get(id))
    .find((r) => r);
  const doc: Doc = {
    ...standard(ctx, name, row),
    naming_series: 'CUST-.YYYY.-',
    customer_name: written.name,
    customer_type: company.legalForm === 'ИП' ? 'Individual' : 'Company',
    customer_group: GROUPS[(row.key.company + row.version) % GROUPS.length],
    territory: countryName(company.country),
    tax_id: company.country === 'RU' ? written.inn : written.vat,
    default_currency: company.currency,
    email_id: written.email,
    mobile_no: written.phone,
    customer_primary_contact: firstContact ? contactName(ctx, firstContact) : null,
    customer_primary_address: address ? `${name}-Billing` : null,
    primary_address: address
      ? `${company.address.line1}<br>${company.address.postalCode} ${company.address.city}<br>${countryName(company.country)}<br>`
      : null,
    website: null,
    language: company.country === 'RU' ? 'ru' : 'de',
    disabled: row.archived ? 1 : 0,
    is_frozen: 0,
    is_internal_customer: 0,
  };
  if (ctx.faults.isMalformed('Customer', row.id)) {
    if (row.id % 2 === 0) doc.customer_name = null;
    else doc.modified = GARBAGE_DATETIME;
  }
  return { doc, children: {} };
}

export function renderAddress(ctx: RenderContext, row: DatasetRow): Rendered | null {
  const { world } = ctx.data;
  const customerId = ctx.data.customerIdOf(row.key.company);
  const customer = customerId === null ? null : ctx.data.customers.get(customerId);
  if (!customer) return null;
  const company = world.company(row.key.company);
  const written = world.written('erpnext', row.key.company);
  const owner = customerName(ctx, customer);
  const name = `${owner}-Billing`;
  const doc: Doc = {
    ...standard(ctx, name, row),
    address_title: owner,
    address_type: 'Billing',
    address_line1: company.address.line1,
    address_line2: row.version > 0 ? `${company.country === 'RU' ? 'офис' : 'Büro'} ${row.version}` : null,
    city: company.address.city,
    state: null,
    pincode: company.address.postalCode,
    country: countryName(company.address.country),
    email_id: null,
    phone: written.phone,
    is_primary_address: 1,
    is_shipping_address: 0,
    disabled: 0,
  };
  return { doc, children: { links: [link(name, 'Address', owner, written.name)] } };
}

/** The name a clerk typed, split the way the form's first/last fields got it. */
function typedName(
  ctx: RenderContext,
  company: number,
  person: number,
): { full: string; first: string; last: string } {
  const full = ctx.data.world.writtenPerson('erpnext', company, person).name.trim();
  const space = full.indexOf(' ');
  return space === -1
    ? { full, first: full, last: '' }
    : { full, first: full.slice(0, space), last: full.slice(space + 1) };
}

/** `Иван Петров-CUST-2025-00017`, `-1` appended to a repeated name (Frappe's autoname for Contact). */
export function contactName(ctx: RenderContext, row: DatasetRow): string {
  const customerId = ctx.data.customerIdOf(row.key.company);
  const customer = customerId === null ? null : ctx.data.customers.get(customerId);
  const owner = customer ? customerName(ctx, customer) : `CUST-${row.key.company}`;
  const full = typedName(ctx, row.key.company, row.key.item).full;
  let repeats = 0;
  for (let other = 0; other < row.key.item; other++) {
    if (typedName(ctx, row.key.company, other).full === full) repeats += 1;
  }
  return repeats === 0 ? `${full}-${owner}` : `${full}-${owner}-${repeats}`;
}

export function renderContact(ctx: RenderContext, row: DatasetRow): Rendered {
  const { world } = ctx.data;
  const { company, item: person } = row.key;
  const written = world.writtenPerson('erpnext', company, person);
  const companyWritten = world.written('erpnext', company);
  const typed = typedName(ctx, company, person);
  const name = contactName(ctx, row);
  const customerId = ctx.data.customerIdOf(company);
  const customer = customerId === null ? null : ctx.data.customers.get(customerId);
  const phones: Doc[] = [
    { phone: written.phone, is_primary_phone: 0, is_primary_mobile_no: 1 },
    // An edit adds the office line: a change the sync must carry.
    ...(row.version > 0
      ? [{ phone: companyWritten.phone, is_primary_phone: 1, is_primary_mobile_no: 0 }]
      : []),
  ].map((phone, i) => ({
    name: childName(`${name}/phone`, i + 1),
    parent: name,
    parenttype: 'Contact',
    parentfield: 'phone_nos',
    idx: i + 1,
    docstatus: 0,
    ...phone,
  }));
  const doc: Doc = {
    ...standard(ctx, name, row),
    first_name: typed.first,
    middle_name: null,
    last_name: typed.last === '' ? null : typed.last,
    full_name: typed.full,
    email_id: written.email.trim(),
    user: null,
    address: null,
    status: 'Passive',
    salutation: null,
    designation: written.jobTitle,
    gender: null,
    phone: row.version > 0 ? companyWritten.phone : null,
    mobile_no: written.phone,
    company_name: companyWritten.name,
    is_primary_contact: person === 0 ? 1 : 0,
    department: null,
    unsubscribed: 0,
  };
  if (ctx.faults.isMalformed('Contact', row.id)) {
    if (row.id % 2 === 0) Object.assign(doc, { first_name: null, last_name: null, full_name: null });
    else doc.modified = GARBAGE_DATETIME;
  }
  const email = {
    name: childName(`${name}/email`, 1),
    parent: name,
    parenttype: 'Contact',
    parentfield: 'email_ids',
    idx: 1,
    docstatus: 0,
    email_id: written.email,
    is_primary: 1,
  };
  const links = customer ? [link(name, 'Contact', customerName(ctx, customer), companyWritten.name)] : [];
  return { doc, children: { links, email_ids: [email], phone_nos: phones } };
}

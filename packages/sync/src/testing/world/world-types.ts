/**
 * The shared generated world the three ERP sandboxes serve: real companies and their people, each known
 * to one, two or three ERPs and written down there the way real data entry does it (phones four ways,
 * e-mail case, INN with spaces or missing, name variants). Everything is a pure function of (seed, index),
 * so a world of any size costs no memory until a record is asked for.
 */

export type ErpKind = 'odoo' | 'erpnext' | 'onec';

/** A real-world company: the truth every ERP's copy is a (differently written) view of. */
/** An over-merge trap planted on the company's written copies (see traps.ts). */
export type WorldTrap = 'office_phone' | 'call_centre' | 'accountant_email' | 'zero_inn' | 'bad_checksum_inn';

export interface WorldCompany {
  /** 0-based position in the world; stable for a seed. */
  index: number;
  /** The brand, e.g. "Ромашка" or "Müller Logistik". */
  brand: string;
  /** Legal form, e.g. "ООО", "АО", "ИП", "GmbH", "AG". */
  legalForm: string;
  /** e.g. "ООО «Ромашка»" / "Müller Logistik GmbH". */
  legalName: string;
  /** ISO 3166-1 alpha-2: RU or DE (a few AT/NL). */
  country: string;
  /** Russian companies: a checksum-valid INN (10 digits; 12 for ИП), KPP (9 digits, not for ИП), OGRN. */
  inn: string | null;
  kpp: string | null;
  ogrn: string | null;
  /** EU companies: a VAT number such as DE123456789. */
  vat: string | null;
  /** E.164, e.g. +74951234567. */
  phone: string;
  /** Lower-case canonical e-mail. */
  email: string;
  address: { line1: string; city: string; postalCode: string; country: string };
  /** The preferred currency of its orders: RUB for RU, EUR otherwise (some USD). */
  currency: string;
  people: WorldPerson[];
  /** The trap its written copies carry, if any: their phone, e-mail or INN then differs from the truth above. */
  trap: WorldTrap | null;
}

export interface WorldPerson {
  /** 0-based within the company. */
  index: number;
  firstName: string;
  lastName: string;
  /** Lower-case canonical e-mail, e.g. "i.petrov@romashka.ru". */
  email: string;
  /** E.164 mobile. */
  phone: string;
  jobTitle: string;
}

/** How one ERP's clerk wrote a company down: the formatting differences the profiles issue must see through. */
export interface WrittenCompany {
  /** Name as typed in this ERP ("Ромашка ООО", "ООО Ромашка", "ромашка"). */
  name: string;
  /** INN as typed: with spaces, or null when the clerk left it out (Russian companies only). */
  inn: string | null;
  kpp: string | null;
  vat: string | null;
  /** The phone in one of four writings: +7 495 123-45-67, 8 (495) 123-45-67, 84951234567, +74951234567. */
  phone: string;
  /** The e-mail, sometimes with upper-case letters or surrounding spaces. */
  email: string;
}

/** How one ERP wrote a company's contact person down. */
export interface WrittenPerson {
  /** "Иван Петров", "Петров Иван" or "Petrov Ivan"-style orderings, as typed. */
  name: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  jobTitle: string;
}

export interface WorldOrderLine {
  productCode: string;
  productName: string;
  quantity: number;
  unitPrice: number;
  /** Share off the line, 0 ≤ discount < 1 (mostly 0). */
  discount: number;
  /** quantity × unitPrice × (1 − discount), rounded to cents. */
  amount: number;
}

/** A sales order as it happened; its status word is each ERP's business. */
export interface WorldOrder {
  /** 0-based within (company, ERP). */
  index: number;
  /** Epoch ms of the order date. */
  orderedAt: number;
  currency: string;
  lines: WorldOrderLine[];
  net: number;
  /** VAT rate applied to net: 0.2 RU, 0.19 DE, 0.2 AT, 0.21 NL. */
  taxRate: number;
  tax: number;
  total: number;
  /** Lifecycle: draft/quotation, confirmed, delivered (fulfilled) or cancelled. */
  stage: 'draft' | 'confirmed' | 'delivered' | 'cancelled';
}

export interface World {
  readonly seed: number;
  /** How many real companies exist. */
  readonly size: number;
  /** The world's "now" (epoch ms): orders happen in the three years before it. */
  readonly nowMs: number;
  /**
   * The company at an index. Any index ≥ 0 works (a pure function); indexes ≥ size are companies the
   * world has not "founded" yet, which sandboxes use for records added during a test.
   */
  company(index: number): WorldCompany;
  /** Whether this ERP knows the company; many companies are known to two or three ERPs. */
  knows(erp: ErpKind, index: number): boolean;
  /** The company as written in this ERP (deterministic per seed, ERP and index). */
  written(erp: ErpKind, index: number): WrittenCompany;
  /** The company's orders in this ERP (deterministic), oldest first. */
  orders(erp: ErpKind, index: number): WorldOrder[];
  /** A person of the company as written in this ERP (every person of a known company is known with it). */
  writtenPerson(erp: ErpKind, index: number, personIndex: number): WrittenPerson;
  /** The ERPs that know the company, in the order odoo, erpnext, onec. */
  knownBy(index: number): ErpKind[];
}

import type { BuiltCompany } from './company-factory';
import { RU_LEGAL_FORM_FULL } from './names';
import { PHONE_WRITINGS, type PhoneParts, writePhone } from './phones';
import { type Draws, draws, saltOf } from './prng';
import { deUmlautsToAscii } from './translit';
import type { ErpKind, WrittenCompany, WrittenPerson } from './world-types';

const WRITTEN_SALT: Record<ErpKind, number> = {
  odoo: saltOf('written:odoo'),
  erpnext: saltOf('written:erpnext'),
  onec: saltOf('written:onec'),
};

/** How a clerk types a Russian company name. */
function ruName(d: Draws, c: BuiltCompany['company']): string {
  if (c.legalForm === 'ИП') {
    const [last = '', first = '', patronymic = ''] = c.brand.split(' ');
    const initials = `${first.charAt(0)}.${patronymic.charAt(0)}.`;
    return d.weighted([
      [c.legalName, 45],
      [`ИП ${last} ${initials}`, 20],
      [`${last} ${initials.replace('.', '. ')} ИП`, 10],
      [c.brand, 15],
      [`${RU_LEGAL_FORM_FULL.ИП} ${c.brand}`, 10],
    ]);
  }
  return d.weighted([
    [c.legalName, 40],
    [`${c.brand} ${c.legalForm}`, 15],
    [`${c.legalForm} ${c.brand}`, 15],
    [`${c.legalForm} "${c.brand}"`, 10],
    [c.brand, 10],
    [c.brand.toLowerCase(), 5],
    [`${RU_LEGAL_FORM_FULL[c.legalForm] ?? c.legalForm} «${c.brand}»`, 5],
  ]);
}

/** How a clerk types a German, Austrian or Dutch company name. */
function euName(d: Draws, c: BuiltCompany['company']): string {
  return d.weighted([
    [c.legalName, 50],
    [deUmlautsToAscii(c.legalName), 12],
    [deUmlautsToAscii(c.brand), 10],
    [c.brand, 15],
    [c.legalName.toUpperCase(), 8],
    [`${c.brand}, ${c.legalForm}`, 5],
  ]);
}

function spacedDigits(digits: string): string {
  return digits.length === 10
    ? `${digits.slice(0, 4)} ${digits.slice(4, 7)} ${digits.slice(7)}`
    : `${digits.slice(0, 4)} ${digits.slice(4, 8)} ${digits.slice(8)}`;
}

const EMAIL_STYLES = [
  ['as is', 65],
  ['capitalised', 10],
  ['upper local part', 5],
  ['upper', 5],
  ['spaces around', 10],
  ['trailing space', 5],
] as const;

function writtenEmail(d: Draws, email: string): string {
  switch (d.weighted(EMAIL_STYLES)) {
    case 'as is':
      return email;
    case 'capitalised':
      return email.charAt(0).toUpperCase() + email.slice(1);
    case 'upper local part': {
      const at = email.indexOf('@');
      return email.slice(0, at).toUpperCase() + email.slice(at);
    }
    case 'upper':
      return email.toUpperCase();
    case 'spaces around':
      return ` ${email} `;
    case 'trailing space':
      return `${email} `;
  }
}

function writtenPhone(d: Draws, parts: PhoneParts): string {
  return writePhone(parts, d.pick(PHONE_WRITINGS));
}

/** The company as one ERP wrote it down (pure in seed, ERP and index). */
export function writeCompany(seed: number, built: BuiltCompany, erp: ErpKind): WrittenCompany {
  const c = built.company;
  const d = draws(seed, c.index, WRITTEN_SALT[erp]);
  const name = c.country === 'RU' ? ruName(d, c) : euName(d, c);
  let inn: string | null = null;
  let kpp: string | null = null;
  let vat: string | null = null;
  if (c.inn) {
    const style = d.weighted([
      ['plain', 75],
      ['spaced', 15],
      ['missing', 10],
    ] as const);
    inn = style === 'missing' ? null : style === 'spaced' ? spacedDigits(c.inn) : c.inn;
    kpp = c.kpp && (inn !== null || d.chance(0.5)) ? c.kpp : null;
  }
  if (c.vat) {
    const v = c.vat;
    vat = d.weighted([
      [v, 65],
      [`${v.slice(0, 2)} ${v.slice(2, 5)} ${v.slice(5, 8)} ${v.slice(8)}`, 15],
      [v.toLowerCase(), 10],
      [null, 10],
    ]);
  }
  return { name, inn, kpp, vat, phone: writtenPhone(d, built.phone), email: writtenEmail(d, c.email) };
}

/** A person of the company as one ERP wrote them down. */
export function writePerson(
  seed: number,
  built: BuiltCompany,
  erp: ErpKind,
  personIndex: number,
): WrittenPerson {
  const person = built.company.people[personIndex];
  const parts = built.personPhones[personIndex];
  if (!person || !parts) {
    throw new RangeError(`company ${built.company.index} has no person ${personIndex}`);
  }
  const d = draws(seed, built.company.index * 8 + personIndex, WRITTEN_SALT[erp] ^ 0x5bd1e995);
  const firstLast = `${person.firstName} ${person.lastName}`;
  const name = d.weighted([
    [firstLast, 55],
    [`${person.lastName} ${person.firstName}`, 30],
    [` ${firstLast}`, 5],
    [firstLast.toUpperCase(), 5],
    [built.country === 'RU' ? firstLast : deUmlautsToAscii(firstLast), 5],
  ]);
  return {
    name,
    firstName: person.firstName,
    lastName: person.lastName,
    email: writtenEmail(d, person.email),
    phone: writtenPhone(d, parts),
    jobTitle: person.jobTitle,
  };
}

import type { TaxId } from '@crm-bridge/core';

type TaxIdInput = { kind: TaxId['kind']; value: string; country: string | null };

const EU_VAT_PREFIXES = new Set(
  'AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK XI'.split(' '),
);

const digitsOf = (value: string) => value.replace(/[\s\-.]/g, '');

/**
 * Tax ids from `vat` and `company_registry`, values kept as written (profiles normalise).
 * Russian partners: `vat` holds the INN, often as "INN/KPP" (core Odoo has no KPP field);
 * `company_registry` holds the OGRN / OGRNIP. Elsewhere `vat` is an EU VAT number or some other VAT.
 */
export function mapTaxIds(vat: string | null, registry: string | null, country: string | null): TaxIdInput[] {
  const ids: TaxIdInput[] = [];
  if (country === 'RU') {
    if (vat !== null) ids.push(...russianVat(vat));
    if (registry !== null)
      ids.push({ kind: russianRegistryKind(digitsOf(registry)), value: registry.trim(), country });
    return ids;
  }
  if (vat !== null) ids.push(foreignVat(vat.trim(), country));
  if (registry !== null) ids.push({ kind: 'other', value: registry.trim(), country });
  return ids;
}

function russianVat(vat: string): TaxIdInput[] {
  return vat
    .split(/[/\\]/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const length = digitsOf(part).length;
      const kind = length === 10 || length === 12 ? 'ru_inn' : length === 9 ? 'ru_kpp' : 'other';
      return { kind, value: part, country: 'RU' };
    });
}

function russianRegistryKind(digits: string): TaxId['kind'] {
  if (/^\d{13}$/.test(digits)) return 'ru_ogrn';
  if (/^\d{15}$/.test(digits)) return 'ru_ogrnip';
  return 'other';
}

function foreignVat(vat: string, country: string | null): TaxIdInput {
  const prefix = digitsOf(vat).slice(0, 2).toUpperCase();
  if (EU_VAT_PREFIXES.has(prefix)) {
    // Greece writes EL in VAT numbers; its ISO code is GR.
    return { kind: 'eu_vat', value: vat, country: prefix === 'EL' ? 'GR' : prefix === 'XI' ? 'GB' : prefix };
  }
  return { kind: 'vat', value: vat, country };
}

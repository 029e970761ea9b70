import {
  DE_BUSINESS_WORDS,
  DE_FAMILY_NAMES,
  DE_FIRST_FEMALE,
  DE_FIRST_MALE,
  DE_JOB_TITLES,
  DE_LAST,
  DE_LEGAL_FORMS,
  NL_LEGAL_FORMS,
  RU_BRAND_PREFIXES,
  RU_BRAND_SUFFIXES,
  RU_BRAND_WORDS,
  RU_FIRST_FEMALE,
  RU_FIRST_MALE,
  RU_JOB_TITLES,
  RU_LAST,
  RU_LEGAL_FORMS,
  RU_PATRONYMIC_BASE,
  ruFemaleLastName,
  ruPatronymic,
} from './names';
import { countryCodeOf, MOBILE_AREAS, type PhoneCountry, type PhoneParts, toE164 } from './phones';
import {
  AT_CITIES,
  type City,
  DE_CITIES,
  DE_STREETS,
  NL_CITIES,
  NL_STREETS,
  RU_CITIES,
  RU_STREETS,
} from './places';
import { type Draws, draws, saltOf, scatter } from './prng';
import {
  makeAtVat,
  makeDeVat,
  makeInn10,
  makeInn12,
  makeKpp,
  makeNlVat,
  makeOgrn,
  makeOgrnip,
} from './tax-ids';
import { slug } from './translit';
import { trapOf } from './traps';
import type { WorldCompany, WorldPerson } from './world-types';

/** A company with the parts the writers need (phones as parts, so they can be written four ways). */
export interface BuiltCompany {
  company: WorldCompany;
  country: PhoneCountry;
  phone: PhoneParts;
  personPhones: PhoneParts[];
}

const SALT_COMPANY = saltOf('company');
const SALT_PERSON = saltOf('person');

/** Seed-dependent offsets so another seed gives other INNs and numbers, still unique per index. */
const offsets = new Map<string, number>();
function offset(seed: number, modulus: number, salt: string): number {
  const key = `${seed}:${salt}`;
  let value = offsets.get(key);
  if (value === undefined) {
    // Bounded: a handful of salts per seed, and tests use a few seeds.
    if (offsets.size > 10_000) offsets.clear();
    value = draws(seed, 0, saltOf(salt)).int(0, modulus - 1);
    offsets.set(key, value);
  }
  return value;
}

function cityTable(country: PhoneCountry): readonly City[] {
  if (country === 'RU') return RU_CITIES;
  if (country === 'DE') return DE_CITIES;
  return country === 'AT' ? AT_CITIES : NL_CITIES;
}

function postalCode(d: Draws, country: PhoneCountry, prefix: string): string {
  const width = country === 'RU' ? 6 : country === 'DE' ? 5 : 4;
  let code = prefix;
  while (code.length < width) code += `${d.int(0, 9)}`;
  return country === 'NL' ? `${code} ${d.pick(['AB', 'CD', 'GH', 'KL', 'XZ'])}` : code;
}

function ruBrand(d: Draws): string {
  return d.chance(0.45)
    ? d.pick(RU_BRAND_WORDS)
    : `${d.pick(RU_BRAND_PREFIXES)}${d.pick(RU_BRAND_SUFFIXES).toLowerCase()}`;
}

function ruPersonName(d: Draws): { first: string; last: string; patronymic: string } {
  const female = d.chance(0.45);
  const first = female ? d.pick(RU_FIRST_FEMALE) : d.pick(RU_FIRST_MALE);
  const maleLast = d.pick(RU_LAST);
  return {
    first,
    last: female ? ruFemaleLastName(maleLast) : maleLast,
    patronymic: ruPatronymic(d.pick(RU_PATRONYMIC_BASE), female),
  };
}

/** Builds the company at `index` (a pure function of seed and index). */
export function buildCompany(seed: number, index: number): BuiltCompany {
  const d = draws(seed, index, SALT_COMPANY);
  const country: PhoneCountry = d.weighted<PhoneCountry>([
    ['RU', 80],
    ['DE', 14],
    ['AT', 3],
    ['NL', 3],
  ]);
  const city = d.pick(cityTable(country));
  const serial = scatter(index, 10_000_000, 7_654_321, offset(seed, 10_000_000, 'serial7'));
  const tag = index.toString(36);
  let brand: string;
  let legalForm: string;
  let legalName: string;
  let domain: string | null;
  let inn: string | null = null;
  let kpp: string | null = null;
  let ogrn: string | null = null;
  let vat: string | null = null;
  let owner: { first: string; last: string } | null = null;
  const year2 = d.int(2, 25);
  if (country === 'RU') {
    legalForm = d.weighted(RU_LEGAL_FORMS);
    if (legalForm === 'ИП') {
      const person = ruPersonName(d);
      owner = person;
      brand = `${person.last} ${person.first} ${person.patronymic}`;
      legalName = `ИП ${brand}`;
      domain = null;
      inn = makeInn12(
        city.region,
        scatter(index, 100_000_000, 48_271_007, offset(seed, 100_000_000, 'serial8')),
      );
      ogrn = makeOgrnip(
        year2,
        city.region,
        scatter(index, 1_000_000_000, 69_069_001, offset(seed, 1e9, 'serial9')),
      );
    } else {
      brand = ruBrand(d);
      legalName = `${legalForm} «${brand}»`;
      domain = `${slug(brand)}-${tag}.ru`;
      inn = makeInn10(city.region, serial);
      kpp = makeKpp(inn);
      ogrn = makeOgrn(year2, city.region, scatter(index, 10_000_000, 1_234_567, offset(seed, 1e7, 'ogrn')));
    }
  } else {
    legalForm = d.weighted(country === 'NL' ? NL_LEGAL_FORMS : DE_LEGAL_FORMS);
    brand = `${d.pick(DE_FAMILY_NAMES)} ${d.pick(DE_BUSINESS_WORDS)}`;
    legalName = `${brand} ${legalForm}`;
    domain = `${slug(brand)}-${tag}.${country.toLowerCase()}`;
    if (country === 'DE')
      vat = makeDeVat(10_000_000 + scatter(index, 90_000_000, 48_271, offset(seed, 9e7, 'de')));
    else if (country === 'AT') vat = makeAtVat(serial);
    else vat = makeNlVat(serial);
  }
  const localPart =
    country === 'RU'
      ? d.pick(['info', 'sales', 'office', 'zakaz', 'mail'])
      : d.pick(['info', 'kontakt', 'office', 'einkauf']);
  const email = domain
    ? `${localPart}@${domain}`
    : `${slug(owner!.last)}.${tag}@${d.pick(['mail.ru', 'yandex.ru', 'gmail.com'])}`;
  const cc = countryCodeOf(country);
  const phone: PhoneParts = {
    countryCode: cc,
    area: city.areaCode,
    subscriber: `${scatter(index, 10_000_000, 2_718_281, offset(seed, 1e7, 'phone'))}`.padStart(7, '0'),
  };
  const street = d.pick(country === 'RU' ? RU_STREETS : country === 'NL' ? NL_STREETS : DE_STREETS);
  const house = d.int(1, 180);
  const line1 =
    country === 'RU'
      ? `${street}, д. ${house}${d.chance(0.5) ? `, оф. ${d.int(1, 450)}` : ''}`
      : `${street} ${house}`;
  const currency =
    country === 'RU'
      ? d.weighted([
          ['RUB', 96],
          ['USD', 2],
          ['EUR', 2],
        ] as const)
      : d.weighted([
          ['EUR', 93],
          ['USD', 7],
        ] as const);

  const peopleCount = d.weighted([
    [0, 15],
    [1, 30],
    [2, 25],
    [3, 18],
    [4, 12],
  ] as const);
  const people: WorldPerson[] = [];
  const personPhones: PhoneParts[] = [];
  for (let p = 0; p < peopleCount; p++) {
    const pd = draws(seed, index * 8 + p, SALT_PERSON);
    let first: string;
    let last: string;
    if (p === 0 && owner) {
      first = owner.first;
      last = owner.last;
    } else if (country === 'RU') {
      ({ first, last } = ruPersonName(pd));
    } else {
      first = pd.chance(0.5) ? pd.pick(DE_FIRST_FEMALE) : pd.pick(DE_FIRST_MALE);
      last = pd.pick(DE_LAST);
    }
    let local = `${slug(first).charAt(0)}.${slug(last)}`;
    if (people.some((other) => other.email.startsWith(`${local}@`))) local += `${p}`;
    const personEmail = domain
      ? `${local}@${domain}`
      : `${local}.${tag}${p}@${pd.pick(['mail.ru', 'yandex.ru'])}`;
    const mobile: PhoneParts = {
      countryCode: cc,
      area: pd.pick(MOBILE_AREAS[country]),
      subscriber:
        `${scatter(index * 5 + p, country === 'NL' ? 100_000_000 : 10_000_000, 9_181_273, offset(seed, 1e7, 'mobile'))}`.padStart(
          country === 'NL' ? 8 : 7,
          '0',
        ),
    };
    personPhones.push(mobile);
    people.push({
      index: p,
      firstName: first,
      lastName: last,
      email: personEmail,
      phone: toE164(mobile),
      jobTitle:
        p === 0 && owner
          ? 'Индивидуальный предприниматель'
          : pd.pick(country === 'RU' ? RU_JOB_TITLES : DE_JOB_TITLES),
    });
  }

  return {
    company: {
      index,
      brand,
      legalForm,
      legalName,
      country,
      inn,
      kpp,
      ogrn,
      vat,
      phone: toE164(phone),
      email,
      address: { line1, city: city.name, postalCode: postalCode(d, country, city.postalPrefix), country },
      currency,
      people,
      trap: trapOf(seed, index, country, inn),
    },
    country,
    phone,
    personPhones,
  };
}

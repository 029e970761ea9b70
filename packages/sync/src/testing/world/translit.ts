/** Latin spellings of Cyrillic and German text: for e-mail domains and the ASCII habits of clerks. */

const RU_TRANSLIT: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

const DE_TRANSLIT: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', é: 'e' };

const slugs = new Map<string, string>();

/** Lower-case Latin letters and digits only: "Ромашка" → "romashka", "Müller Logistik" → "muellerlogistik". */
export function slug(text: string): string {
  const known = slugs.get(text);
  if (known !== undefined) return known;
  let out = '';
  for (const ch of text.toLowerCase()) {
    const mapped = RU_TRANSLIT[ch] ?? DE_TRANSLIT[ch];
    if (mapped !== undefined) out += mapped;
    else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) out += ch;
  }
  // Inputs come from the finite name lists, so the cache stays small; the bound is a safety net.
  if (slugs.size > 20_000) slugs.clear();
  slugs.set(text, out);
  return out;
}

/** German umlauts written the ASCII way, as old systems and hurried clerks do: "Müller" → "Mueller". */
export function deUmlautsToAscii(text: string): string {
  return text
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/Ä/g, 'Ae')
    .replace(/Ö/g, 'Oe')
    .replace(/Ü/g, 'Ue')
    .replace(/ß/g, 'ss');
}

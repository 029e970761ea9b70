/**
 * Name words for a sanity check, not a key: Cyrillic and German spellings folded to plain Latin, legal
 * forms and initials dropped. "ООО «Ромашка»", "Ромашка ООО" and "romashka" give the same word.
 */

// biome-ignore format: the alphabet reads better in one block
const CYRILLIC: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l',
  м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch',
  ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss',
};

/** Legal forms and their spelled-out words, after folding: they say nothing about which company it is. */
// biome-ignore format: a word list reads better packed than one word a line
const LEGAL_WORDS: ReadonlySet<string> = new Set([
  'ooo', 'ao', 'zao', 'oao', 'pao', 'nao', 'ip', 'chp', 'obshchestvo', 'ogranichennoy', 'otvetstvennostyu',
  'aktsionernoe', 'zakrytoe', 'otkrytoe', 'publichnoe', 'individualnyy', 'predprinimatel', 'gmbh', 'co',
  'kg', 'ag', 'ug', 'ohg', 'gbr', 'mbh', 'ek', 'bv', 'nv', 'ltd', 'llc', 'inc', 'limited', 'sa', 'sarl',
  'srl', 'spa', 'plc', 'haftungsbeschraenkt', 'und',
]);

/** The words of a name that identify it, folded to Latin; two-letter words and up, legal forms removed. */
export function nameTokens(name: string): string[] {
  let folded = '';
  for (const ch of name.toLowerCase().normalize('NFC')) folded += CYRILLIC[ch] ?? ch;
  // Accents other than the German ones: é → e.
  folded = folded.normalize('NFD').replace(/\p{M}/gu, '');
  const words = folded.split(/[^a-z0-9]+/).filter((w) => w.length >= 2 && !LEGAL_WORDS.has(w));
  return [...new Set(words)].sort();
}

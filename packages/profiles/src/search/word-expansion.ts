import type { Db } from '@crm-bridge/store';
import { withinOneEdit } from './word-distance';

/** How a dictionary word matches a query word; the number is its rank cost. */
export const MatchClass = { exact: 0, prefix: 1, typo: 2 } as const;
export type MatchClass = (typeof MatchClass)[keyof typeof MatchClass];

/** A query word and the dictionary words it stands for. */
export interface ExpandedWord {
  /** Normalised by the database (search_name_words): lower case, ё → е, no punctuation. */
  word: string;
  /** Its plain-Latin spelling (search_latin), in which words are compared. */
  latin: string;
  /** A legal form (ООО, GmbH): it narrows nothing. */
  legalForm: boolean;
  /** Dictionary word id (a bigint, as text) → the best way it matches. */
  matches: Map<string, { word: string; match: MatchClass }>;
}

/** Prefixes and typos need this many Latin letters; shorter words match exactly only. */
const PREFIX_MIN = 3;
const TYPO_MIN = 4;
/** Completions of a prefix, shortest first: a three-letter prefix can start thousands of words. */
const PREFIX_LIMIT = 50;
/** At most this many query words are searched (the first ones). */
const MAX_WORDS = 6;

/** $1 the query text; see search_expand_words in migration 005. */
const expandSql = `
SELECT ord, word, latin, legal_form, id::text AS id, candidate, candidate_latin
FROM search_expand_words($1, ${PREFIX_MIN}, ${TYPO_MIN}, ${PREFIX_LIMIT})`;

interface ExpandRow {
  ord: number;
  word: string;
  latin: string;
  legal_form: boolean;
  id: string | null;
  candidate: string | null;
  candidate_latin: string | null;
}

function classify(query: ExpandRow, word: string, latin: string): MatchClass | null {
  if (latin === query.latin) return MatchClass.exact;
  if (query.latin.length >= PREFIX_MIN && latin.startsWith(query.latin)) return MatchClass.prefix;
  // In either spelling: a one-letter slip in Cyrillic can be two letters apart in Latin (ш/щ, а/я).
  const typo = (q: string, w: string) => q.length >= TYPO_MIN && withinOneEdit(q, w);
  if (typo(query.word, word) || typo(query.latin, latin)) return MatchClass.typo;
  return null;
}

/**
 * The words worth searching: legal forms and one-letter initials are dropped while other words remain
 * (they would match half the register), and legal forms match exactly only.
 */
function wordsWorthSearching(words: ExpandedWord[]): ExpandedWord[] {
  const telling = words.filter((word) => !word.legalForm && word.word.length > 1);
  const kept = telling.length > 0 ? telling : words;
  for (const word of kept) {
    if (!word.legalForm) continue;
    for (const [id, match] of word.matches) if (match.match !== MatchClass.exact) word.matches.delete(id);
  }
  return kept.slice(0, MAX_WORDS);
}

/** Splits the query into words as the index does and finds the dictionary words each one may mean. */
export async function expandQueryWords(db: Db, text: string): Promise<ExpandedWord[]> {
  const rows = await db.query<ExpandRow>(expandSql, [text]);
  const byOrd = new Map<number, ExpandedWord>();
  for (const row of rows) {
    let word = byOrd.get(row.ord);
    if (!word) {
      word = { word: row.word, latin: row.latin, legalForm: row.legal_form, matches: new Map() };
      byOrd.set(row.ord, word);
    }
    if (row.id === null || row.candidate === null || row.candidate_latin === null) continue;
    const match = classify(row, row.candidate, row.candidate_latin);
    const known = word.matches.get(row.id);
    if (match !== null && (known === undefined || match < known.match)) {
      word.matches.set(row.id, { word: row.candidate, match });
    }
  }
  const ordered = [...byOrd.entries()].sort(([a], [b]) => a - b).map(([, word]) => word);
  return wordsWorthSearching(ordered);
}

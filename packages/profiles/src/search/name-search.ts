import type { Db, SqlParam } from '@crm-bridge/store';
import { compareText } from './key-search';
import type { SearchHit } from './search-types';
import { type ExpandedWord, expandQueryWords, MatchClass } from './word-expansion';

/**
 * Profiles matching every word are read up to this many before ranking, so a word that a hundred
 * thousand profiles hold costs no more than a rare one. The bulk rebuild stores profiles shortest name
 * first, so the ones read first are the ones that rank first among equal matches.
 */
const CANDIDATE_CAP = 100;

/** A name hit before it is merged with key hits. */
export interface NameHit extends SearchHit {
  nameLength: number;
}

interface NameRow {
  profile_id: string;
  kind: 'organization' | 'person';
  display_name: string;
  name_length: number;
  score: number;
  matched: string | null;
}

/*
 * Per query word i: $(3i+1) its exact ids, $(3i+2) its prefix ids, $(3i+3) its typo ids; then the
 * matched dictionary words (to tell which of a profile's names matched), the candidate cap and the limit.
 * Profiles holding an exact word for every query word are read first; only when fewer than `limit` are
 * found are prefixes and typos read too, so a common exact word never drowns in its own typos. Returns
 * the best `limit` of them with their score (per word 0 exact, 1 prefix, 2 typo) and the name holding
 * the most matched words.
 */
function nameSearchSql(wordCount: number): string {
  const ids = (i: number, k: 1 | 2 | 3) => `$${3 * i + k}::bigint[]`;
  const each = <T>(fn: (i: number) => T) => Array.from({ length: wordCount }, (_, i) => fn(i));
  // Each condition twice, on purpose: the planner then expects the square of the share of profiles
  // holding the word. Left to itself it reads a word held by 2% of profiles with a sequential scan
  // "until 100 are found", and a synchronized scan starts mid-table, so the shortest names (first in
  // the table after a rebuild) are missed and results change from one search to the next.
  const twice = (condition: string) => `${condition} AND ${condition}`;
  const exactEvery = each((i) => twice(`n.word_ids && ${ids(i, 1)}`)).join(' AND ');
  const anyEvery = each((i) => twice(`n.word_ids && (${ids(i, 1)} || ${ids(i, 2)} || ${ids(i, 3)})`)).join(
    ' AND ',
  );
  const score = each(
    (i) => `(CASE WHEN c.word_ids && ${ids(i, 1)} THEN 0 WHEN c.word_ids && ${ids(i, 2)} THEN 1 ELSE 2 END)`,
  ).join(' + ');
  const words = `$${3 * wordCount + 1}::text[]`;
  const cap = `$${3 * wordCount + 2}::int`;
  const limit = `$${3 * wordCount + 3}::int`;
  return `
WITH exact AS MATERIALIZED (
  SELECT n.profile_id, n.word_ids, n.name_length, n.display_name FROM profile_search_names n
  WHERE ${exactEvery}
  LIMIT ${cap}
), wide AS MATERIALIZED (
  SELECT n.profile_id, n.word_ids, n.name_length, n.display_name FROM profile_search_names n
  WHERE (SELECT count(*) FROM exact) < ${limit} AND ${anyEvery}
  LIMIT ${cap}
), c AS (
  SELECT * FROM exact
  UNION ALL
  SELECT * FROM wide w WHERE NOT EXISTS (SELECT 1 FROM exact e WHERE e.profile_id = w.profile_id)
), ranked AS (
  SELECT c.profile_id, c.name_length, ${score} AS score
  FROM c
  ORDER BY score, c.name_length, c.display_name, c.profile_id
  LIMIT ${limit}
)
SELECT r.profile_id, p.kind, p.display_name, r.name_length, r.score,
  -- The display name when it holds a matched word; else whichever name holds the most (a lookup).
  CASE WHEN search_name_word_array(p.display_name) && ${words} THEN p.display_name ELSE (
    SELECT u.name
    FROM profile_search_name_lists l CROSS JOIN LATERAL unnest(l.names) WITH ORDINALITY AS u(name, position)
    WHERE l.profile_id = r.profile_id AND u.name IS NOT NULL
    ORDER BY (SELECT count(*) FROM search_name_words(u.name) AS w WHERE w = ANY(${words})) DESC, u.position
    LIMIT 1
  ) END AS matched
FROM ranked r JOIN profiles p ON p.id = r.profile_id AND p.status <> 'merged'`;
}

function idsOf(word: ExpandedWord, match: MatchClass): string[] {
  return [...word.matches].filter(([, m]) => m.match === match).map(([id]) => id);
}

/** Name hits order: rank, then shorter names, then display name and id. */
export function compareNameHits(a: NameHit, b: NameHit): number {
  return (
    a.rank - b.rank ||
    a.nameLength - b.nameLength ||
    compareText(a.displayName, b.displayName) ||
    compareText(a.profileId, b.profileId)
  );
}

/** Profiles whose names hold a match (exact, prefix or one typo) for every query word, best first. */
export async function searchNames(db: Db, text: string, limit: number): Promise<NameHit[]> {
  const words = await expandQueryWords(db, text);
  if (words.length === 0 || words.some((word) => word.matches.size === 0)) return [];
  const params: SqlParam[] = [];
  const matchedWords = new Set<string>();
  for (const word of words) {
    params.push(idsOf(word, MatchClass.exact), idsOf(word, MatchClass.prefix), idsOf(word, MatchClass.typo));
    for (const m of word.matches.values()) matchedWords.add(m.word);
  }
  params.push([...matchedWords], CANDIDATE_CAP, limit);
  const rows = await db.query<NameRow>(nameSearchSql(words.length), params);
  return rows
    .map(
      (row): NameHit => ({
        profileId: row.profile_id,
        kind: row.kind,
        displayName: row.display_name,
        matchedOn: 'name',
        matched: row.matched ?? row.display_name,
        rank: 1 + Number(row.score),
        nameLength: row.name_length,
      }),
    )
    .sort(compareNameHits);
}

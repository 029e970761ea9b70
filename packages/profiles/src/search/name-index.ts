import type { Db } from '@crm-bridge/store';

/*
 * A profile's names are read as `shown` (the words of its display name) and `other` (the words of its
 * legal name and its source records' names), each split once.
 */

/** The distinct word ids of a profile. */
const wordIds = `array(SELECT DISTINCT search_word_id(w) FROM unnest(shown || other) AS w)`;

/** Letters in the display name's words, legal forms left out: the "shorter name" of the ranking. */
const nameLength = `(SELECT coalesce(sum(char_length(w)), 0) FROM unnest(shown) AS w WHERE NOT search_legal_form(w))::int`;

/** `shown` and `other` of the profiles in profile_search_name_lists that pass `where`. */
const namesOf = (where: string) => `
  SELECT profile_id, names[1] AS display_name, search_name_word_array(names[1]) AS shown,
    search_name_word_array(array_to_string(names[2:], ' ')) AS other
  FROM profile_search_name_lists WHERE ${where}`;

/** The dictionary rows of a set of words `w` (a FROM item yielding a column w). */
const dictionaryRows = (words: string) => `
  SELECT search_word_id(u.w), u.w, search_latin(u.w), search_legal_form(u.w) FROM ${words}`;

/*
 * $1 uuid[] profile ids. Adds the words of their names that the dictionary lacks, with their lookup keys.
 */
const addWordsSql = `
WITH added AS (
  INSERT INTO profile_search_words (id, word, latin, legal_form)
  ${dictionaryRows(`(
    SELECT DISTINCT w FROM (${namesOf('profile_id = ANY($1::uuid[])')}) AS l CROSS JOIN LATERAL unnest(shown || other) AS w
  ) AS u
  WHERE NOT EXISTS (SELECT 1 FROM profile_search_words d WHERE d.word = u.w)`)}
  ON CONFLICT DO NOTHING
  RETURNING id, word, latin
)
INSERT INTO profile_search_word_keys (key, word_id)
SELECT k.key, a.id FROM added a CROSS JOIN LATERAL search_word_keys(a.word, a.latin) AS k(key)
ON CONFLICT DO NOTHING`;

/*
 * $1 uuid[] profile ids. Writes each one's word ids (unchanged rows are left alone: a GIN update is dear)
 * and drops the rows of those that are merged, gone or have no name words left.
 */
const writeNamesSql = `
WITH fresh AS (
  SELECT profile_id, ${wordIds} AS word_ids, ${nameLength} AS name_length, display_name
  FROM (${namesOf('profile_id = ANY($1::uuid[])')}) AS l
), written AS (
  INSERT INTO profile_search_names AS n (profile_id, word_ids, name_length, display_name)
  SELECT profile_id, word_ids, name_length, display_name FROM fresh WHERE cardinality(word_ids) > 0
  ON CONFLICT (profile_id) DO UPDATE
  SET word_ids = excluded.word_ids, name_length = excluded.name_length, display_name = excluded.display_name
  WHERE (n.word_ids, n.name_length, n.display_name) <> (excluded.word_ids, excluded.name_length, excluded.display_name)
)
DELETE FROM profile_search_names n
WHERE n.profile_id = ANY($1::uuid[])
  AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.profile_id = n.profile_id AND cardinality(f.word_ids) > 0)`;

/**
 * Recomputes the name index of these profiles from every name they are known by: the profile's display
 * and legal name and those of all its source records. Merged and deleted profiles drop out. Run it after
 * each resolution pass with the profiles it touched; about 1,000 ids cost a few index lookups each.
 */
export async function refreshNameIndex(db: Db, profileIds: readonly string[]): Promise<void> {
  if (profileIds.length === 0) return;
  const ids = [...new Set(profileIds)];
  await db.transaction(async (tx) => {
    // Milliseconds of work, which JIT would spend 100 ms or more compiling if the planner overestimated it.
    if (tx.driver === 'postgres') await tx.exec('SET LOCAL jit = off');
    await tx.query(addWordsSql, [ids]);
    await tx.query(writeNamesSql, [ids]);
  });
}

// PGlite's memory is its wasm heap (perf-facts): it sorts in smaller pieces.
const REBUILD_WORK_MEM = { postgres: '256MB', pglite: '32MB' } as const;

/*
 * $1 text[] table names. How to drop, and how to recreate, each index and key constraint of the tables,
 * read from the catalog so that migration 005 stays their only definition.
 */
const indexDefinitionsSql = `
SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) AS drop_sql,
       format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
         AS create_sql
FROM pg_constraint c
WHERE c.conrelid = ANY($1::regclass[]) AND c.contype IN ('p', 'u')
UNION ALL
SELECT format('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid)
FROM pg_index i
WHERE i.indrelid = ANY($1::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`;

const INDEX_TABLES = ['profile_search_words', 'profile_search_word_keys', 'profile_search_names'];

/**
 * Rebuilds the whole name index set-based, for after a from-scratch resolution: each profile's names are
 * split once, into a temporary table that feeds both the dictionary and the word id arrays. The tables'
 * indexes are dropped and built again once the tables are full (a sorted build is several times faster
 * than row-by-row inserts), and the tables analysed, without which the planner ignores the new index
 * (perf-facts). Profiles are written shortest name first, so a search that reads a capped set of
 * candidates reads the best ones. Searches wait while it runs.
 */
export async function rebuildNameIndex(db: Db): Promise<void> {
  const workMem = REBUILD_WORK_MEM[db.driver];
  await db.transaction(async (tx) => {
    await tx.exec(`
      SET LOCAL work_mem = '${workMem}';
      SET LOCAL maintenance_work_mem = '${workMem}';
      TRUNCATE ${INDEX_TABLES.join(', ')};`);
    const indexes = await tx.query<{ drop_sql: string; create_sql: string }>(indexDefinitionsSql, [
      INDEX_TABLES,
    ]);
    await tx.exec(indexes.map((index) => `${index.drop_sql};`).join('\n'));
    // The names of profile_search_name_lists, read set-based: one pass over the source records instead
    // of a lookup per profile (the test "rebuilds the same index the refreshes kept" holds them equal).
    await tx.exec(`
      CREATE TEMP TABLE search_rebuild ON COMMIT DROP AS
        SELECT p.id AS profile_id, p.display_name, search_name_word_array(p.display_name) AS shown,
          search_name_word_array(concat_ws(' ', p.legal_name, r.names)) AS other
        FROM profiles p
        LEFT JOIN (
          SELECT profile_id, string_agg(concat_ws(' ', display_name, legal_name), ' ') AS names
          FROM source_records WHERE profile_id IS NOT NULL GROUP BY profile_id
        ) r ON r.profile_id = p.id
        WHERE p.status <> 'merged';
      INSERT INTO profile_search_words (id, word, latin, legal_form)
        ${dictionaryRows('(SELECT DISTINCT w FROM search_rebuild CROSS JOIN LATERAL unnest(shown || other) AS w) AS u')};
      INSERT INTO profile_search_word_keys (key, word_id)
        SELECT k.key, d.id FROM profile_search_words d CROSS JOIN LATERAL search_word_keys(d.word, d.latin) AS k(key);
      INSERT INTO profile_search_names (profile_id, word_ids, name_length, display_name)
        SELECT profile_id, word_ids, name_length, display_name
        FROM (SELECT profile_id, ${wordIds} AS word_ids, ${nameLength} AS name_length, display_name FROM search_rebuild) AS n
        WHERE cardinality(word_ids) > 0
        ORDER BY name_length;
      -- Now, not at commit: the caller's transaction may rebuild twice.
      DROP TABLE search_rebuild;`);
    await tx.exec(indexes.map((index) => `${index.create_sql};`).join('\n'));
    await tx.exec(`ANALYZE ${INDEX_TABLES.join(', ')};`);
  });
}

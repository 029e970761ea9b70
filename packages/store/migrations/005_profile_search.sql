-- 005 customer search (perf-facts.md, "Search over 1,000,000 organisations"): a dictionary of the distinct
-- name words, the one-letter deletions of each word and of its Latin spelling ("symmetric delete": a
-- query word and its deletions find every word within one edit) and a per-profile array of word ids
-- behind a GIN index.
-- Never install the intarray extension here: its && and @> on integer arrays bypass this GIN index.

-- Lower case, ё read as е. Where the database's lower() knows Cyrillic (any UTF-8 locale; the check
-- folds to a constant when this is inlined) it is used alone: the long translate() of the other branch,
-- for a C-locale database that lowers only ASCII, costs 20 µs a name.
CREATE FUNCTION search_fold(name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN lower('ЁЖÄ') = 'ёжä' THEN replace(lower(name), 'ё', 'е')
  ELSE lower(translate(name,
    'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯёÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞ',
    'абвгдеежзийклмнопрстуфхцчшщъыьэюяеàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþ'))
  END
$$;

-- The words of a name: runs of digits, Latin (with accents) and Cyrillic letters; everything else splits.
-- An array (no sub-select: the bulk rebuild calls it a million times) and the same as rows.
CREATE FUNCTION search_name_word_array(name text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_remove(regexp_split_to_array(search_fold(name), '[^0-9a-zß-öø-ÿĀ-ſа-я]+'), '')
$$;

-- ROWS: the planner then expects a handful of words, not 1,000.
CREATE FUNCTION search_name_words(name text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE ROWS 8 AS $$
  SELECT unnest(search_name_word_array(name))
$$;

-- A word's id: a 64-bit hash, so a profile's word ids need no dictionary lookup (collisions: ~1e-9 at
-- a million words).
CREATE FUNCTION search_word_id(word text) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT hashtextextended(word, 0)
$$;

-- A word spelled in plain Latin: "ромашка" and "romashka" meet, "müller" is "mueller".
CREATE FUNCTION search_latin(word text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT translate(
    replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
      word, 'щ', 'shch'), 'ж', 'zh'), 'х', 'kh'), 'ц', 'ts'), 'ч', 'ch'), 'ш', 'sh'), 'ю', 'yu'), 'я', 'ya'),
      'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'ß', 'ss'), 'æ', 'ae'),
    'абвгдезийклмнопрстуфыэàáâãåçèéêëìíîïðñòóôõøùúûýþÿъь',
    'abvgdeziyklmnoprstufyeaaaaaceeeeiiiidnooooouuuyty')
$$;

-- Legal forms and their spelled-out words: nearly every organisation has one, so they neither narrow a
-- search nor count towards the length of a name.
CREATE FUNCTION search_legal_form(word text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT word = ANY ('{ооо,оао,зао,пао,нао,ао,ип,чп,тов,пбоюл,общество,ограниченной,ответственностью,
    акционерное,закрытое,открытое,публичное,индивидуальный,предприниматель,ooo,oao,zao,pao,ao,ip,llc,ltd,inc,
    corp,co,plc,limited,gmbh,mbh,ag,kg,ug,ohg,gbr,ek,bv,nv,sa,sas,sarl,srl,spa,oy,ab,as,aps,kft,sro}'::text[])
$$;

-- The lookup keys of a word, in its own script and in Latin (a one-letter typo in Cyrillic can be two in
-- Latin: ш/щ, я/а): each spelling itself (3+ letters) and its one-letter deletions (4+ letters, up to the
-- 64th). A query word's keys meeting a dictionary word's keys put the two within two edits; the caller
-- checks for one. Estimates stay small (ROWS, a constant series), or a 1 ms query can look costly enough
-- to be JIT-compiled.
CREATE FUNCTION search_word_keys(word text, latin text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE ROWS 20 AS $$
  SELECT f FROM unnest(ARRAY[word, latin]) AS f WHERE char_length(f) >= 3
  UNION
  SELECT overlay(f PLACING '' FROM i FOR 1)
  FROM unnest(ARRAY[word, latin]) AS f CROSS JOIN generate_series(1, 64) AS i
  WHERE char_length(f) >= 4 AND i <= char_length(f)
$$;

-- A query's words, each with the dictionary words it may mean: the same Latin spelling, the shortest
-- completions (the word is their prefix) and the words sharing a one-letter deletion with it in either
-- spelling (symmetric delete; the caller keeps those truly one edit away). ord is the word's position;
-- a word with no candidate still comes once, with null id. PL/pgSQL so that each connection plans this
-- once, not at every keystroke.
CREATE FUNCTION search_expand_words(query text, prefix_min integer, typo_min integer, prefix_limit integer)
RETURNS TABLE (ord integer, word text, latin text, legal_form boolean, id bigint, candidate text,
  candidate_latin text)
LANGUAGE plpgsql STABLE PARALLEL SAFE ROWS 50 AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH q AS (
    SELECT min(t.ord)::integer AS ord, t.word, search_latin(t.word) AS latin
    FROM unnest(ARRAY(SELECT search_name_words(query))) WITH ORDINALITY AS t(word, ord)
    GROUP BY t.word
  )
  SELECT q.ord, q.word, q.latin, search_legal_form(q.word), c.id, c.word, c.latin
  FROM q CROSS JOIN LATERAL (
    SELECT d.id, d.word, d.latin FROM profile_search_words d WHERE d.latin = q.latin
    UNION
    (SELECT d.id, d.word, d.latin FROM profile_search_words d
     WHERE char_length(q.latin) >= prefix_min AND d.latin > q.latin AND d.latin < (q.latin || chr(1114111))
     ORDER BY char_length(d.latin), d.latin LIMIT prefix_limit)
    UNION
    SELECT d.id, d.word, d.latin
    FROM search_word_keys(q.word, q.latin) AS k(key)
    JOIN profile_search_word_keys x ON x.key = k.key
    JOIN profile_search_words d ON d.id = x.word_id
    WHERE char_length(q.latin) >= typo_min
  ) AS c
  UNION ALL
  SELECT q.ord, q.word, q.latin, search_legal_form(q.word), NULL, NULL, NULL FROM q;
END
$$;

-- Every name a profile is known by: its display name first, its legal name second (either may repeat
-- below), then its source records' names. Merged profiles are not searched.
CREATE VIEW profile_search_name_lists AS
SELECT p.id AS profile_id,
  ARRAY[p.display_name, p.legal_name] || ARRAY(
    SELECT n.name
    FROM source_records s CROSS JOIN LATERAL (VALUES (1, s.display_name), (2, s.legal_name)) AS n(k, name)
    WHERE s.profile_id = p.id AND n.name IS NOT NULL
    ORDER BY s.id, n.k) AS names
FROM profiles p
WHERE p.status <> 'merged';

-- Distinct normalised name words. Words no profile holds any more stay until the next rebuild.
-- Collation C: byte order, so prefix ranges use the index and sorting is cheap.
CREATE TABLE profile_search_words (
  id bigint PRIMARY KEY,
  word text COLLATE "C" NOT NULL,
  latin text COLLATE "C" NOT NULL,
  legal_form boolean NOT NULL
);
CREATE UNIQUE INDEX profile_search_words_word ON profile_search_words (word);
CREATE INDEX profile_search_words_latin ON profile_search_words (latin);

-- Each dictionary word's spellings and their one-letter deletions (search_word_keys).
CREATE TABLE profile_search_word_keys (
  key text COLLATE "C" NOT NULL,
  word_id bigint NOT NULL,
  PRIMARY KEY (key, word_id)
);

-- The word ids of every name of a profile. No foreign key: the bulk rebuild writes 1M rows, and search
-- joins profiles anyway, so a row left behind by a deleted profile finds nothing.
CREATE TABLE profile_search_names (
  profile_id uuid PRIMARY KEY,
  word_ids bigint[] NOT NULL,
  -- Letters in the display name's words, legal forms left out: shorter names rank first among equal
  -- matches ("ООО «Ромашка»" before "Ромашка Плюс").
  name_length integer NOT NULL,
  -- The profile's display name, so candidates are ranked without reading a profile row each.
  display_name text COLLATE "C" NOT NULL
);
CREATE INDEX profile_search_names_words ON profile_search_names USING gin (word_ids);
-- Ten times the default statistics: with the default, each rare word is guessed to be held by ~150 of a
-- million profiles, fifty prefix completions by ~7,500, and the planner reads 80 MB sequentially for
-- 200 candidates instead of using the index.
ALTER TABLE profile_search_names ALTER COLUMN word_ids SET STATISTICS 1000;

-- Search by an ERP's own customer id (any source, any stream).
CREATE INDEX source_records_external_id ON source_records (external_id);

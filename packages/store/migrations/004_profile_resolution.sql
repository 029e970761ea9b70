-- 004 persisted identity resolution: which records wait to be resolved, how each record joined its
-- profile, the keys that were refused, and the merge history that explain shows and undo reverses.

-- The content hash a record had when it was last resolved: a record whose hash differs (new, changed,
-- deleted) waits for the resolver. The partial index holds only those, so it stays small.
ALTER TABLE source_records ADD COLUMN resolved_hash text;
CREATE INDEX source_records_pending ON source_records (id) WHERE resolved_hash IS DISTINCT FROM content_hash;
-- The profile the record came from (its first, or the one an undo gives it back to): a cluster of such
-- records revives that profile's id when it is no longer in use.
ALTER TABLE source_records ADD COLUMN first_profile_id uuid;
-- How the record came into its profile: the key (or a person's decision) and the record it matched.
ALTER TABLE source_records ADD COLUMN joined_by text;
ALTER TABLE source_records ADD COLUMN joined_key text;
ALTER TABLE source_records ADD COLUMN joined_via bigint;
-- Resolution rewrites every record's profile_id on a first load: each index on source_records makes that
-- slower (a non-HOT update inserts into all of them). Name search moved to a word dictionary (005), and
-- pending records are found by resolved_hash, so these go.
DROP INDEX source_records_name_trgm;
DROP INDEX source_records_unresolved;
DROP INDEX profiles_name_trgm;
-- Keys are looked up by (kind, value) and by record, never by profile.
DROP INDEX profile_keys_profile;

-- An order whose hash differs from the one its profile's metrics saw changes those metrics.
ALTER TABLE orders ADD COLUMN counted_hash text;
CREATE INDEX orders_pending ON orders (id) WHERE counted_hash IS DISTINCT FROM content_hash;

-- Who looks after the customer: set by hand or by the owner rules of a later issue.
ALTER TABLE profiles ADD COLUMN owner_id uuid REFERENCES employees (id) ON DELETE SET NULL;
ALTER TABLE profiles ADD COLUMN source_count integer NOT NULL DEFAULT 0;
CREATE INDEX profiles_merged_into ON profiles (merged_into) WHERE merged_into IS NOT NULL;

ALTER TABLE profile_metrics ADD COLUMN vip boolean NOT NULL DEFAULT false;
ALTER TABLE profile_metrics ADD COLUMN average_order_value numeric(20, 4);
ALTER TABLE profile_metrics ADD COLUMN churn_reason text;
ALTER TABLE profile_metrics ADD COLUMN missing_rates text[] NOT NULL DEFAULT '{}';
-- The RFM inputs, so the quintiles over the whole base are recomputed without reading every order.
ALTER TABLE profile_metrics ADD COLUMN rfm_recency_days integer;
ALTER TABLE profile_metrics ADD COLUMN rfm_frequency integer;
ALTER TABLE profile_metrics ADD COLUMN rfm_monetary numeric(20, 4);
CREATE INDEX profile_metrics_ltv ON profile_metrics (ltv DESC NULLS LAST);

-- Keys the resolver would not link on, with the reason: explain and the demo report show them.
CREATE TABLE profile_refusals (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- value: one record's written value is not a key; key: a key links nothing; link: two records were kept apart.
  type text NOT NULL CHECK (type IN ('value', 'key', 'link')),
  source_record_id bigint REFERENCES source_records (id) ON DELETE CASCADE,
  other_source_record_id bigint REFERENCES source_records (id) ON DELETE CASCADE,
  kind text NOT NULL,
  key text,
  reason text NOT NULL,
  holders integer,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX profile_refusals_record ON profile_refusals (source_record_id);
CREATE INDEX profile_refusals_other ON profile_refusals (other_source_record_id);
CREATE INDEX profile_refusals_key ON profile_refusals (kind, key) WHERE type = 'key';

-- One row per profile folded into another: what joined, by which key, when, by whom; undo reverses it.
CREATE TABLE profile_merges (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  survivor_id uuid NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  absorbed_id uuid NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  -- inn, ogrn, vat, erp_ref, email, phone, or manual.
  link_kind text NOT NULL,
  link_key text,
  source_record_id bigint REFERENCES source_records (id) ON DELETE SET NULL,
  other_source_record_id bigint REFERENCES source_records (id) ON DELETE SET NULL,
  -- The records the absorbed profile held when it was folded: what an undo takes out again.
  absorbed_record_ids bigint[] NOT NULL DEFAULT '{}',
  actor_kind text NOT NULL CHECK (actor_kind IN ('employee', 'cli', 'api_key', 'system')),
  actor_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  undone_at timestamptz,
  undone_by text,
  CHECK (survivor_id <> absorbed_id)
);
CREATE INDEX profile_merges_survivor ON profile_merges (survivor_id, created_at DESC);
CREATE INDEX profile_merges_absorbed ON profile_merges (absorbed_id);


-- 001 initial schema: every table ARCHITECTURE.md lists. Runs unchanged on PostgreSQL 15+ and PGlite (PG 18).
-- Enum-like columns are text + CHECK (cheaper to extend than CREATE TYPE … AS ENUM).
-- Raw ERP payloads are `json`, not `jsonb`: we never query inside them and json is ~2x cheaper to write.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Identity -----------------------------------------------------------------------------------------

CREATE TABLE employees (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  email text,
  role text NOT NULL DEFAULT 'agent' CHECK (role IN ('admin', 'manager', 'agent', 'viewer')),
  slack_user_id text CONSTRAINT employees_slack_user_id_key UNIQUE,
  telegram_user_id bigint CONSTRAINT employees_telegram_user_id_key UNIQUE CHECK (telegram_user_id > 0),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  -- The first characters of the key, shown in lists and used to find the row; the key itself is never stored.
  prefix text NOT NULL UNIQUE,
  key_hash text NOT NULL,
  scopes text[] NOT NULL DEFAULT '{}',
  employee_id uuid REFERENCES employees (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz
);

-- Profiles (the golden record) ---------------------------------------------------------------------

CREATE TABLE profiles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('organization', 'person')),
  display_name text NOT NULL,
  name_norm text GENERATED ALWAYS AS (lower(translate(display_name, 'Ёё', 'Ее'))) STORED,
  legal_name text,
  primary_email text,
  primary_phone text,
  tax_ids jsonb NOT NULL DEFAULT '[]',
  address jsonb,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'merged')),
  -- Set when a manual merge folded this profile into another one.
  merged_into uuid REFERENCES profiles (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX profiles_name_trgm ON profiles USING gin (name_norm gin_trgm_ops);
CREATE INDEX profiles_primary_email ON profiles (primary_email) WHERE primary_email IS NOT NULL;
CREATE INDEX profiles_primary_phone ON profiles (primary_phone) WHERE primary_phone IS NOT NULL;

-- Source data ---------------------------------------------------------------------------------------

CREATE TABLE source_records (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source text NOT NULL,
  stream text NOT NULL,
  external_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('organization', 'person')),
  display_name text NOT NULL,
  -- Lower-cased, ё folded to е: what name search compares, kept by Postgres so no writer can forget it.
  name_norm text GENERATED ALWAYS AS (lower(translate(display_name, 'Ёё', 'Ее'))) STORED,
  legal_name text,
  emails text[] NOT NULL DEFAULT '{}',
  phones text[] NOT NULL DEFAULT '{}',
  tax_ids jsonb NOT NULL DEFAULT '[]',
  addresses jsonb NOT NULL DEFAULT '[]',
  organization_external_id text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived', 'deleted')),
  source_modified_at timestamptz,
  raw json,
  content_hash text NOT NULL,
  profile_id uuid REFERENCES profiles (id) ON DELETE SET NULL,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT source_records_source_stream_external_id_key UNIQUE (source, stream, external_id)
);
CREATE INDEX source_records_name_trgm ON source_records USING gin (name_norm gin_trgm_ops);
CREATE INDEX source_records_profile ON source_records (profile_id);
-- Identity resolution picks up records that have no profile yet.
CREATE INDEX source_records_unresolved ON source_records (id) WHERE profile_id IS NULL;
CREATE INDEX source_records_organization ON source_records (source, organization_external_id)
  WHERE organization_external_id IS NOT NULL;

CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source text NOT NULL,
  external_id text NOT NULL,
  number text NOT NULL,
  customer_external_id text NOT NULL,
  status text NOT NULL
    CHECK (status IN ('draft', 'sent', 'confirmed', 'on_hold', 'fulfilled', 'closed', 'cancelled')),
  erp_status text NOT NULL DEFAULT '',
  ordered_at timestamptz NOT NULL,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  net_amount numeric(20, 4) NOT NULL,
  tax_amount numeric(20, 4) NOT NULL,
  total_amount numeric(20, 4) NOT NULL,
  record_status text NOT NULL DEFAULT 'active' CHECK (record_status IN ('active', 'archived', 'deleted')),
  source_modified_at timestamptz,
  raw json,
  content_hash text NOT NULL,
  profile_id uuid REFERENCES profiles (id) ON DELETE SET NULL,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT orders_source_external_id_key UNIQUE (source, external_id)
);
-- Linking orders to a profile goes through the customer's source record.
CREATE INDEX orders_customer ON orders (source, customer_external_id);
-- The customer card and metrics read a profile's orders newest first.
CREATE INDEX orders_profile ON orders (profile_id, ordered_at DESC);
CREATE INDEX orders_number ON orders (number);

CREATE TABLE order_lines (
  order_id bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  line_no integer NOT NULL CHECK (line_no >= 0),
  product_code text,
  name text NOT NULL,
  quantity numeric(20, 6) NOT NULL,
  unit_price numeric(20, 6) NOT NULL,
  amount numeric(20, 4) NOT NULL,
  PRIMARY KEY (order_id, line_no)
);

-- Identity resolution -------------------------------------------------------------------------------

CREATE TABLE profile_keys (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('email', 'phone', 'tax_id', 'xref')),
  -- Normalised: e-mail lower-cased, phone E.164, tax id stripped (ARCHITECTURE.md, Profiles).
  value text NOT NULL,
  profile_id uuid NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  source_record_id bigint NOT NULL REFERENCES source_records (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT profile_keys_kind_value_record_key UNIQUE (kind, value, source_record_id)
);
CREATE INDEX profile_keys_profile ON profile_keys (profile_id);
CREATE INDEX profile_keys_record ON profile_keys (source_record_id);

CREATE TABLE profile_links (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  decision text NOT NULL CHECK (decision IN ('merge', 'never_merge', 'split')),
  source_record_id bigint NOT NULL REFERENCES source_records (id) ON DELETE CASCADE,
  -- The other record of a merge / never-merge pair; null for a split (take this record out on its own).
  other_source_record_id bigint REFERENCES source_records (id) ON DELETE CASCADE,
  actor_kind text NOT NULL CHECK (actor_kind IN ('employee', 'cli', 'api_key', 'system')),
  actor_id text,
  reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  CHECK ((decision = 'split') = (other_source_record_id IS NULL)),
  CHECK (other_source_record_id IS DISTINCT FROM source_record_id)
);
CREATE INDEX profile_links_record ON profile_links (source_record_id);
CREATE INDEX profile_links_other ON profile_links (other_source_record_id);

CREATE TABLE profile_metrics (
  profile_id uuid PRIMARY KEY REFERENCES profiles (id) ON DELETE CASCADE,
  -- {"EUR": "1200.0000", "RUB": "…"}: amounts as strings, exact.
  revenue jsonb NOT NULL DEFAULT '{}',
  revenue_base numeric(20, 4) NOT NULL DEFAULT 0,
  base_currency text NOT NULL CHECK (base_currency ~ '^[A-Z]{3}$'),
  order_count integer NOT NULL DEFAULT 0,
  first_order_at timestamptz,
  last_order_at timestamptz,
  typical_gap_days numeric(10, 2),
  rfm_r smallint CHECK (rfm_r BETWEEN 1 AND 5),
  rfm_f smallint CHECK (rfm_f BETWEEN 1 AND 5),
  rfm_m smallint CHECK (rfm_m BETWEEN 1 AND 5),
  segment text,
  ltv numeric(20, 4),
  dormant boolean NOT NULL DEFAULT false,
  churn_risk boolean NOT NULL DEFAULT false,
  reason text,
  computed_at timestamptz NOT NULL DEFAULT now()
);
-- The dormant sweep and the "who went quiet" list read only flagged profiles.
CREATE INDEX profile_metrics_flagged ON profile_metrics (last_order_at) WHERE dormant OR churn_risk;
CREATE INDEX profile_metrics_segment ON profile_metrics (segment);

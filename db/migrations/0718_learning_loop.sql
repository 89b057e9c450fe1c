-- Up Migration
-- The learning loop (issue 18): what callers asked that the receptionist could not answer, the
-- owner's answers to them (versioned, searchable beside the documents), document passages for
-- per-turn retrieval, and synthetic conversations kept apart from real calls.

CREATE EXTENSION IF NOT EXISTS btree_gin;

-- Synthetic conversations (imported or generated) live beside real calls, flagged. Their turns
-- carry the flag too (analytics over turns need no join), and a composite foreign key makes the
-- database keep the two in step: a turn can never be real inside a synthetic call or the reverse.
ALTER TABLE calls
  ADD COLUMN synthetic boolean NOT NULL DEFAULT false,
  -- The client's id of an imported conversation: re-importing the same file changes nothing.
  ADD COLUMN external_id text CHECK (external_id IS NULL OR length(external_id) BETWEEN 1 AND 200),
  -- What the importer said about the conversation, kept as given: format, metadata (industry,
  -- profession, callType, …) and the system prompt of a fine-tuning record.
  ADD COLUMN synthetic_meta jsonb,
  ADD CONSTRAINT calls_external_id_only_synthetic CHECK (external_id IS NULL OR synthetic);
CREATE UNIQUE INDEX calls_customer_external_idx ON calls (customer_id, external_id)
  WHERE external_id IS NOT NULL;
CREATE UNIQUE INDEX calls_id_synthetic_key ON calls (id, synthetic);

ALTER TABLE conversation_turns
  ADD COLUMN synthetic boolean NOT NULL DEFAULT false,
  ADD COLUMN external_id text CHECK (external_id IS NULL OR length(external_id) BETWEEN 1 AND 200),
  -- Which knowledge answered the caller: {kind: business_fact|document|owner_answer, ref, id,
  -- title, version?, score}. Null when the turn was not answered from knowledge.
  ADD COLUMN answer_source jsonb,
  -- Why the receptionist could not answer: the built-in engine's fallback, the model's
  -- "I don't know" tool, or an answer from a weak match.
  ADD COLUMN unanswered text CHECK (unanswered IN ('fallback', 'model_unknown', 'low_confidence'));
ALTER TABLE conversation_turns DROP CONSTRAINT conversation_turns_call_id_fkey;
ALTER TABLE conversation_turns ADD CONSTRAINT conversation_turns_call_fkey
  FOREIGN KEY (call_id, synthetic) REFERENCES calls (id, synthetic) ON DELETE CASCADE ON UPDATE CASCADE;
CREATE UNIQUE INDEX conversation_turns_customer_external_idx ON conversation_turns (customer_id, external_id)
  WHERE external_id IS NOT NULL;

-- Real calls and turns are what owners, dashboards and billing read; these partial indexes serve
-- them without ever visiting a synthetic row (and synthetic rows cost these indexes nothing).
CREATE INDEX calls_customer_started_real_idx ON calls (customer_id, started_at DESC, id DESC)
  WHERE NOT synthetic;
CREATE INDEX calls_customer_started_real_cover_idx ON calls (customer_id, started_at)
  INCLUDE (outcome, appointment_booked, duration_ms) WHERE NOT synthetic;
DROP INDEX IF EXISTS calls_customer_started_cover_idx;
CREATE INDEX conversation_turns_customer_real_idx ON conversation_turns (customer_id, created_at DESC, id DESC)
  WHERE NOT synthetic;

-- The owner's answers: one row per answer (its current version), every version kept.
CREATE TABLE knowledge_answers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  question text NOT NULL CHECK (length(question) BETWEEN 1 AND 500),
  answer text NOT NULL CHECK (length(answer) BETWEEN 1 AND 2000),
  -- Other ways callers asked it (newline separated), so retrieval finds it by their words too.
  phrasings text NOT NULL DEFAULT '' CHECK (length(phrasings) <= 5000),
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', question || ' ' || phrasings), 'A') ||
    setweight(to_tsvector('english', answer), 'B')) STORED
);
CREATE INDEX knowledge_answers_customer_idx ON knowledge_answers (customer_id, status, updated_at DESC);
CREATE INDEX knowledge_answers_search_idx ON knowledge_answers USING gin (customer_id, search);

CREATE TABLE knowledge_answer_versions (
  answer_id uuid NOT NULL REFERENCES knowledge_answers (id) ON DELETE CASCADE,
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version >= 1),
  question text NOT NULL,
  answer text NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'archived')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (answer_id, version)
);

-- Uploaded documents are searched passage by passage: a caller's question is answered by the
-- paragraph that covers it, not by a whole file that happens to contain one of its words.
CREATE TABLE knowledge_passages (
  document_id uuid NOT NULL REFERENCES business_documents (id) ON DELETE CASCADE,
  ordinal integer NOT NULL CHECK (ordinal >= 1),
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  content text NOT NULL,
  search tsvector GENERATED ALWAYS AS (to_tsvector('english', content)) STORED,
  PRIMARY KEY (document_id, ordinal)
);
CREATE INDEX knowledge_passages_search_idx ON knowledge_passages USING gin (customer_id, search);

-- Passages of at most ~80 words: lines accumulate until about 50 words (a question line stays
-- with its answer), a blank line ends a passage, and an over-long line is cut into sentence and
-- word windows. Done in the database so every way a document arrives is indexed the same.
CREATE FUNCTION knowledge_passages_of(body text) RETURNS TABLE (ordinal integer, content text)
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  line text;
  piece text;
  words text[];
  chunk text := '';
  chunk_words integer := 0;
  n integer := 0;
  i integer;
BEGIN
  FOREACH line IN ARRAY regexp_split_to_array(coalesce(body, ''), E'\n') LOOP
    line := btrim(regexp_replace(line, '\s+', ' ', 'g'));
    IF line = '' THEN
      IF chunk <> '' THEN n := n + 1; ordinal := n; content := chunk; RETURN NEXT; END IF;
      chunk := ''; chunk_words := 0;
      CONTINUE;
    END IF;
    words := regexp_split_to_array(line, ' ');
    IF array_length(words, 1) > 80 THEN
      IF chunk <> '' THEN n := n + 1; ordinal := n; content := chunk; RETURN NEXT; END IF;
      chunk := ''; chunk_words := 0;
      FOR piece IN SELECT btrim(m[1]) FROM regexp_matches(line, '([^.!?]+[.!?]*)', 'g') AS m LOOP
        CONTINUE WHEN piece = '';
        words := regexp_split_to_array(piece, ' ');
        i := 1;
        WHILE i <= array_length(words, 1) LOOP
          chunk := btrim(chunk || ' ' || array_to_string(words[i:i + 59], ' '));
          chunk_words := chunk_words + least(60, array_length(words, 1) - i + 1);
          i := i + 60;
          IF chunk_words >= 50 THEN
            n := n + 1; ordinal := n; content := chunk; RETURN NEXT;
            chunk := ''; chunk_words := 0;
          END IF;
        END LOOP;
      END LOOP;
      CONTINUE;
    END IF;
    chunk := btrim(chunk || ' ' || line);
    chunk_words := chunk_words + array_length(words, 1);
    IF chunk_words >= 50 AND line !~ '[?:]$' THEN
      n := n + 1; ordinal := n; content := chunk; RETURN NEXT;
      chunk := ''; chunk_words := 0;
    END IF;
  END LOOP;
  IF chunk <> '' THEN n := n + 1; ordinal := n; content := chunk; RETURN NEXT; END IF;
END $$;

CREATE FUNCTION business_documents_index_passages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM knowledge_passages WHERE document_id = NEW.id;
  INSERT INTO knowledge_passages (document_id, ordinal, customer_id, content)
    SELECT NEW.id, p.ordinal, NEW.customer_id, p.content FROM knowledge_passages_of(NEW.content) p;
  RETURN NULL;
END $$;
CREATE TRIGGER business_documents_passages AFTER INSERT OR UPDATE OF content ON business_documents
  FOR EACH ROW EXECUTE FUNCTION business_documents_index_passages();

INSERT INTO knowledge_passages (document_id, ordinal, customer_id, content)
  SELECT d.id, p.ordinal, d.customer_id, p.content
  FROM business_documents d CROSS JOIN LATERAL knowledge_passages_of(d.content) p;

-- "Questions callers asked": unanswered turns grouped by what they ask (their content words).
CREATE TABLE caller_questions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  question text NOT NULL CHECK (length(question) BETWEEN 1 AND 1000),
  lexemes text[] NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'dismissed')),
  answer_id uuid REFERENCES knowledge_answers (id) ON DELETE SET NULL,
  first_asked_at timestamptz NOT NULL,
  last_asked_at timestamptz NOT NULL,
  answered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX caller_questions_customer_idx ON caller_questions (customer_id, status, last_asked_at DESC);
CREATE INDEX caller_questions_lexemes_idx ON caller_questions USING gin (customer_id, lexemes);

ALTER TABLE conversation_turns
  ADD COLUMN question_id uuid REFERENCES caller_questions (id) ON DELETE SET NULL;
CREATE INDEX conversation_turns_question_idx ON conversation_turns (question_id, created_at DESC)
  WHERE question_id IS NOT NULL;
-- Unanswered real turns not yet grouped into a question (grouping catches up on read).
CREATE INDEX conversation_turns_unanswered_pending_idx ON conversation_turns (customer_id, created_at)
  WHERE unanswered IS NOT NULL AND question_id IS NULL AND NOT synthetic;

-- Down Migration
DROP INDEX IF EXISTS conversation_turns_unanswered_pending_idx, conversation_turns_question_idx;
ALTER TABLE conversation_turns DROP COLUMN IF EXISTS question_id;
DROP TABLE IF EXISTS caller_questions;
DROP TRIGGER IF EXISTS business_documents_passages ON business_documents;
DROP FUNCTION IF EXISTS business_documents_index_passages();
DROP FUNCTION IF EXISTS knowledge_passages_of(text);
DROP TABLE IF EXISTS knowledge_passages, knowledge_answer_versions, knowledge_answers;
DROP INDEX IF EXISTS conversation_turns_customer_real_idx, calls_customer_started_real_cover_idx,
  calls_customer_started_real_idx, conversation_turns_customer_external_idx;
CREATE INDEX IF NOT EXISTS calls_customer_started_cover_idx ON calls (customer_id, started_at)
  INCLUDE (outcome, appointment_booked, duration_ms);
ALTER TABLE conversation_turns DROP CONSTRAINT IF EXISTS conversation_turns_call_fkey;
ALTER TABLE conversation_turns ADD CONSTRAINT conversation_turns_call_id_fkey
  FOREIGN KEY (call_id) REFERENCES calls (id) ON DELETE CASCADE;
ALTER TABLE conversation_turns DROP COLUMN IF EXISTS unanswered, DROP COLUMN IF EXISTS answer_source,
  DROP COLUMN IF EXISTS external_id, DROP COLUMN IF EXISTS synthetic;
DROP INDEX IF EXISTS calls_id_synthetic_key, calls_customer_external_idx;
ALTER TABLE calls DROP CONSTRAINT IF EXISTS calls_external_id_only_synthetic,
  DROP COLUMN IF EXISTS synthetic_meta, DROP COLUMN IF EXISTS external_id, DROP COLUMN IF EXISTS synthetic;

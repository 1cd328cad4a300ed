-- PostgreSQL grants for a quizapp study group: members review, only the owner writes notes,
-- and each member's login reads and writes only its own study.
--
-- quizapp enforces roles itself (owner/editor import and change notes, members review).
-- With these grants the database enforces them too, so a member's own login cannot write
-- notes, cards or deck defaults even outside quizapp; and with row-level security it sees
-- and changes only its own user's card states, reviews, quiz sessions and settings (so
-- `quizapp stats --all-users` shows a member only their own row). A member's login name must
-- be their quizapp user name. Run as the login that owns the deck's tables (the one whose
-- first `quizapp import` created them), after that first import:
--
--     psql "$DECK" -f docs/postgres-roles.sql
--
-- then one login per member, and their quizapp user (as the owner):
--
--     CREATE ROLE minho LOGIN PASSWORD '…' IN ROLE quizapp_member;
--     quizapp --user kim users minho --role member
--
-- Tables added by later quizapp versions need the SELECT grant again (re-run this file).

DO $$ BEGIN
    CREATE ROLE quizapp_member NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;

GRANT USAGE ON SCHEMA public TO quizapp_member;
-- Reading everything: notes, cards, decks, the other members (for `stats --all-users`).
GRANT SELECT ON ALL TABLES IN SCHEMA public TO quizapp_member;
-- Writing only their study: card states (rate, bury, suspend), the review log (undo
-- deletes a row), quiz sessions and answers, their own deck settings and fitted weights.
GRANT INSERT, UPDATE, DELETE ON cardstate, reviewlog, quizrun, quizanswer, userdecksettings
    TO quizapp_member;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO quizapp_member;
-- Not granted: deck, note, card, source, meta, alembic_version, deckuser. A member's login
-- can therefore neither import nor upgrade the schema, nor make itself an owner.

-- Row-level security: a member's login reaches only the rows of the quizapp user named like
-- it. Every other login (the owner's, editors') keeps reaching every row.
CREATE OR REPLACE FUNCTION quizapp_member_user() RETURNS integer
    LANGUAGE sql STABLE AS $$ SELECT id FROM deckuser WHERE name = current_user $$;

DO $$
DECLARE
    tables text[] := ARRAY['cardstate', 'reviewlog', 'quizrun', 'userdecksettings'];
    t text;
BEGIN
    FOREACH t IN ARRAY tables LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('DROP POLICY IF EXISTS quizapp_own_rows ON %I', t);
        EXECUTE format('DROP POLICY IF EXISTS quizapp_not_members ON %I', t);
        EXECUTE format(
            'CREATE POLICY quizapp_own_rows ON %I TO quizapp_member '
            'USING (user_id = quizapp_member_user()) '
            'WITH CHECK (user_id = quizapp_member_user())', t);
        EXECUTE format(
            'CREATE POLICY quizapp_not_members ON %I '
            'USING (NOT pg_has_role(current_user, ''quizapp_member'', ''MEMBER''))', t);
    END LOOP;
END $$;

-- A quiz answer belongs to its session's user.
ALTER TABLE quizanswer ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS quizapp_own_rows ON quizanswer;
DROP POLICY IF EXISTS quizapp_not_members ON quizanswer;
CREATE POLICY quizapp_own_rows ON quizanswer TO quizapp_member
    USING (run_id IN (SELECT id FROM quizrun))
    WITH CHECK (run_id IN (SELECT id FROM quizrun));
CREATE POLICY quizapp_not_members ON quizanswer
    USING (NOT pg_has_role(current_user, 'quizapp_member', 'MEMBER'));

-- PostgreSQL grants for a quizapp study group: members review, only the owner writes notes.
--
-- quizapp enforces roles itself (owner/editor import and change notes, members review).
-- With these grants the database enforces them too, so a member's own login cannot write
-- notes, cards or deck settings even outside quizapp. Run as the login that owns the deck's
-- tables (the one whose first `quizapp import` created them), after that first import:
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
-- deletes a row), quiz sessions and answers.
GRANT INSERT, UPDATE, DELETE ON cardstate, reviewlog, quizrun, quizanswer TO quizapp_member;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO quizapp_member;
-- Not granted: deck, note, card, source, meta, alembic_version, deckuser. A member's login
-- can therefore neither import nor upgrade the schema, nor make itself an owner.

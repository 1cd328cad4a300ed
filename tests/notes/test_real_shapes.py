"""On our own mixed corpus the importer makes the cards a careful reader would (real_shapes.py)."""

from __future__ import annotations

from quizapp.notes import read_note

from . import held_out
from .real_shapes import CORPUS, score


def test_recall_and_precision_against_the_examiner_labels() -> None:
    """100 % / 100 % today; ≥ 97 % each allows two misses and two junk cards of 95 (at 90 %
    a change that turned four table cells into one card passed unnoticed)."""
    result = score()
    assert result.labels >= 90
    assert result.recall >= 0.97, result.missed
    assert result.precision >= 0.97, result.junk


def test_every_rule_makes_cards_somewhere_in_the_corpus() -> None:
    result = score()
    expected = {
        "question_heading", "heading_definition", "details_question", "choice",
        "open_questions", "definitions", "ordering", "colon_paragraph", "table_rows",
        "label_list", "heading_item", "nested_answer",
    }  # fmt: skip
    assert expected <= set(result.by_rule)


def test_corpus_answers_hold_no_html_blocks_navigation_or_struck_text() -> None:
    for path in sorted(CORPUS.glob("*.md")):
        for card in read_note(path, CORPUS).cards:
            for bad in ("<div", "<p>", "<ul", "<li", "<details", "</summary", "back to top"):
                assert bad not in card.answer, (path.name, card.line, card.answer)
            assert "a session for every client" not in card.answer  # <del> text


def _meets(result: held_out.Score, *, labels: int, recall: float, precision: float) -> None:
    """A held-out set's figures against its thresholds; answers must be right for 95 %."""
    assert result.labels >= labels
    assert result.recall >= recall, result.missed
    assert result.precision >= precision, result.junk
    assert result.answers_right >= 0.95, result.wrong


def test_held_out_recall_precision_and_answers() -> None:
    """The held-out corpus (labels committed before the importer ran on it).

    Thresholds: written blind, the labels were met at 78 % recall / 99 % precision before
    this round's shape work and at 98 % / 100 % after (100 % / 100 % once `A vs B` headings
    over one item per side left the items their cards). Recall ≥ 95 % allows six misses of
    125: losing any rule that makes six cards here (answer_key, open_questions) fails, as
    does any three junk cards (precision ≥ 97 %) or six wrong answers.
    """
    _meets(held_out.score(), labels=120, recall=0.95, precision=0.97)


def test_second_held_out_recall_precision_and_answers() -> None:
    """The second blind set: 93 % / 100 % as labelled, 100 % / 100 % after its three misses
    were fixed as general rules. Recall ≥ 93 % (three misses of 45) keeps the figure it had
    untouched; precision ≥ 95 % allows two junk cards."""
    _meets(held_out.score(held_out.SECOND), labels=45, recall=0.93, precision=0.95)


def test_every_rule_still_makes_the_held_out_cards_it_made() -> None:
    by_rule = held_out.score().by_rule + held_out.score(held_out.SECOND).by_rule
    expected = {
        "question_heading", "heading_definition", "details_question", "qa_marker", "choice",
        "answer_key", "open_questions", "definitions", "ordering", "colon_paragraph",
        "table_rows", "label_list", "term_break", "nested_answer", "bold_question",
    }  # fmt: skip
    assert expected <= set(by_rule)


def test_third_held_out_recall_precision_and_answers() -> None:
    """Set C, twelve notes (8 Korean) labelled blind by an examiner before the importer ran on
    them: 67 % recall / 87 % precision as labelled, 99 % (135/136) / 97 % (141/145) after this
    round's general fixes. (The four cards not matching a label are the row cards of an O/X
    matrix, which replaced sixteen one-character cell cards the labels had accepted.)
    Recall ≥ 97 % and precision ≥ 95 % leave a margin of two cards each."""
    _meets(held_out.score(held_out.THIRD), labels=130, recall=0.97, precision=0.95)


def test_fourth_held_out_recall_precision_and_answers() -> None:
    """Set D, five notes written after set C's fixes and scored once, untuned: 51 % recall /
    81 % precision with the rules before that round, 77 % (30/39) / 94 % (30/32) blind. After
    general fixes of its misses (comparison table before a callout, lock/put/signal steps,
    rules lists, bold term labels, 경우/problems lists): 100 % (39/39) / 98 % (39/40; the
    extra card asks the whole SOLID list, which D's examiner did not label). No longer blind.
    Recall ≥ 97 % and precision ≥ 95 % allow one miss and one more junk card."""
    _meets(held_out.score(held_out.FOURTH), labels=39, recall=0.97, precision=0.95)


def test_fifth_held_out_recall_precision_and_answers() -> None:
    """Set E, eight notes (five Korean) in topics and styles A–D lack, labelled and committed
    before the importer ran: 86 % (72/84) recall / 90 % (76/84) precision blind, 96 % (81/84)
    / 100 % (88/88) after general fixes made with D's. Recall ≥ 95 % and precision ≥ 97 %
    allow one miss and two junk cards."""
    _meets(held_out.score(held_out.FIFTH), labels=84, recall=0.95, precision=0.97)


def test_sixth_held_out_recall_precision_and_answers() -> None:
    """Set F, eleven notes (six Korean) with every shape issue 10 lists, labelled and committed
    before the importer ran: 88 % (135/153) recall / 94 % (146/156) precision blind, 98 %
    (150/153) / 100 % (163/163) after general fixes (its three misses: a `vs` heading whose two
    term bullets the labels wanted as definitions, and a SOLID list the labels wanted as one
    card and the importer makes five definitions of). Recall ≥ 96 % and precision ≥ 98 %
    allow three more misses and three junk cards."""
    _meets(held_out.score(held_out.SIXTH), labels=150, recall=0.96, precision=0.98)


def test_seventh_eighth_and_ninth_held_out_recall_precision_and_answers() -> None:
    """Sets G, H and I, each written after the previous set's fixes and labelled blind: G 90 %
    (37/41) / 93 % (41/44), H 71 % (25/35) / 74 % (25/34), I 81 % (22/27) / 96 % (24/25)
    blind; after general fixes 100 % / 100 %, 97 % (34/35) / 100 % (34/34) and 100 % / 100 %.
    The thresholds allow about a miss and a junk card each."""
    _meets(held_out.score(held_out.SEVENTH), labels=41, recall=0.95, precision=0.97)
    _meets(held_out.score(held_out.EIGHTH), labels=35, recall=0.94, precision=0.97)
    _meets(held_out.score(held_out.NINTH), labels=27, recall=0.96, precision=0.96)


def test_tenth_held_out_recall_precision_and_answers() -> None:
    """Set J, written after I's fixes: 57 % (8/14) / 67 % (8/12) blind (`**Q. …?**` lines
    answered on the next line were open cards asking the whole paragraph; `…란?` bullets
    answered on a continuation line made none), 100 % / 100 % after. ≥ 92 % allows a miss."""
    _meets(held_out.score(held_out.TENTH), labels=14, recall=0.92, precision=0.92)


def test_eleventh_held_out_recall_precision_and_answers() -> None:
    """Set K, written after J's fixes: 60 % (6/10) / 75 % (6/8) blind (an example-data table
    under `### 예시` made row cards; `**term** - …` items made none), 100 % / 100 % after."""
    _meets(held_out.score(held_out.ELEVENTH), labels=10, recall=0.9, precision=0.9)


def test_twelfth_held_out_recall_precision_and_answers() -> None:
    """Set L, written after K's fixes: 42 % (5/12) / 100 % (5/5) blind (`**꼬리 질문**`
    follow-ups were part of the answer, an HTML `<dl>` and an HTML `<table>` made no cards);
    100 % (12/12) / 100 % after. ≥ 91 % allows a miss."""
    _meets(held_out.score(held_out.TWELFTH), labels=12, recall=0.91, precision=0.91)

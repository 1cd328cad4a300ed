"""Markdown export imports back into the same cards with the same ids, kinds and content."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from quizapp import locations
from quizapp.deck.db import open_database
from quizapp.deck.queries import find_cards
from quizapp.deck.sync import import_paths
from quizapp.export import ExportFormat, export_deck
from quizapp.export.markdown import MarkdownCard, deck_markdown
from quizapp.notes.definitions import MAX_TERM_LENGTH
from quizapp.notes.model import CardKind
from quizapp.notes.parser import parse_note
from tests.conftest import T0
from tests.export.conftest import SECRET

T1 = T0 + timedelta(days=1)
WHERE_IN_THE_FILE = ("section_path", "linked_section", "annotation_line")
"""Extra keys that say where a card sat in its note: the deck file is another note."""


def cards_as_seen(engine: Engine) -> dict[str, tuple]:
    seen = {}
    for card, deck_name in find_cards(engine):
        extra = {k: v for k, v in card.extra.items() if k not in WHERE_IN_THE_FILE}
        seen[card.id] = (deck_name, card.kind, card.question, card.answer, card.tags, extra)
    return seen


def round_trip(engine: Engine, tmp_path: Path) -> Engine:
    out = tmp_path / "exported"
    export_deck(engine, ExportFormat.md, out, now=T1)
    fresh = open_database(f"sqlite:///{tmp_path / 'fresh.db'}")
    summary = import_paths(fresh, [out], now=T1)
    assert not summary.problems
    return fresh


def test_markdown_export_imports_back_into_the_same_cards(deck, tmp_path):
    fresh = round_trip(deck, tmp_path)
    assert cards_as_seen(fresh) == cards_as_seen(deck)
    kinds = {kind for _, kind, *_ in cards_as_seen(fresh).values()}
    assert kinds == {k.value for k in CardKind} - {"flow"}


def test_bundled_notes_survive_the_round_trip(engine, tmp_path):
    import_paths(engine, [locations.bundled_content()], now=T0)
    fresh = round_trip(engine, tmp_path)
    original = cards_as_seen(engine)
    assert len(original) > 100
    assert cards_as_seen(fresh) == original


def test_one_file_per_deck_with_ids_in_annotations(deck, tmp_path):
    result = export_deck(deck, ExportFormat.md, tmp_path / "out", now=T1)
    assert sorted(path.name for path in result.files) == ["네트워크--TCP.md", "네트워크--보안.md"]
    text = (tmp_path / "out" / "네트워크--TCP.md").read_text(encoding="utf-8")
    assert text.startswith('---\ndeck: "네트워크::TCP"\n---\n')
    assert "<!-- quizapp: id=why-3way kind=basic tags=tcp,why -->\n- Q. 왜 3-way" in text
    assert "## 3-way handshake 과정\n\n<!-- quizapp: id=" in text


def test_several_decks_into_one_md_file_is_refused(deck, tmp_path):
    with pytest.raises(ValueError, match="2 decks need a folder"):
        export_deck(deck, ExportFormat.md, tmp_path / "all.md", now=T1)
    result = export_deck(deck, ExportFormat.md, tmp_path / "tcp.md", deck="네트워크::TCP", now=T1)
    assert result.files == [tmp_path / "tcp.md"] and result.cards == 10


def test_a_deck_too_big_for_one_note_file_is_split_and_still_round_trips(
    deck, tmp_path, monkeypatch
):
    import quizapp.export.markdown as markdown_export

    monkeypatch.setattr(markdown_export, "FILE_BUDGET", 600)
    result = export_deck(deck, ExportFormat.md, tmp_path / "exported", now=T1)
    assert len(result.files) > 2  # two decks, each in parts
    assert all(f.stat().st_size <= 1200 for f in result.files)  # one card may overshoot
    fresh = round_trip(deck, tmp_path)
    assert cards_as_seen(fresh) == cards_as_seen(deck)


@pytest.mark.parametrize(
    "card",
    [
        MarkdownCard("multi", "basic", "첫 줄\n둘째 줄", "## 제목이 있는 답\n\n```c\nint x;\n```"),
        MarkdownCard("empty", "basic", "답이 없는 질문?", ""),
        MarkdownCard(
            "rubric",
            "open",
            "TIME_WAIT를 설명하세요",
            "",
            ("면접",),
            {
                "annotation_kind": "rubric",
                "annotation_body": "- 2MSL 동안 기다린다\n- 늦은 세그먼트 --> 폐기",
            },
        ),
        # `TERM: definition` would end the term in `:9:`, which reads as an emoji shortcode.
        MarkdownCard(
            "ratio", "definition", "화면비 16:9", "가로 16, 세로 9", (), {"term": "화면비 16:9"}
        ),
        MarkdownCard(
            "ratio-en",
            "definition",
            "Aspect ratio 4:3",
            "Four wide, three high",
            (),
            {"term": "Aspect ratio 4:3"},
        ),
        MarkdownCard(
            "again",
            "ordering",
            "종료 — 순서대로 나열하세요 (put the steps in order) (2)",
            "1. a\n2. b",
            (),
            {"steps": ["a", "b"]},
        ),
    ],
    ids=lambda card: card.id,
)
def test_awkward_cards_come_back_as_written(card):
    text = deck_markdown("덱", [card])
    if card.kind == "ordering":
        # A second procedure under a heading whose first was not exported loses its "(2)".
        text = deck_markdown(
            "덱",
            [
                MarkdownCard(
                    "first",
                    "ordering",
                    "종료 — 순서대로 나열하세요 (put the steps in order)",
                    "1. x\n2. y",
                    (),
                    {"steps": ["x", "y"]},
                ),
                card,
            ],
        )
    doc = parse_note(text, "덱.md")
    assert not doc.problems
    spec = next(spec for spec in doc.cards if spec.explicit_id == card.id)
    assert (spec.kind, spec.question, spec.answer, spec.tags) == (
        card.kind,
        card.question,
        card.answer,
        card.tags,
    )
    for key, value in card.extra.items():
        assert spec.extra[key] == value


def test_images_go_with_the_deck_files_and_outside_ones_stay_behind(deck, tmp_path):
    result = export_deck(deck, ExportFormat.md, tmp_path / "out", now=T1)

    original = tmp_path / "content" / "network" / "images" / "handshake.png"
    assert (tmp_path / "out" / "images" / "handshake.png").read_bytes() == original.read_bytes()
    assert result.media == 1
    assert sorted(problem.message for problem in result.problems) == [
        "absolute image path '/etc/passwd' is outside the content folder: skipped",
        "image '../../secret.png' is outside the content folder: skipped",
        "image 'images/link.png' is outside the content folder: skipped",
        "image 'x' not found",
    ]
    written = [path for path in (tmp_path / "out").rglob("*") if path.is_file()]
    assert all(path.read_bytes() != SECRET for path in written)


def test_an_image_above_the_note_moves_to_media_and_still_shows(engine, notes_dir, tmp_path):
    (notes_dir / "web").mkdir()
    (notes_dir / "web" / "ref.md").write_text(
        "# 참조\n\nQ. 그림은 어디에?\n\nA. 위 폴더에.\n\n"
        "![그림](../network/images/handshake.png)\n",
        encoding="utf-8",
    )
    import_paths(engine, [notes_dir], now=T0)
    fresh = round_trip(engine, tmp_path)

    (card,) = [card for card, _ in find_cards(fresh) if card.question == "그림은 어디에?"]
    (name,) = [p.name for p in (tmp_path / "exported" / "media").iterdir()]
    assert card.answer == f"위 폴더에.\n\n![그림](media/{name})"
    apkg = export_deck(fresh, ExportFormat.apkg, tmp_path / "again.apkg", now=T1)
    # The image now sits in the export twice (images/ for the note below it, media/ here).
    assert apkg.media == 2
    assert not [problem for problem in apkg.problems if "handshake" in problem.message]


def test_a_term_too_long_for_a_definition_line_comes_back_as_its_question():
    """A table's first cell can be longer than a `TERM: definition` term may be: such a
    card is written as its question, so the round trip keeps it (as a basic card)."""
    term = (
        "클라이언트가 서버에 연결을 요청한 뒤 서버의 응답을 기다리는 동안 머무는 상태의 이름 "
        "(SYN_SENT) — TCP 연결 수립 단계에서 클라이언트 쪽 상태"
    )
    assert len(term) > MAX_TERM_LENGTH
    card = MarkdownCard("long", "definition", term, "SYN을 보낸 뒤의 상태", (), {"term": term})
    doc = parse_note(deck_markdown("덱", [card]), "덱.md")
    assert not doc.problems
    (spec,) = doc.cards
    assert (spec.explicit_id, spec.kind, spec.question, spec.answer) == (
        "long",
        "basic",
        term,
        "SYN을 보낸 뒤의 상태",
    )

"""Rule 6 and the note itself: sections, anchors, titles, front matter and line numbers."""

from __future__ import annotations

from quizapp.notes import CardKind

from .helpers import note

BODY = """
# 혼잡 제어

도입 문단.

## 슬로 스타트
두 배씩 늘린다.

![그래프](images/cwnd.png) 그리고 [RFC 5681](https://www.rfc-editor.org/rfc/rfc5681)

### 임계값
ssthresh.

## 슬로 스타트

## 빠른 재전송 :zap:
중복 ACK 세 번.
"""


def test_sections_have_heading_paths_line_ranges_and_markdown() -> None:
    doc = note(BODY)
    assert [(s.title, s.level, s.start_line, s.end_line) for s in doc.sections] == [
        ("혼잡 제어", 1, 1, 16),
        ("슬로 스타트", 2, 5, 11),
        ("임계값", 3, 10, 11),
        ("슬로 스타트", 2, 13, 13),
        ("빠른 재전송 :zap:", 2, 15, 16),
    ]
    assert doc.sections[2].path == ("혼잡 제어", "슬로 스타트", "임계값")
    assert doc.sections[1].markdown.startswith("## 슬로 스타트\n두 배씩 늘린다.")
    assert "### 임계값" in doc.sections[1].markdown


def test_images_and_links_stay_in_the_section_body() -> None:
    section = note(BODY).sections[1]
    assert "![그래프](images/cwnd.png)" in section.markdown
    assert "[RFC 5681](https://www.rfc-editor.org/rfc/rfc5681)" in section.markdown


def test_anchors_follow_github_including_repeats() -> None:
    anchors = [s.anchor for s in note(BODY).sections]
    assert anchors == ["혼잡-제어", "슬로-스타트", "임계값", "슬로-스타트-1", "빠른-재전송-zap"]


def test_title_comes_from_front_matter_then_first_h1_then_file_name() -> None:
    assert note("---\ntitle: 직접 정한 제목\n---\n# H1\n").title == "직접 정한 제목"
    assert note("## 둘째\n# 첫째\n").title == "첫째"
    assert note("본문만 있음\n", path="folder/my-note.md").title == "my-note"


def test_front_matter_sets_deck_and_tags_and_shifts_nothing() -> None:
    doc = note(
        """
        ---
        deck: 네트워크
        tags: tcp, 면접
        ---
        #### Q. 포트란?
        프로세스 번호.
        """
    )
    assert (doc.deck, doc.tags, doc.line_offset) == ("네트워크", ("tcp", "면접"), 4)
    assert doc.markdown.startswith("#### Q. 포트란?")
    [card] = doc.cards
    assert card.line == 5
    assert card.tags == ("tcp", "면접")


def test_front_matter_tags_as_a_list() -> None:
    assert note("---\ntags: [tcp, '#udp']\n---\n본문\n").tags == ("tcp", "udp")


def test_no_deck_without_front_matter() -> None:
    assert note("# 제목\n").deck is None


def test_broken_front_matter_is_reported_with_its_line_and_the_rest_parses() -> None:
    doc = note("---\ndeck: 네트워크\ntags: [tcp\n---\n#### Q. 포트란?\n프로세스 번호.\n")
    [problem] = doc.problems
    assert problem.line is not None and 2 <= problem.line <= 4
    assert "front matter" in problem.message
    [card] = doc.cards
    assert card.line == 5


def test_front_matter_with_a_wrong_type_is_a_warning() -> None:
    doc = note("---\nreverse: maybe\n---\n- A1x: 하나\n")
    assert any("reverse" in p.message for p in doc.problems)


def test_unclosed_front_matter_is_reported_and_read_as_text() -> None:
    doc = note("---\ndeck: 네트워크\n\n#### Q. 포트란?\n프로세스 번호.\n")
    assert [p.line for p in doc.problems] == [1]
    assert doc.cards[0].line == 4


def test_everything_outside_cards_is_body_and_no_card_is_invented() -> None:
    doc = note("# 메모\n\n그냥 설명하는 문단.\n\n- 항목 하나\n- 항목 둘\n\n> 인용문\n")
    assert doc.cards == []
    assert doc.sections[0].markdown.endswith("> 인용문")


def test_card_section_path_points_at_the_enclosing_section() -> None:
    doc = note("# A\n## B\n#### Q. 질문\n설명.\n")
    [card] = doc.cards
    assert card.kind == CardKind.BASIC
    assert card.section_path == ("A", "B")

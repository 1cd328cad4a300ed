"""Rule details_question: `<details>` questions; HTML answers become Markdown (shape 4, 8)."""

from __future__ import annotations

from quizapp.notes import CardKind

from ..helpers import note


def test_one_line_details_with_html_answer_becomes_markdown() -> None:
    doc = note(
        "<details><summary>TCP와 UDP의 차이는?</summary></br>"
        "<p>TCP는 <b>연결형</b>이다.</p><ul><li>순서 보장</li><li>재전송</li></ul></details>\n"
    )
    [card] = doc.cards
    assert (card.rule, card.kind, card.question) == (
        "details_question",
        CardKind.BASIC,
        "TCP와 UDP의 차이는?",
    )
    assert card.answer == "TCP는 **연결형**이다.\n\n- 순서 보장\n- 재전송"


def test_struck_text_scripts_and_event_attributes_never_reach_the_answer() -> None:
    doc = note(
        "<details><summary>What does fsync do?</summary>\n\n"
        '<p onclick="steal()">It <del>caches</del> flushes data to disk.'
        "<script>alert(1)</script></p>\n\n</details>\n"
    )
    [card] = doc.cards
    assert card.answer == "It flushes data to disk."


def test_follow_up_question_bank_makes_open_cards() -> None:
    doc = note(
        """
        <details>
        <summary>트랜잭션 격리 수준을 설명해 주세요</summary>

        - Dirty read는 언제 생기나요?
        - How does MVCC avoid locks?

        </details>
        """
    )
    assert [(c.kind, c.question) for c in doc.cards] == [
        (CardKind.OPEN, "트랜잭션 격리 수준을 설명해 주세요"),
        (CardKind.OPEN, "Dirty read는 언제 생기나요?"),
        (CardKind.OPEN, "How does MVCC avoid locks?"),
    ]
    assert doc.cards[2].extra["follow_up_of"] == "트랜잭션 격리 수준을 설명해 주세요"


def test_navigation_after_an_answer_is_dropped() -> None:
    doc = note(
        """
        #### Q. 프로세스란?

        실행 중인 프로그램이다.

        <div align="right"><a href="#목차">↥ back to top</a></div>

        [위로](#top)
        """
    )
    [card] = doc.cards
    assert card.answer == "실행 중인 프로그램이다."


def test_a_body_with_an_answer_and_a_follow_up_is_one_basic_card() -> None:
    """Near-miss of the follow-up bank: an answer that ends with a question is still an answer."""
    doc = note(
        "<details><summary>What is MVCC?</summary>\n\nEach write makes a new version.\n\n"
        "- Is it used by PostgreSQL?\n</details>\n\n"
        "<details><summary>MVCC란?</summary>\n\n쓰기마다 새 버전을 만든다.\n\n"
        "- PostgreSQL도 쓰나요?\n</details>\n"
    )
    assert [(c.kind, c.question) for c in doc.cards] == [
        (CardKind.BASIC, "What is MVCC?"),
        (CardKind.BASIC, "MVCC란?"),
    ]


def test_a_topic_summary_over_follow_ups_is_no_card_itself() -> None:
    doc = note(
        "<details><summary>캐시</summary>\n\n- CDN 캐시와 브라우저 캐시의 차이는?\n"
        "- When would you use no-store?\n</details>\n"
    )
    assert [c.question for c in doc.cards] == [
        "CDN 캐시와 브라우저 캐시의 차이는?",
        "When would you use no-store?",
    ]


def test_angle_brackets_that_are_not_html_stay_in_the_answer() -> None:
    doc = note(
        "<details><summary>How do you iterate a list?</summary>\n\n"
        "With `for (String s : List<String> list)`; in C you `#include <stdio.h>` first.\n"
        "</details>\n"
    )
    [card] = doc.cards
    assert "`#include <stdio.h>`" in card.answer and "List<String> list" in card.answer


def test_a_how_question_answered_only_by_numbered_steps_is_an_ordering_card() -> None:
    """ "What happens when …?" over an `<ol>` of steps asks for the steps in order, as the same
    question written as a heading over a numbered list already does."""
    english = note(
        "<details><summary>2. What happens when you run `git push`?</summary>\n<ol>\n"
        "<li>Git connects to the remote</li>\n<li>It sends the missing objects</li>\n"
        "<li>The remote updates the branch ref</li>\n</ol>\n</details>\n"
    )
    [card] = english.cards
    assert (card.kind, card.rule) == (CardKind.ORDERING, "details_question")
    assert card.question.startswith("2. What happens when you run `git push`? — ")
    assert card.extra["steps"][1] == "It sends the missing objects"
    assert card.line == 1
    korean = note(
        "<details>\n<summary>DNS 질의는 어떻게 처리되나요?</summary>\n<ol>\n"
        "<li>브라우저가 캐시를 확인한다</li>\n<li>리졸버에 질의를 보낸다</li>\n"
        "<li>리졸버가 루트, TLD, 권한 서버 순으로 묻고 IP를 반환한다</li>\n</ol>\n</details>\n"
    )
    [card] = korean.cards
    assert card.kind == CardKind.ORDERING and len(card.extra["steps"]) == 3
    assert card.line == 2


def test_a_numbered_list_of_things_under_a_how_question_stays_its_answer() -> None:
    """Near miss: "How do you choose …?" over a list of criteria (no steps) is a question
    whose answer is the list."""
    doc = note(
        "<details><summary>How do you choose a primary key?</summary>\n<ol>\n"
        "<li>Uniqueness</li>\n<li>Stability over time</li>\n<li>Small size</li>\n</ol>\n"
        "</details>\n"
    )
    [card] = doc.cards
    assert card.kind == CardKind.BASIC
    assert card.answer == "1. Uniqueness\n2. Stability over time\n3. Small size"


def test_a_summary_that_only_navigates_is_no_question() -> None:
    """A `<details>` whose summary is a "back to top" link (even with stray text after it)
    asks nothing: no card whose question is "↥ back to top"."""
    for text in (
        '<details><summary><a href="#top">↥ back to top</a></summary>\n<p>x</p></details>\n',
        "<details><summary>⬆ 맨 위로 #</summary>\n<p>목차</p></details>\n",
    ):
        assert note(text).cards == []


def test_a_question_mentioning_navigation_words_is_still_a_question() -> None:
    """Near miss: words beyond the navigation phrase make it a real question."""
    doc = note(
        "<details><summary>Why should a long page have a back to top link?</summary>\n"
        "<p>Readers on phones scroll far.</p></details>\n"
    )
    [card] = doc.cards
    assert card.kind == CardKind.BASIC

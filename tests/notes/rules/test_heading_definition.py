"""Rule heading_definition: a heading naming a term, then the paragraph that defines it."""

from __future__ import annotations

import pytest

from quizapp.notes import CardKind

from ..helpers import note


def test_korean_heading_and_defining_paragraph() -> None:
    doc = note(
        """
        # 운영체제

        ### 교착 상태 (Deadlock)

        둘 이상의 프로세스가 서로가 가진 자원을 기다리며
        영원히 멈춘 상태이다.

        - 상호 배제
        - 점유 대기
        """
    )
    [card] = doc.cards
    assert (card.kind, card.rule, card.question) == (
        CardKind.DEFINITION,
        "heading_definition",
        "교착 상태 (Deadlock)",
    )
    assert card.answer == "둘 이상의 프로세스가 서로가 가진 자원을 기다리며 영원히 멈춘 상태이다."
    assert (card.line, card.end_line) == (3, 6)


def test_english_heading_defined_by_a_blockquote() -> None:
    doc = note("## Memoization\n\n> Memoization is caching a function's result for each input.\n")
    [card] = doc.cards
    assert card.question == "Memoization"
    assert card.answer == "Memoization is caching a function's result for each input."


def test_a_law_or_theorem_defined_by_what_it_states() -> None:
    doc = note(
        "## CAP theorem\n\n> The CAP theorem states that a distributed store can guarantee "
        "at most two of consistency, availability and partition tolerance.\n"
    )
    [card] = doc.cards
    assert (card.question, card.kind) == ("CAP theorem", CardKind.DEFINITION)
    assert card.answer.startswith("The CAP theorem states that")


@pytest.mark.parametrize(
    "text",
    [
        "### 예시\n\n다음 코드를 실행하면 1이 출력된다.\n",
        "## References\n\nThe RFC is the source of truth for this.\n",
        "## Example\n\nThis is how it is used in practice.\n",
        "### TCP\n\n- 연결형\n- 순서 보장\n",  # a list is not a defining sentence
        "### HTTP\n\n[MDN](https://developer.mozilla.org)\n",  # a link is not a definition
        "### 스레드\n\n스레드는 왜 필요할까?\n",  # a question is not a definition
    ],
)
def test_label_headings_and_non_defining_bodies_make_no_card(text: str) -> None:
    assert note(text).cards == []


@pytest.mark.parametrize(
    ("title", "term"), [("📌 Virtual DOM", "Virtual DOM"), ("🔥 가상 메모리", "가상 메모리")]
)
def test_emoji_in_front_of_a_term_heading_are_not_part_of_the_term(title: str, term: str) -> None:
    text = (
        "The virtual DOM is a tree of plain objects."
        if "Virtual" in title
        else "물리 메모리보다 큰 주소 공간을 주는 기법이다."
    )
    [card] = note(f"## {title}\n\n{text}\n").cards
    assert card.question == term


def test_korean_definition_written_as_a_noun_phrase() -> None:
    """Korean notes often define with a modified noun (`…올리는 방식`, `…늘어나는 현상.`)."""
    doc = note(
        """
        ## 페이징

        > 가상 주소 공간을 같은 크기의 페이지로 나누어 프레임에 올리는 방식

        ## 스래싱

        페이지 교체가 너무 잦아 CPU 이용률이 오히려 떨어지는 현상.

        ## Spinlock

        A lock that busy-waits in a loop instead of putting the thread to sleep.
        """
    )
    assert [(c.rule, c.question) for c in doc.cards] == [
        ("heading_definition", "페이징"),
        ("heading_definition", "스래싱"),
        ("heading_definition", "Spinlock"),
    ]
    assert doc.cards[0].answer.startswith("가상 주소 공간을")


def test_a_noun_phrase_that_points_elsewhere_defines_nothing() -> None:
    doc = note(
        "## 페이징\n\n자세한 내용은 아래 링크 참고\n\n## 세그멘테이션\n\n관련된 글 링크\n\n"
        "## Spinlock\n\nThe code below for a quick test.\n"
    )
    assert doc.cards == []


def test_arrow_chains_under_a_heading_answer_it() -> None:
    doc = note(
        """
        ## 트랜잭션 상태 흐름

        활성 -> 부분 완료 -> 완료

        활성 -> 실패 -> 철회

        ## MVC request flow

        DispatcherServlet → HandlerMapping → Controller → ViewResolver
        """
    )
    assert [(c.rule, c.kind, c.question) for c in doc.cards] == [
        ("heading_definition", CardKind.BASIC, "트랜잭션 상태 흐름"),
        ("heading_definition", CardKind.BASIC, "MVC request flow"),
    ]
    assert doc.cards[0].answer == "활성 -> 부분 완료 -> 완료\n\n활성 -> 실패 -> 철회"


def test_a_sentence_with_an_arrow_or_a_noun_ending_in_n_is_not_a_chain_or_definition() -> None:
    doc = note(
        """
        ## 캐시

        요청이 오면 캐시를 먼저 보고 -> 없으면 DB를 읽어서 캐시에 넣고 응답한다 그리고 끝

        ## 저장소

        메모리 부분 공간 크기
        """
    )
    assert doc.cards == []


def test_an_arrow_chain_with_cloze_gaps_stays_a_cloze_card() -> None:
    doc = note(
        """
        ## 빈칸 채우기

        클라이언트: ==FIN_WAIT_1== → ==FIN_WAIT_2== → ==TIME_WAIT==

        ## Fill in the blanks

        {{c1::SYN}} → {{c2::SYN+ACK}} → {{c3::ACK}}
        """
    )
    assert {c.kind for c in doc.cards} == {CardKind.CLOZE}


@pytest.mark.parametrize(
    ("text", "front", "back"),
    [
        (
            "### 싱글톤 패턴\n\n인스턴스를 하나만 만드는 패턴이다.\n\n#### 단점\n\n"
            "전역 상태를 만들어 테스트하기 어렵다.\n",
            "싱글톤 패턴 — 단점",
            "테스트하기 어렵다",
        ),
        (
            "### 싱글톤 패턴\n\n인스턴스를 하나만 만드는 패턴이다.\n\n#### 구현 시 주의점\n\n"
            "멀티스레드 환경에서는 동기화가 필요하다.\n",
            "싱글톤 패턴 — 구현 시 주의점",
            "동기화",
        ),
        (
            "## Connection pooling\n\nA pool keeps open connections for reuse.\n\n"
            "### Drawbacks\n\nIdle connections hold server memory.\n",
            "Connection pooling — Drawbacks",
            "server memory",
        ),
    ],
)
def test_an_aspect_subheading_is_asked_under_its_parent(text: str, front: str, back: str) -> None:
    cards = note(text).cards
    [card] = [card for card in cards if card.question == front]
    assert (card.kind, card.rule) == (CardKind.BASIC, "heading_definition")
    assert back in card.answer and len(cards) == 2


@pytest.mark.parametrize(
    "text",
    [
        "### 빌더 패턴\n\n객체를 단계별로 조립하는 패턴이다.\n\n#### 참고\n\n"
        "이펙티브 자바 2장을 보라.\n",
        "## Caching\n\nA cache keeps copies of hot data.\n\n### Example\n\n"
        "Browsers cache images.\n",
    ],
)
def test_a_reference_or_example_subheading_is_not_an_aspect(text: str) -> None:
    """Near miss: 참고/Example under a term say nothing about it: only the term's card."""
    assert len(note(text).cards) == 1


@pytest.mark.parametrize(
    ("text", "term"),
    [
        (
            "### 힙 (Heap)\n\n부모가 자식보다 항상 큰 완전 이진 트리이다.[^1]\n\n[^1]: 최대 힙.\n",
            "힙 (Heap)",
        ),
        ("## Trie\n\nA tree that stores strings one character per node.[^t]\n", "Trie"),
    ],
)
def test_a_footnote_reference_does_not_hide_a_definition(text: str, term: str) -> None:
    [card] = [card for card in note(text).cards if card.question == term]
    assert card.kind == CardKind.DEFINITION and "[^" not in card.answer


@pytest.mark.parametrize(
    ("text", "term", "back"),
    [
        (
            "# 디자인 패턴\n\n디자인 패턴은 반복되는 설계 문제에 대한 재사용 가능한 해결책이다.\n",
            "디자인 패턴",
            "재사용 가능한",
        ),
        (
            "# Docker\n\nDocker is a platform that runs applications in containers.\n",
            "Docker",
            "containers",
        ),
    ],
)
def test_a_title_defined_by_its_first_paragraph_is_a_definition(
    text: str, term: str, back: str
) -> None:
    [card] = note(text).cards
    assert (card.kind, card.question) == (CardKind.DEFINITION, term) and back in card.answer


@pytest.mark.parametrize(
    "text",
    [
        "# 운영체제 정리\n\n이 문서는 면접 준비를 위해 운영체제 내용을 정리한 것이다.\n",
        "# Networking notes\n\nThese notes follow the order of the textbook chapters.\n",
    ],
)
def test_a_title_introduced_not_defined_is_no_card(text: str) -> None:
    """Near miss: an introduction about the note itself does not define its title."""
    assert note(text).cards == []


def test_a_definition_label_in_front_of_the_sentence_is_dropped() -> None:
    """`**Definition:** …` / `정의: …` under a term heading: the sentence defines the term."""
    doc = note(
        "## Virtual memory\n\n**Definition:** a technique that gives each process its own "
        "large address space.\n\n"
        "## 캐시\n\n정의: 자주 쓰는 데이터를 가까운 곳에 복사해 두는 저장소이다.\n"
    )
    assert [(c.rule, c.question, c.answer) for c in doc.cards] == [
        (
            "heading_definition",
            "Virtual memory",
            "a technique that gives each process its own large address space.",
        ),
        ("heading_definition", "캐시", "자주 쓰는 데이터를 가까운 곳에 복사해 두는 저장소이다."),
    ]


def test_a_colon_late_in_a_defining_sentence_does_not_stop_it() -> None:
    """A colon after a long clause is punctuation, not a `term: definition` split."""
    doc = note(
        "## ConcurrentHashMap\n\nA thread-safe map that lets many threads read and update it "
        "at once: it locks only one bin on writes.\n\n## 세마포어\n\n여러 스레드가 공유 자원에 "
        "접근할 수 있는 수를 세는 정수 변수로 동작하는 동기화 도구: wait와 signal로 조작한다.\n"
    )
    assert [c.question for c in doc.cards] == ["ConcurrentHashMap", "세마포어"]


def test_a_term_colon_line_under_a_heading_is_not_its_definition() -> None:
    """Near miss: `Reliability: …` under `## TCP` is a term line, not TCP's definition."""
    doc = note("## TCP\n\nReliability: it retransmits every lost segment.\n")
    assert [c for c in doc.cards if c.rule == "heading_definition"] == []


def test_a_short_noun_phrase_sentence_defines_its_heading() -> None:
    """`### Topic` + "A named stream of records. …": a noun phrase is a definition (Korean
    notes write `…쌓이는 스트림.` the same way)."""
    doc = note(
        "### Topic\n\nA named stream of records. Producers write to it.\n\n"
        "### 파티션\n\n토픽을 나눈, 순서가 보장되는 추가 전용 로그.\n"
    )
    assert [(c.rule, c.question) for c in doc.cards] == [
        ("heading_definition", "Topic"),
        ("heading_definition", "파티션"),
    ]


def test_a_short_noun_phrase_pointing_elsewhere_defines_nothing() -> None:
    """Near miss: "A snippet below." points at what follows; it defines nothing."""
    assert note("### Producer\n\nA quick snippet below.\n").cards == []


def test_a_law_stated_with_equals_defines_its_heading() -> None:
    """`## Little's law` + "… equals …" (a law stated as an equation) defines the heading."""
    doc = note(
        "## Little's law\n\nThe average number of requests in a system equals the arrival "
        "rate times the average time each spends in it.\n\n"
        "## 리틀의 법칙\n\n시스템 안의 평균 요청 수는 도착률과 평균 체류 시간의 곱과 같다.\n"
    )
    assert [c.question for c in doc.cards] == ["Little's law", "리틀의 법칙"]

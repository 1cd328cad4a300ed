"""Rule question_heading: `Q.`/`?` headings and headings worded as questions (shape 7)."""

from __future__ import annotations

import pytest

from quizapp.notes import CardKind

from ..helpers import note


@pytest.mark.parametrize(
    "title",
    [
        "트랜잭션이란",
        "인덱스를 사용하는 이유",
        "프로세스와 스레드의 차이점",
        "TCP vs UDP",
        "OSI 7계층을 설명하시오",
        "정규화가 무엇인가요",
        "What is a race condition",
        "Explain MVCC",
        "Difference between a process and a thread",
    ],
)
def test_a_heading_worded_as_a_question_asks_it(title: str) -> None:
    doc = note(f"# 노트\n\n### {title}\n\n이 답은 본문 한 문단이다.\n")
    [card] = doc.cards
    assert (card.kind, card.rule, card.question) == (CardKind.BASIC, "question_heading", title)
    assert card.answer == "이 답은 본문 한 문단이다." and card.line == 3


def test_a_worded_question_answer_stops_at_its_first_subheading() -> None:
    doc = note("## 캐시란\n\n자주 쓰는 데이터를 가까이 두는 저장소.\n\n### 예시\n\nCPU L1 캐시\n")
    [card] = [c for c in doc.cards if c.rule == "question_heading"]
    assert card.answer == "자주 쓰는 데이터를 가까이 두는 저장소."


@pytest.mark.parametrize(
    "text",
    [
        "## 정리\n\n오늘 배운 것.\n",  # a label, not a question
        "# What happens when you type a URL\n\nAn intro paragraph.\n",  # the note's title
        "## 연결 과정\n\n1. SYN을 보낸다\n2. SYN+ACK를 받는다\n3. ACK를 보낸다\n",  # a procedure
        "## 이번 주 정리\n\n### 캐시 전략\n\n캐시 전략은 여러 가지가 있다.\n",  # no question
    ],
)
def test_near_misses_are_not_question_cards(text: str) -> None:
    assert [c for c in note(text).cards if c.rule == "question_heading"] == []


def test_the_procedure_heading_makes_an_ordering_card_instead() -> None:
    doc = note("## 연결 과정\n\n1. SYN을 보낸다\n2. SYN+ACK를 받는다\n3. ACK를 보낸다\n")
    assert [c.kind for c in doc.cards] == [CardKind.ORDERING]


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("# 노트\n\n### 왜?\n", "왜?"),  # end of the note
        (
            "# 노트\n\n## 혼잡 윈도는 언제 줄어드나?\n\n## 다음 주제\n\n본문\n",
            "혼잡 윈도는 언제 줄어드나?",
        ),
        ("# Notes\n\n## Why do we need a queue?\n## Kafka\n\nA log.\n", "Why do we need a queue?"),
        ("# Notes\n\n## Why a queue?\n### Is Kafka one?\n\nA log.\n", "Why a queue?"),
    ],
)
def test_a_question_heading_with_no_answer_is_an_open_card(text: str, question: str) -> None:
    """Shape 11: never a basic card with an empty back, and never nothing (this replaces the
    round-2 expectation that `### 왜?` alone made no card)."""
    cards = note(text).cards
    assert [c.question for c in cards if c.kind == CardKind.OPEN] == [question]
    assert all(c.answer for c in cards if c.kind == CardKind.BASIC)


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("# 메모리\n\n## 스래싱이 발생하는 이유\n\n## 다음\n\n본문\n", "스래싱이 발생하는 이유"),
        ("# Notes\n\n## What is a race condition\n", "What is a race condition"),
    ],
)
def test_a_worded_question_with_no_answer_is_an_open_card(text: str, question: str) -> None:
    [card] = note(text).cards
    assert (card.kind, card.question) == (CardKind.OPEN, question)


@pytest.mark.parametrize(
    "text",
    [
        "# 노트\n\n## 프로세스와 스레드의 차이\n\n### 프로세스\n\n- 독립 메모리\n",
        "# Notes\n\n## What is new in HTTP/2\n### Streams\n\n- many per connection\n",
    ],
)
def test_a_worded_heading_over_subsections_titles_them(text: str) -> None:
    assert [c for c in note(text).cards if c.rule == "question_heading"] == []


def test_a_question_heading_over_its_own_subsections_is_answered_by_them() -> None:
    [card] = note("# Notes\n\n## Why a queue?\n### Kafka\n\nA durable log.\n").cards
    assert (card.kind, card.answer) == (CardKind.BASIC, "### Kafka\n\nA durable log.")


@pytest.mark.parametrize(
    ("title", "question"),
    [("📌 왜 TCP인가?", "왜 TCP인가?"), (":zap: What is QUIC", "What is QUIC")],
)
def test_emoji_in_front_of_a_question_heading_are_not_part_of_it(title: str, question: str) -> None:
    [card] = note(f"# 노트\n\n## {title}\n\n이 답은 본문 한 문단이다.\n").cards
    assert card.question == question


@pytest.mark.parametrize(
    ("text", "question"),
    [
        (
            "## 기아 상태\n\n### 해결 방법\n\n에이징으로 우선순위를 높인다.\n",
            "기아 상태 — 해결 방법",
        ),
        (
            "## 해시 테이블\n\n### 동작 원리\n\n해시 값으로 버킷을 찾는다.\n",
            "해시 테이블 — 동작 원리",
        ),
        # a short question about "it" asks about the parent heading
        (
            "## Deadlock\n\n### How to prevent it\n\nTake locks in one order.\n",
            "Deadlock — How to prevent it",
        ),
        (
            "### Q: What is idempotency?\n\nThe same state after one or many calls.\n\n"
            "#### Why it matters\n\nRetries cannot charge a card twice.\n",
            "What is idempotency? — Why it matters",
        ),
        # near-misses: a heading naming its own topic stays as written
        ("## 운영체제\n\n### 페이징 사용 이유\n\n외부 단편화가 없다.\n", "페이징 사용 이유"),
        (
            "## Deadlock\n\n### How to prevent deadlocks\n\nTake locks in one order.\n",
            "How to prevent deadlocks",
        ),
    ],
)
def test_a_worded_heading_that_only_names_an_aspect_is_asked_under_its_parent(
    text: str, question: str
) -> None:
    assert note(text).cards[-1].question == question


def test_a_comparison_table_closed_by_a_back_to_top_link_is_read_cell_by_cell() -> None:
    """The "back to top" line after the table answers nothing: the table is the whole body."""
    doc = note(
        """
        ### ArrayList vs LinkedList

        | | ArrayList | LinkedList |
        |---|---|---|
        | Random access | O(1) | O(n) |
        | Insert in the middle | O(n) | O(1) |

        **[⬆ Back to Top](#java)**

        ### 스택 vs 큐

        | | 스택 | 큐 |
        |---|---|---|
        | 꺼내는 순서 | 나중에 넣은 것부터 | 먼저 넣은 것부터 |
        | 대표 연산 | push, pop | enqueue, dequeue |

        <div align="right"><a href="#목차">↥ 위로</a></div>
        """
    )
    assert [(c.rule, c.question) for c in doc.cards] == [
        ("table_rows", "ArrayList — Random access"),
        ("table_rows", "LinkedList — Random access"),
        ("table_rows", "ArrayList — Insert in the middle"),
        ("table_rows", "LinkedList — Insert in the middle"),
        ("table_rows", "스택 — 꺼내는 순서"),
        ("table_rows", "큐 — 꺼내는 순서"),
        ("table_rows", "스택 — 대표 연산"),
        ("table_rows", "큐 — 대표 연산"),
    ]


def test_a_table_with_its_own_explanation_stays_the_headings_answer() -> None:
    doc = note(
        """
        ### ArrayList vs LinkedList

        | | ArrayList | LinkedList |
        |---|---|---|
        | Random access | O(1) | O(n) |
        | Insert in the middle | O(n) | O(1) |

        Prefer ArrayList unless you insert in the middle a lot.
        """
    )
    [card] = doc.cards
    assert (card.rule, card.question) == ("question_heading", "ArrayList vs LinkedList")


def test_a_how_heading_over_numbered_steps_is_a_procedure() -> None:
    doc = note(
        """
        ## How a shell runs a command

        1. It parses the command line
        2. It calls `fork()` to create a child
        3. The parent waits until the child exits

        ## How to choose an index column

        1. High cardinality
        2. Often in WHERE clauses
        3. Rarely updated
        """
    )
    assert [(c.rule, c.kind) for c in doc.cards] == [
        ("ordering", CardKind.ORDERING),
        ("question_heading", CardKind.BASIC),  # criteria, not steps: the question keeps them
    ]


def test_a_korean_method_heading_over_steps_stays_a_procedure() -> None:
    doc = note("## 이진 탐색 방법\n\n1. 가운데 값을 확인한다\n2. 절반을 버린다\n3. 반복한다\n")
    assert [(c.rule, c.kind) for c in doc.cards] == [("ordering", CardKind.ORDERING)]


def test_a_versus_heading_over_one_item_per_side_leaves_each_item_its_card() -> None:
    doc = note(
        """
        ## 낙관적 락 vs 비관적 락

        - 낙관적 락
          - 충돌이 적을 때 빠르다
        - 비관적 락
          - 충돌이 잦아도 정합성을 보장한다

        ## Overloading vs overriding

        - Overloading: the same name with different parameters
        - Overriding: a subclass redefines a method with the same signature
        """
    )
    assert [(c.rule, c.question) for c in doc.cards] == [
        ("nested_answer", "낙관적 락"),
        ("nested_answer", "비관적 락"),
        ("definitions", "Overloading"),
        ("definitions", "Overriding"),
    ]


def test_a_versus_heading_over_aspects_or_prose_stays_one_question() -> None:
    doc = note(
        """
        ## TCP vs UDP

        - 연결
          - TCP는 연결을 맺고 UDP는 맺지 않는다
        - 순서
          - TCP만 순서를 보장한다

        ## Threads vs processes

        - Threads share memory
        - Processes do not
        """
    )
    assert [(c.rule, c.question) for c in doc.cards] == [
        ("question_heading", "TCP vs UDP"),
        ("question_heading", "Threads vs processes"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "## How do you resolve a merge conflict?\n\n1. Run `git status` to list the files\n"
        "2. Open each file and fix the markers\n3. Stage them with `git add`\n4. Commit\n",
        "### What happens when a pod is created?\n\n1. The API server stores it in etcd\n"
        "2. The scheduler assigns it to a node\n3. The kubelet pulls the image and starts it\n",
        "### 페이지 폴트가 나면 OS는 어떻게 처리하나요?\n\n1. 트랩이 발생하고 커널로 전환한다\n"
        "2. 디스크에서 페이지를 읽어 프레임에 올린다\n"
        "3. 페이지 테이블을 갱신하고 명령어를 다시 실행한다\n",
    ],
)
def test_a_question_heading_asking_how_over_steps_is_a_procedure(text: str) -> None:
    """A `?` heading asking how something happens, over numbered steps: an ordering card."""
    [card] = note(text).cards
    assert (card.rule, card.kind) == ("ordering", CardKind.ORDERING)
    assert card.question.startswith(text.split("\n")[0].lstrip("# "))


def test_a_question_heading_asking_how_over_criteria_stays_a_question() -> None:
    """Near miss: "How do you choose …?" over criteria (no step verbs) keeps its answer."""
    text = "## How do you choose a shard key?\n\n1. High cardinality\n2. Even spread\n3. Stable\n"
    [card] = note(text).cards
    assert (card.rule, card.kind) == ("question_heading", CardKind.BASIC)


def test_a_heading_asking_to_explain_a_process_over_steps_is_a_procedure() -> None:
    """`…과정을 설명하시오` / "How to …" over numbered steps: an ordering card (rule
    `ordering`), not a question whose answer is the list."""
    korean = note(
        "## 쿼리 실행 과정을 설명하시오\n\n1. 파서가 문법을 검사한다\n"
        "2. 옵티마이저가 계획을 고른다\n3. 실행 엔진이 계획대로 읽는다\n"
    )
    [card] = korean.cards
    assert (card.kind, card.rule) == (CardKind.ORDERING, "ordering")
    assert card.question.startswith("쿼리 실행 과정을 설명하시오 — ")
    english = note(
        "## How to delete a node from a linked list\n\n1. Find the node before it\n"
        "2. Point its next at the node after the one removed\n"
        "3. Repeat until the list has no match left\n"
    )
    [card] = english.cards
    assert card.kind == CardKind.ORDERING


def test_a_heading_asking_for_kinds_over_a_numbered_list_is_a_question() -> None:
    """Near miss: `…종류를 설명하시오` over a numbered list of kinds stays a question."""
    doc = note(
        "## 인덱스의 종류를 설명하시오\n\n1. 클러스터드 인덱스\n2. 보조 인덱스\n3. 복합 인덱스\n"
    )
    [card] = doc.cards
    assert (card.kind, card.rule) == (CardKind.BASIC, "question_heading")


def test_an_outline_list_after_the_answer_is_the_next_cards() -> None:
    """`## …란?` + its answer + a list of terms with nested answers: those terms are cards of
    their own (rule nested_answer), not the tail of the heading's answer."""
    korean = note(
        "## 가상 메모리란?\n\n필요한 부분만 물리 메모리에 올려 실행하는 기법이다.\n\n"
        "- Belady의 모순\n  - 프레임을 늘렸는데 페이지 폴트가 늘어나는 현상\n"
        "- 스래싱\n  - 페이지 교체에 시간을 더 쓰는 상태\n"
    )
    assert [(c.rule, c.question) for c in korean.cards] == [
        ("question_heading", "가상 메모리란?"),
        ("nested_answer", "Belady의 모순"),
        ("nested_answer", "스래싱"),
    ]
    assert korean.cards[0].answer == "필요한 부분만 물리 메모리에 올려 실행하는 기법이다."
    english = note(
        "## What is a deadlock?\n\nTwo threads each wait for a lock the other holds.\n\n"
        "- Livelock\n  - threads keep reacting to each other and make no progress\n"
        "- Starvation\n  - a thread never gets the resource it waits for\n"
    )
    assert [c.rule for c in english.cards] == ["question_heading", "nested_answer", "nested_answer"]


def test_a_plain_list_after_the_answer_stays_in_it() -> None:
    """Near miss: a list of plain statements (no nested answers) continues the answer."""
    doc = note(
        "## 가상 메모리를 쓰는 이유는?\n\n주소 공간을 격리하기 위해서다.\n\n"
        "- 물리 메모리보다 큰 프로그램을 실행한다\n- 프로세스끼리 메모리를 보호한다\n"
    )
    [card] = doc.cards
    assert "프로세스끼리 메모리를 보호한다" in card.answer


def test_a_question_heading_over_only_an_outline_list_asks_it_and_leaves_its_items() -> None:
    """`## 트리 순회 방법` over only term bullets with nested answers: one card asks for the
    whole list, and each item is its own card too (rule nested_answer)."""
    korean = note(
        "## 트리 순회 방법\n\n- 전위 순회(Preorder)\n  - 루트 → 왼쪽 → 오른쪽\n"
        "- 중위 순회(Inorder)\n  - 왼쪽 → 루트 → 오른쪽\n"
    )
    assert [(c.rule, c.question) for c in korean.cards] == [
        ("question_heading", "트리 순회 방법"),
        ("nested_answer", "전위 순회(Preorder)"),
        ("nested_answer", "중위 순회(Inorder)"),
    ]
    assert "왼쪽 → 루트 → 오른쪽" in korean.cards[0].answer
    english = note(
        "## How is a graph stored?\n\n- Adjacency matrix\n  - a V×V table of edges\n"
        "- Adjacency list\n  - a list of neighbours per vertex\n"
    )
    assert [c.rule for c in english.cards] == ["question_heading", "nested_answer", "nested_answer"]

"""Rule label_list: a list under an aspect heading is one card; label/arrow lists too (shape 6)."""

from __future__ import annotations

import pytest

from quizapp.notes import CardKind

from ..helpers import note


def test_aspect_heading_is_asked_under_its_parent() -> None:
    doc = note("## Deadlock\n\n### Conditions\n- Mutual exclusion\n- Hold and wait\n")
    [card] = doc.cards
    assert (card.rule, card.kind, card.question) == (
        "label_list",
        CardKind.BASIC,
        "Deadlock — Conditions",
    )
    assert card.answer == "- Mutual exclusion\n- Hold and wait"


def test_korean_pros_and_cons_and_arrow_lists_make_one_card_each() -> None:
    doc = note(
        """
        ## 멀티 스레드의 장단점
        - 장점: 문맥 교환 비용이 작다
        - 단점: 동기화 문제가 생긴다

        ## OSI 계층과 PDU
        - 전송 계층 -> 세그먼트
        - 네트워크 계층 -> 패킷
        """
    )
    assert [(c.rule, c.question) for c in doc.cards] == [
        ("label_list", "멀티 스레드의 장단점"),
        ("label_list", "OSI 계층과 PDU"),
    ]


def test_near_misses_table_of_contents_links_and_plain_topics() -> None:
    doc = note(
        """
        ## 목차
        - [프로세스](#프로세스)
        - [스레드](#스레드)

        ## 오늘 할 일
        - 빨래
        - 장보기
        """
    )
    assert doc.cards == []


def test_english_near_misses_contents_and_plain_topics() -> None:
    doc = note(
        """
        ## Contents
        - [Processes](#processes)
        - [Threads](#threads)

        ## Weekend plans
        - laundry
        - groceries
        """
    )
    assert doc.cards == []


def test_a_bold_aspect_label_over_a_list_is_asked_under_the_heading() -> None:
    doc = note(
        """
        ## 추상 클래스와 인터페이스

        **공통점**
        - 인스턴스를 직접 만들 수 없다
        - 구현되지 않은 메서드를 선언할 수 있다

        **차이점**
        - 추상 클래스는 하나만 상속할 수 있다

        ## Microservices

        **Pros:**
        - Teams deploy independently
        - Services scale separately
        """
    )
    assert [(c.rule, c.question) for c in doc.cards] == [
        ("label_list", "추상 클래스와 인터페이스 — 공통점"),
        ("label_list", "추상 클래스와 인터페이스 — 차이점"),
        ("label_list", "Microservices — Pros"),
    ]
    assert doc.cards[0].answer.startswith("- 인스턴스를")


def test_bold_words_that_are_not_aspects_label_nothing() -> None:
    doc = note(
        """
        ## 스프링

        **참고**
        - [공식 문서](https://spring.io)

        **예시**
        - `@Autowired` on a constructor

        **Pros**

        Teams deploy independently.
        """
    )
    assert doc.cards == []


def test_a_numbered_list_of_criteria_is_one_card_not_a_procedure() -> None:
    doc = note(
        """
        ## 정렬 알고리즘 선택 기준

        1. 데이터가 작으면 삽입 정렬도 충분하다
        2. 최악의 경우를 피하려면 병합 정렬을 쓴다
        3. 메모리가 부족하면 제자리 정렬을 쓴다

        ## Index selection criteria

        1. High cardinality
        2. Used in WHERE clauses
        """
    )
    assert [(c.rule, c.kind, c.question) for c in doc.cards] == [
        ("label_list", CardKind.BASIC, "정렬 알고리즘 선택 기준"),
        ("label_list", CardKind.BASIC, "Index selection criteria"),
    ]


@pytest.mark.parametrize(
    ("text", "question", "back"),
    [
        (
            "## HTTP 메서드\n\n**멱등성**\n- 여러 번 보내도 한 번 보낸 것과 같은 성질\n"
            "- GET, PUT은 멱등하다\n",
            "멱등성",
            "한 번 보낸 것과 같은",
        ),
        (
            "## Spring\n\n**Spring Boot**\n- an opinionated way to start Spring apps\n",
            "Spring Boot",
            "opinionated",
        ),
        (
            "## 해시 테이블\n\n**해시 충돌 해결 방법**\n- 같은 버킷을 연결 리스트로 잇는다\n"
            "- 빈 버킷을 찾아 저장한다\n",
            "해시 충돌 해결 방법",
            "연결 리스트로",
        ),
    ],
)
def test_a_bold_label_naming_its_subject_asks_it(text: str, question: str, back: str) -> None:
    """A bold term (or a long aspect with its subject) over plain statements: one card."""
    [card] = note(text).cards
    assert (card.rule, card.question) == ("label_list", question) and back in card.answer


def test_a_bold_term_over_definitions_leaves_them_their_own_cards() -> None:
    """Near miss: over `term: definition` items the bold label makes no card of its own."""
    doc = note(
        "## 충돌\n\n**해결 방법들**\n- 체이닝: 연결 리스트로 잇는다\n- 개방 주소법: 빈 칸에 둔다\n"
    )
    assert [c.rule for c in doc.cards] == ["definitions", "definitions"]


@pytest.mark.parametrize(
    ("text", "question"),
    [
        (
            "## 인덱스를 타지 않는 경우\n\n1. 컬럼을 함수로 가공할 때\n2. 앞에 와일드카드를 쓸 때\n"
            "3. 묵시적 형변환이 일어날 때\n",
            "인덱스를 타지 않는 경우",
        ),
        (
            "## Classic problems\n\n1. Producer-consumer\n2. Readers-writers\n"
            "3. Dining philosophers\n",
            "Classic problems",
        ),
        (
            "## Rules of Hooks\n\n1. Only call hooks at the top level\n"
            "2. Only call hooks from React functions\n3. Name custom hooks `useX`\n",
            "Rules of Hooks",
        ),
    ],
)
def test_a_numbered_list_under_a_cases_or_rules_heading_is_one_card(
    text: str, question: str
) -> None:
    """경우 / problems / "Rules of …" headings name an aspect: their list is one card (not
    an ordering card, and not nothing)."""
    [card] = note(text).cards
    assert (card.rule, card.kind, card.question) == ("label_list", CardKind.BASIC, question)


@pytest.mark.parametrize(
    "text",
    [
        "## 더 공부할 것\n\n1. asyncio 이벤트 루프\n2. 메타클래스\n3. `__slots__`\n",
        "## Reading list\n\n1. The Linux Programming Interface\n2. OSTEP\n3. CS:APP\n",
    ],
)
def test_a_plain_topic_list_is_still_no_card(text: str) -> None:
    """Near miss: a to-study or reading list names no aspect of anything."""
    assert note(text).cards == []


@pytest.mark.parametrize(
    ("text", "question"),
    [
        (
            "### 데드락의 4가지 조건\n\n- 상호 배제: 자원을 하나의 프로세스만 쓴다\n"
            "- 순환 대기: 서로의 자원을 원형으로 기다린다\n",
            "데드락의 4가지 조건",
        ),
        (
            "### Deadlock conditions\n\n- Mutual exclusion: one process holds a resource\n"
            "- Circular wait: each waits for the next\n",
            "Deadlock conditions",
        ),
        (
            "## 해시 테이블\n\n**해시 충돌 해결 방법**\n- 체이닝: 버킷을 리스트로 잇는다\n"
            "- 개방 주소법: 빈 버킷을 찾아 저장한다\n",
            "해시 충돌 해결 방법",
        ),
    ],
)
def test_an_enumeration_over_definitions_asks_the_whole_list_too(text: str, question: str) -> None:
    """A heading or bold label naming a subject and an aspect (조건, 방법, conditions) over
    `term: definition` items: one card for the whole list, and each item its definition."""
    cards = note(text).cards
    assert [(c.rule, c.kind) for c in cards] == [
        ("label_list", CardKind.BASIC),
        ("definitions", CardKind.DEFINITION),
        ("definitions", CardKind.DEFINITION),
    ]
    assert cards[0].question == question and cards[1].question in cards[0].answer


@pytest.mark.parametrize(
    "text",
    [
        "### Reset modes\n\n- --soft: keeps the index\n- --hard: resets the working tree\n",
        "## 구성 요소\n\n- 리졸버: 이름을 대신 찾는다\n- 네임서버: 레코드를 가진다\n",
    ],
)
def test_a_list_of_definitions_without_a_subject_aspect_is_only_definitions(text: str) -> None:
    """Near miss: "modes" is no aspect, and a bare 구성 요소 with no heading above it names
    nothing to ask about."""
    assert {c.rule for c in note(text).cards} == {"definitions"}


def test_a_bare_aspect_heading_over_definitions_asks_under_its_parent() -> None:
    doc = note(
        "## 교착 상태\n\n### 조건\n\n- 상호 배제: 하나만 쓴다\n- 순환 대기: 원형으로 기다린다\n"
    )
    assert [c.question for c in doc.cards] == ["교착 상태 — 조건", "상호 배제", "순환 대기"]


@pytest.mark.parametrize(
    ("heading", "items"),
    [
        ("## `ps aux` output columns", "- USER: owner of the process\n- PID: process ID\n"),
        ("## 힙 메모리 구성 요소", "- Young: 새 객체가 생기는 곳\n- Old: 오래 산 객체의 자리\n"),
    ],
)
def test_an_enumeration_heading_over_its_list_is_asked_once(heading: str, items: str) -> None:
    doc = note(f"# Notes\n\n{heading}\n\n{items}")
    asked = [card for card in doc.cards if card.rule == "label_list"]
    assert len(asked) == 1
    assert doc.duplicates == 0
    assert doc.problems == []


@pytest.mark.parametrize(
    "text",
    [
        "## Practice problems\n\n1. Reverse a linked list\n2. Detect a cycle in a list\n"
        "3. Implement an LRU cache\n",
        "## 연습 문제\n\n- 스택 두 개로 큐 구현하기\n- 괄호 짝 검사하기\n- 후위 표기식 계산하기\n",
    ],
)
def test_exercise_lists_are_no_aspect_cards(text: str) -> None:
    """Tasks to do ("Practice problems", `연습 문제`) are not an aspect to learn: no card."""
    assert note(text).cards == []


@pytest.mark.parametrize(
    ("text", "question", "line"),
    [
        (
            "## OSI 7계층\n\n네트워크 통신을 7단계로 나눈 표준 모델이다.\n\n"
            "계층별 데이터 단위(PDU)는 다음과 같다.\n\n- 전송 계층 → 세그먼트\n"
            "- 네트워크 계층 → 패킷\n- 데이터 링크 계층 → 프레임\n",
            "OSI 7계층 — 계층별 데이터 단위(PDU)",
            5,
        ),
        (
            "## HTTP\n\nHTTP is a stateless request/response protocol.\n\n"
            "The default ports are as follows:\n\n- HTTP -> 80\n- HTTPS -> 443\n",
            "HTTP — default ports",
            5,
        ),
    ],
)
def test_a_lead_in_names_what_the_list_answers(text: str, question: str, line: int) -> None:
    """`…는 다음과 같다.` / "… are as follows:" before a list: the list answers the lead-in's
    subject under the heading, and the lead-in is no part of the heading's definition."""
    definition, listed = note(text).cards
    assert (definition.rule, definition.kind) == ("heading_definition", CardKind.DEFINITION)
    assert "다음과" not in definition.answer and "follows" not in definition.answer
    assert (listed.rule, listed.question, listed.line) == ("label_list", question, line)


def test_a_lead_in_naming_nothing_leaves_the_heading_as_the_question() -> None:
    """Near miss: `예를 들면 다음과 같다.` names no subject: the heading still asks."""
    doc = note(
        "## 상태 전이\n\n예를 들면 다음과 같다.\n\n- 준비 -> 실행\n- 실행 -> 대기\n- 대기 -> 준비\n"
    )
    [card] = doc.cards
    assert (card.rule, card.question) == ("label_list", "상태 전이")


@pytest.mark.parametrize(
    ("text", "question"),
    [
        (
            "## Quick sort\n\n### Complexity\n\n- Best: O(n log n)\n- Average: O(n log n)\n"
            "- Worst: O(n²), when the pivot is always the smallest element\n",
            "Quick sort — Complexity",
        ),
        (
            "## 병합 정렬\n\n### 시간 복잡도\n\n- 최선: O(n log n)\n- 평균: O(n log n)\n"
            "- 최악: O(n log n)으로 입력에 관계없이 같다\n",
            "병합 정렬 — 시간 복잡도",
        ),
    ],
)
def test_complexity_cases_are_one_card_under_their_subject(text: str, question: str) -> None:
    """Best/Worst/평균 are cases, not terms: one card asked under the algorithm."""
    [card] = note(text).cards
    assert (card.rule, card.question) == ("label_list", question)
    assert "O(n log n)" in card.answer


def test_terms_under_a_complexity_heading_stay_definitions() -> None:
    """Near miss: real terms defined under such a heading are still definitions (and the
    heading asks for the whole list, as `데드락의 4가지 조건` does)."""
    doc = note(
        "## 알고리즘 분석\n\n### 복잡도\n\n"
        "- 빅오 표기법: 입력이 커질 때 연산 횟수의 상한을 나타내는 표기\n"
        "- 빅오메가 표기법: 입력이 커질 때 연산 횟수의 하한을 나타내는 표기\n"
    )
    assert [(c.rule, c.question) for c in doc.cards] == [
        ("label_list", "알고리즘 분석 — 복잡도"),
        ("definitions", "빅오 표기법"),
        ("definitions", "빅오메가 표기법"),
    ]

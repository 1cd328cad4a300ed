"""Rule table_rows: cheat-sheet and comparison tables make one card per row / cell (shape 3)."""

from __future__ import annotations

import pytest

from quizapp.notes import CardKind

from ..helpers import note


def test_command_cheat_sheet_makes_a_card_per_row() -> None:
    doc = note(
        """
        | 명령어 | 설명 |
        |---|---|
        | `git stash` | 커밋하지 않은 변경을 잠시 치워 둔다 |
        | `git rebase` | 커밋을 다른 기준 위에 다시 쌓는다 |
        """
    )
    assert [(c.rule, c.kind, c.question, c.line) for c in doc.cards] == [
        ("table_rows", CardKind.DEFINITION, "`git stash`", 3),
        ("table_rows", CardKind.DEFINITION, "`git rebase`", 4),
    ]


def test_comparison_table_asks_name_and_aspect() -> None:
    doc = note(
        """
        | 구분 | TCP | UDP |
        |---|---|---|
        | 연결 방식 | 연결형 | 비연결형 |
        | Reliability | retransmits | none |
        """
    )
    questions = {c.question: c.answer for c in doc.cards}
    assert questions == {
        "TCP — 연결 방식": "연결형",
        "UDP — 연결 방식": "비연결형",
        "TCP — Reliability": "retransmits",
        "UDP — Reliability": "none",
    }


def test_tables_of_numbers_or_sentences_make_no_cards() -> None:
    doc = note(
        """
        | n | time |
        |---|---|
        | 1 | 0.2 s |
        | 2 | 0.4 s |

        | Step | Note |
        |---|---|
        | The client sends a SYN. | first |
        | The server replies. | second |
        """
    )
    assert doc.cards == []


def test_english_status_codes_and_api_cheat_sheet() -> None:
    doc = note(
        """
        | Code | Meaning |
        |---|---|
        | 404 | Not Found |
        | 429 | Too Many Requests |

        | Method | Description |
        |---|---|
        | `Array.map` | a new array from the results of a function |
        | `Array.filter` | a new array of the elements that pass a test |
        """
    )
    assert [(c.question, c.answer) for c in doc.cards] == [
        ("404", "Not Found"),
        ("429", "Too Many Requests"),
        ("`Array.map`", "a new array from the results of a function"),
        ("`Array.filter`", "a new array of the elements that pass a test"),
    ]


def test_korean_near_misses_sentences_and_repeated_first_column() -> None:
    doc = note(
        """
        | 단계 | 설명 |
        |---|---|
        | 클라이언트가 SYN을 보낸다. | 첫 단계 |
        | 서버가 SYN+ACK로 답한다. | 둘째 단계 |

        | 요일 | 할 일 |
        |---|---|
        | 월 | 복습 |
        | 월 | 문제 풀이 |
        """
    )
    assert doc.cards == []


def test_placeholders_in_code_spans_are_kept_in_command_names() -> None:
    """`kill -9 <pid>` is a command with a placeholder, not an HTML tag to strip."""
    doc = note(
        """
        | Command | Description |
        |---|---|
        | `kill -9 <pid>` | Send SIGKILL to the process |
        | `nice -n 10 <cmd>` | Start a command with a lower priority |

        | 명령어 | 설명 |
        |---|---|
        | `docker logs <container>` | 컨테이너의 로그를 본다 |
        | `docker exec -it <container> sh` | 컨테이너 안에서 셸을 연다 |
        """
    )
    assert [c.question for c in doc.cards] == [
        "`kill -9 <pid>`",
        "`nice -n 10 <cmd>`",
        "`docker logs <container>`",
        "`docker exec -it <container> sh`",
    ]


def test_a_raw_tag_outside_code_still_keeps_a_column_from_naming_terms() -> None:
    doc = note(
        """
        | Name | Description |
        |---|---|
        | <img src="a.png"> | a diagram |
        | <img src="b.png"> | another diagram |
        """
    )
    assert doc.cards == []


def test_an_o_x_matrix_makes_one_card_per_name_with_its_marks() -> None:
    doc = note(
        """
        ## 접근 제어자

        | 접근 제어자 | 같은 클래스 | 같은 패키지 | 전체 |
        |---|:---:|:---:|:---:|
        | public | O | O | O |
        | private | O | X | X |

        ## Transport features

        | | TCP | UDP |
        |---|---|---|
        | Ordered delivery | ✓ | ✗ |
        | Connection setup | ✓ | ✗ |
        """
    )
    assert [(c.question, c.line) for c in doc.cards] == [
        ("public — 접근 제어자", 5),
        ("private — 접근 제어자", 6),
        ("TCP — Transport features", 10),  # the header row names them
        ("UDP — Transport features", 10),
    ]
    assert doc.cards[1].answer == "- 같은 클래스: O\n- 같은 패키지: X\n- 전체: X"
    assert doc.cards[3].answer == "- Ordered delivery: ✗\n- Connection setup: ✗"


def test_marks_in_one_column_of_a_comparison_stay_cell_cards() -> None:
    doc = note(
        """
        | 알고리즘 | 평균 | 안정 정렬 |
        |---|---|---|
        | 퀵 정렬 | O(n log n) | X |
        | 병합 정렬 | O(n log n) | O |
        """
    )
    assert [c.question for c in doc.cards] == [
        "퀵 정렬 — 평균",
        "퀵 정렬 — 안정 정렬",
        "병합 정렬 — 평균",
        "병합 정렬 — 안정 정렬",
    ]


@pytest.mark.parametrize(
    ("text", "front"),
    [
        (
            "## Mutex vs semaphore\n\n| | Mutex | Semaphore |\n|---|---|---|\n"
            "| Owner | The locking thread | No owner |\n| Count | 1 | N |\n\n"
            "> **Note:** a binary semaphore is not a mutex.\n",
            "Mutex — Owner",
        ),
        (
            "## 프로세스 vs 스레드\n\n| | 프로세스 | 스레드 |\n|---|---|---|\n"
            "| 메모리 | 독립된 주소 공간 | 프로세스의 메모리를 공유 |\n"
            "| 생성 비용 | 크다 | 작다 |\n\n"
            "> 참고: 리눅스에서는 둘 다 task로 다룬다.\n",
            "프로세스 — 메모리",
        ),
    ],
)
def test_a_vs_table_followed_by_a_note_callout_is_read_cell_by_cell(text: str, front: str) -> None:
    """A `> Note` callout after an `A vs B` comparison table is an aside: the table still
    makes one card per row and column, and the heading no card of its own."""
    cards = note(text).cards
    assert {card.rule for card in cards} == {"table_rows"}
    assert len(cards) == 4 and front in [card.question for card in cards]


def test_a_vs_table_followed_by_a_conclusion_paragraph_stays_one_question() -> None:
    """Near miss: a paragraph after the table concludes the comparison: one question card."""
    text = (
        "## Mutex vs semaphore\n\n| | Mutex | Semaphore |\n|---|---|---|\n"
        "| Owner | The locking thread | No owner |\n\nUse a mutex to guard one resource.\n"
    )
    [card] = note(text).cards
    assert (card.rule, card.question) == ("question_heading", "Mutex vs semaphore")


@pytest.mark.parametrize(
    ("text", "front"),
    [
        (
            "| 분류 | 패턴 |\n|---|---|\n| 생성 | 싱글톤, 빌더 |\n| 구조 | 어댑터, 데코레이터 |\n",
            "생성 패턴",
        ),
        (
            "| Category | Pattern |\n|---|---|\n| Creational | Singleton, Builder |\n"
            "| Structural | Adapter, Decorator |\n",
            "Creational Pattern",
        ),
    ],
)
def test_a_classification_row_names_a_class_of_the_second_column(text: str, front: str) -> None:
    """A bare class name ("생성") asks nothing: the row is "생성 패턴"."""
    cards = note(text).cards
    assert len(cards) == 2 and cards[0].question == front


def test_a_classification_table_of_descriptions_keeps_its_names() -> None:
    """Near miss: `| 구분 | 설명 |` describes each name: the name alone is the front."""
    text = "| 구분 | 설명 |\n|---|---|\n| TCP | 연결형 프로토콜 |\n| UDP | 비연결형 프로토콜 |\n"
    assert [card.question for card in note(text).cards] == ["TCP", "UDP"]


def test_a_heading_naming_the_rows_turns_an_ambiguous_corner_around() -> None:
    """`| 구분 | 연결 방식 | 속도 |` under `## TCP와 UDP`: the rows are the things compared."""
    korean = note(
        "## TCP와 UDP\n\n| 구분 | 연결 방식 | 속도 |\n|---|---|---|\n"
        "| TCP | 연결 지향 | 느림 |\n| UDP | 비연결형 | 빠름 |\n"
    )
    assert {c.question: c.answer for c in korean.cards} == {
        "TCP — 연결 방식": "연결 지향",
        "TCP — 속도": "느림",
        "UDP — 연결 방식": "비연결형",
        "UDP — 속도": "빠름",
    }
    english = note(
        "## Processes vs threads\n\n|  | Memory | Switch cost |\n|---|---|---|\n"
        "| Process | own address space | high |\n| Thread | shared with its process | low |\n"
    )
    assert english.cards[0].question == "Process — Memory"


def test_a_heading_naming_the_header_keeps_the_header_as_the_names() -> None:
    """Near miss: `## TCP와 UDP 비교` over `| 구분 | TCP | UDP |` names the header cells."""
    doc = note(
        "## TCP와 UDP 비교\n\n| 구분 | TCP | UDP |\n|---|---|---|\n"
        "| 연결 방식 | 연결형 | 비연결형 |\n| 속도 | 느림 | 빠름 |\n"
    )
    assert "TCP — 연결 방식" in {c.question for c in doc.cards}
    assert "연결 방식 — TCP" not in {c.question for c in doc.cards}


def test_codes_in_the_first_column_name_their_rows() -> None:
    """`| Port | Protocol |` and `| 코드 | 상태 |`: the numbers are codes, one card per row."""
    english = note("| Port | Protocol |\n|---|---|\n| 22 | SSH |\n| 53 | DNS |\n| 443 | HTTPS |\n")
    assert {c.question: c.answer for c in english.cards} == {
        "22": "SSH",
        "53": "DNS",
        "443": "HTTPS",
    }
    korean = note(
        "| 번호 | 시그널 |\n|---|---|\n| 2 | SIGINT |\n| 9 | SIGKILL |\n| 15 | SIGTERM |\n"
    )
    assert [c.question for c in korean.cards] == ["2", "9", "15"]


def test_row_numbers_are_no_names() -> None:
    """Near miss: a numbered table of contents (`| No. | 질문 |` + `| 1 | … |`) makes no cards."""
    doc = note(
        "| No. | 질문 |\n|---|---|\n| 1 | [TCP란?](#tcp) |\n| 2 | [UDP란?](#udp) |\n"
        "| 3 | [QUIC란?](#quic) |\n"
    )
    assert doc.cards == []


def test_a_table_of_cost_cases_answers_its_heading() -> None:
    """`| 연산 | 평균 | 최악 |` under `### 해시 테이블의 시간 복잡도`: one card for the heading
    (the rows name no subject)."""
    korean = note(
        "### 해시 테이블의 시간 복잡도\n\n| 연산 | 평균 | 최악 |\n|---|---|---|\n"
        "| 검색 | O(1) | O(n) |\n| 삽입 | O(1) | O(n) |\n"
    )
    [card] = korean.cards
    assert (card.rule, card.kind, card.question, card.line) == (
        "table_rows",
        CardKind.BASIC,
        "해시 테이블의 시간 복잡도",
        1,
    )
    assert "| 검색" in card.answer and "O(n)" in card.answer
    english = note(
        "### Binary heap complexity\n\n| Operation | Average | Worst case |\n|---|---|---|\n"
        "| push | O(1) | O(log n) |\n| pop | O(log n) | O(log n) |\n"
    )
    assert [c.question for c in english.cards] == ["Binary heap complexity"]


def test_under_a_bare_complexity_heading_the_rows_are_the_subjects() -> None:
    """Near miss: `## 시간 복잡도` names no subject: `| 알고리즘 | 평균 | 최악 |` rows are."""
    doc = note(
        "## 시간 복잡도\n\n| 알고리즘 | 평균 | 최악 |\n|---|---|---|\n"
        "| 퀵 정렬 | O(n log n) | O(n^2) |\n| 병합 정렬 | O(n log n) | O(n log n) |\n"
    )
    assert "퀵 정렬 — 평균" in {c.question for c in doc.cards}


def test_a_table_with_a_real_aspect_beside_the_cases_stays_per_cell() -> None:
    """Near miss: `안정 정렬` is an aspect of its own: one card per algorithm and column."""
    doc = note(
        "## 정렬 비교\n\n| 알고리즘 | 평균 | 최악 | 안정 정렬 |\n|---|---|---|---|\n"
        "| 버블 정렬 | O(n²) | O(n²) | O |\n| 퀵 정렬 | O(n log n) | O(n²) | X |\n"
    )
    assert "버블 정렬 — 평균" in {c.question for c in doc.cards}


@pytest.mark.parametrize(
    "text",
    [
        "### 예시\n\n| 학생 | 수강 과목 |\n|---|---|\n| 김철수 | 운영체제, 네트워크 |\n"
        "| 이영희 | 데이터베이스 |\n",
        "### Example 2\n\n| User | Role |\n|---|---|\n| alice | admin |\n| bob | viewer |\n",
    ],
)
def test_a_table_under_an_example_heading_is_example_data(text: str) -> None:
    """`### 예시` / "Example 2" over a table: sample rows, not terms to learn."""
    assert note(text).cards == []


def test_a_cheat_sheet_titled_with_examples_still_makes_cards() -> None:
    """Near miss: "Examples of status codes" names its subject: the rows are terms."""
    doc = note(
        "### Examples of status codes\n\n| Code | Meaning |\n|---|---|\n"
        "| 200 | OK |\n| 404 | Not Found |\n"
    )
    assert [c.question for c in doc.cards] == ["200", "404"]


def test_an_html_table_cheat_sheet_makes_a_card_per_row() -> None:
    """`<table>` with term | description rows: one card per row, at the row's line."""
    doc = note(
        "<table>\n  <tr><th>Command</th><th>What it does</th></tr>\n"
        "  <tr><td><code>git fetch</code></td><td>Downloads new commits without merging</td></tr>\n"
        "  <tr><td><code>git pull</code></td><td>가져온 뒤 현재 브랜치에 병합한다</td></tr>\n"
        "</table>\n"
    )
    assert [(c.rule, c.question, c.answer, c.line) for c in doc.cards] == [
        ("table_rows", "`git fetch`", "Downloads new commits without merging", 3),
        ("table_rows", "`git pull`", "가져온 뒤 현재 브랜치에 병합한다", 4),
    ]


def test_an_html_block_that_is_not_a_table_is_left_alone() -> None:
    """Near miss: an HTML block with a table and text around it is not a cheat sheet."""
    doc = note(
        '<div align="center">\n<p>Figure 1</p>\n<table><tr><td>a</td><td>b</td></tr>'
        "<tr><td>c</td><td>d</td></tr></table>\n</div>\n"
    )
    assert [c for c in doc.cards if c.rule == "table_rows"] == []

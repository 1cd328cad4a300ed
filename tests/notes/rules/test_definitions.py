"""Rule definitions: colon bullets make definition cards only when the term is real (shape 6)."""

from __future__ import annotations

import pytest

from quizapp.notes import CardKind

from ..helpers import note


def test_korean_and_english_terms_make_definition_cards() -> None:
    doc = note(
        """
        - 프로세스: 실행 중인 프로그램
        - Thread: a flow of execution inside a process
        """
    )
    assert [(c.rule, c.kind, c.question) for c in doc.cards] == [
        ("definitions", CardKind.DEFINITION, "프로세스"),
        ("definitions", CardKind.DEFINITION, "Thread"),
    ]


@pytest.mark.parametrize(
    "items",
    [
        "- 장점: 빠르다\n- 단점: 메모리를 많이 쓴다\n",
        "- Pros: fast\n- Cons: memory hungry\n",
        "- 요청: A -> B\n- 응답: B -> A\n",
        "- 사용: 캐시\n- 예시: Redis\n",
    ],
)
def test_label_words_and_arrows_are_not_definitions(items: str) -> None:
    assert [c for c in note(items).cards if c.rule == "definitions"] == []


def test_aspects_under_two_parents_make_one_card_per_parent() -> None:
    doc = note(
        """
        ## 비교

        - TCP
          - 장점: 신뢰성
          - 단점: 느리다
        - UDP
          - 장점: 빠르다
          - 단점: 유실될 수 있다
        """
    )
    assert [(c.rule, c.question) for c in doc.cards] == [
        ("nested_answer", "TCP"),
        ("nested_answer", "UDP"),
    ]


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("세그먼트 [헤더 + 데이터: TCP가 보내는 단위", "세그먼트 [헤더 + 데이터"),
        ("Smiley :-( face: an emoticon", "Smiley :-( face"),
        ("SYN(synchronize : 연결 요청): 연결을 여는 플래그", "SYN(synchronize : 연결 요청)"),
    ],
    ids=["unclosed [", "unclosed (", "closed ( keeps its colon"],
)
def test_an_unclosed_bracket_does_not_hide_the_separating_colon(text: str, term: str) -> None:
    # Found by the export round-trip property: a table cell with a stray `[` became a
    # definition card whose exported `- term: definition` item no longer split on re-import.
    from quizapp.notes.definitions import split_definition

    assert split_definition(text) == (term, text.removeprefix(term + ":").strip())


def test_one_word_values_are_a_mapping_under_the_heading() -> None:
    """`계층: PDU` and `protocol: port` items are facts about the heading, not definitions."""
    doc = note(
        """
        ## 계층별 PDU

        - 전송 계층: 세그먼트
        - 네트워크 계층: 패킷
        - 데이터 링크 계층: 프레임

        ## Default ports

        - HTTP: 80
        - HTTPS: 443
        - SSH: 22
        """
    )
    assert [(c.rule, c.question) for c in doc.cards] == [
        ("label_list", "계층별 PDU"),
        ("label_list", "Default ports"),
    ]
    assert "세그먼트" in doc.cards[0].answer and "443" in doc.cards[1].answer


def test_items_naming_the_fields_of_a_heading_make_one_card() -> None:
    doc = note(
        """
        ## `ps` output columns

        - PID: the process ID
        - STAT: the process state code

        ## TCP 헤더 필드

        - Sequence Number: 보낸 바이트의 순서 번호
        - Window Size: 수신 측이 받을 수 있는 양
        """
    )
    assert [(c.rule, c.kind) for c in doc.cards] == [("label_list", CardKind.BASIC)] * 2
    assert "process state code" in doc.cards[0].answer


def test_one_word_values_of_two_items_or_longer_values_stay_definitions() -> None:
    doc = note(
        """
        ## Protocols

        - TCP: a reliable, connection-oriented stream
        - UDP: connectionless datagrams

        ## 키

        - 기본키: 식별자
        - 외래키: 참조키
        """
    )
    assert [c.question for c in doc.cards] == ["TCP", "UDP", "기본키", "외래키"]
    assert {c.rule for c in doc.cards} == {"definitions"}


def test_plain_terms_with_their_definitions_after_a_line_break() -> None:
    """`- 필터(Filter)` + two trailing spaces + the definition, for every item of the list."""
    doc = note(
        "## 필터와 인터셉터\n\n"
        "- 필터(Filter)  \n  디스패처 서블릿 앞에서 요청을 가로챈다\n"
        "- 인터셉터(Interceptor)  \n  디스패처 서블릿과 컨트롤러 사이에서 동작한다\n\n"
        "## Locks\n\n"
        "- Spinlock\\\n  a lock that busy-waits instead of sleeping\n"
        "- Mutex\\\n  a lock one thread owns at a time\n"
    )
    assert [(c.rule, c.question) for c in doc.cards] == [
        ("definitions", "필터(Filter)"),
        ("definitions", "인터셉터(Interceptor)"),
        ("definitions", "Spinlock"),
        ("definitions", "Mutex"),
    ]
    assert doc.cards[1].answer == "디스패처 서블릿과 컨트롤러 사이에서 동작한다"


def test_plain_lines_broken_in_a_mixed_list_or_sentences_are_not_terms() -> None:
    doc = note(
        "## 회고\n\n"
        "- 이번 주에 배운 것  \n  스프링 트랜잭션 전파\n"
        "- 다음 주에 할 것\n\n"
        "## Notes\n\n"
        "- I finally understood it.  \n  Locks are easier than I thought\n"
        "- We moved to Postgres.  \n  It was faster\n"
    )
    assert doc.cards == []


def test_an_html_list_of_bold_terms_makes_definition_cards() -> None:
    doc = note(
        """
        ## Process states

        <ul>
        <li><b>Ready</b>: waiting to be assigned a CPU</li>
        <li><b>Waiting</b>: blocked until an I/O completes</li>
        </ul>

        ## 스레드 상태

        <ul>
          <li><strong>RUNNABLE</strong>: 실행 중이거나 실행을 기다리는 상태</li>
          <li><strong>BLOCKED</strong>: 모니터 락을 기다리는 상태</li>
        </ul>
        """
    )
    assert [(c.rule, c.question, c.line) for c in doc.cards] == [
        ("definitions", "Ready", 4),
        ("definitions", "Waiting", 5),
        ("definitions", "RUNNABLE", 11),
        ("definitions", "BLOCKED", 12),
    ]
    assert doc.cards[0].answer == "waiting to be assigned a CPU"


def test_an_html_list_of_sentences_or_labels_makes_no_definitions() -> None:
    doc = note(
        """
        ## Notes

        <ul>
        <li>Processes do not share memory.</li>
        <li><b>Pros</b>: isolation</li>
        </ul>
        """
    )
    assert doc.cards == []


@pytest.mark.parametrize(
    "text",
    [
        "## Memory\n\nOutput of `free -h`:\n\n- total: 7.7Gi\n- used: 2.1Gi\n- free: 4.9Gi\n",
        "## 서버 상태\n\n`uptime` 결과:\n\n- 가동 시간: 14일 3시간\n- 접속자: 2명\n"
        "- 평균 부하: 0.52\n",
    ],
)
def test_values_read_off_a_tool_are_no_definitions(text: str) -> None:
    """`label: number` lines after an intro are sample output: no definition, no card."""
    doc = note(text)
    assert doc.cards == []
    assert any("number" in block.reason for block in doc.unclaimed)


def test_definitions_that_mention_numbers_stay_definitions() -> None:
    """Near miss: a definition may hold numbers, as long as it explains in words."""
    doc = note(
        "- IPv4: 32비트 주소를 8비트씩 네 부분으로 나누어 쓰는 방식\n"
        "- IPv6: 128비트 주소를 16비트씩 여덟 부분으로 나누어 쓰는 방식\n\n"
        "- Port 80: the default port for plain HTTP traffic\n"
        "- Port 443: the default port for HTTP over TLS\n"
    )
    assert [(c.rule, c.question) for c in doc.cards] == [
        ("definitions", "IPv4"),
        ("definitions", "IPv6"),
        ("definitions", "Port 80"),
        ("definitions", "Port 443"),
    ]


def test_term_dash_definition_items_are_definitions() -> None:
    """`TERM — definition` for every item (em or en dash between spaces): definition cards."""
    english = note(
        "### SOLID\n\n1. **S**ingle responsibility — a class has one reason to change\n"
        "2. **O**pen/closed — open for extension, closed for modification\n"
        "3. **L**iskov substitution — subtypes stand in for their base type\n"
    )
    assert [(c.rule, c.kind, c.question) for c in english.cards] == [
        ("definitions", CardKind.DEFINITION, "Single responsibility"),
        ("definitions", CardKind.DEFINITION, "Open/closed"),
        ("definitions", CardKind.DEFINITION, "Liskov substitution"),
    ]
    assert english.cards[0].answer == "a class has one reason to change"
    korean = note(
        "- **낙관적 락** – 충돌이 드물다고 보고 커밋할 때 버전을 확인하는 방식\n"
        "- **비관적 락** – 읽을 때부터 잠금을 걸어 다른 트랜잭션을 막는 방식\n"
    )
    assert [c.question for c in korean.cards] == ["낙관적 락", "비관적 락"]


@pytest.mark.parametrize(
    "text",
    [
        "## References\n\n- [RFC 768 — User Datagram Protocol](https://example.org/rfc768)\n"
        "- [RFC 9000 — QUIC](https://example.org/rfc9000)\n",
        "## 메모\n\n- 오늘 본 문제 — 다시 풀어 볼 것\n- 스택 문제는 내일 다시 풀기\n",
    ],
)
def test_links_and_mixed_lists_with_dashes_are_no_definitions(text: str) -> None:
    """Near miss: a dash inside link text, or a list where not every item is `term — …`."""
    assert [c for c in note(text).cards if c.rule == "definitions"] == []


def test_a_bold_or_code_term_then_a_hyphen_is_a_definition() -> None:
    """`- **Latency** - …` / `` - `ls` - … ``: a hyphen after a marked term separates."""
    english = note(
        "- **Latency** - the time one request takes from start to finish\n"
        "- **Throughput** - how many requests finish per second\n"
    )
    assert [c.question for c in english.cards] == ["Latency", "Throughput"]
    korean = note(
        "- `ls` - 디렉터리의 파일 목록을 보여 준다\n- `pwd` - 현재 작업 디렉터리를 출력한다\n"
    )
    assert [c.question for c in korean.cards] == ["`ls`", "`pwd`"]


def test_a_plain_term_then_a_hyphen_is_no_definition() -> None:
    """Near miss: `2019 - …` / `Day 1 - …` items are a timeline, not terms."""
    doc = note("- 2019 - joined the platform team\n- 2021 - led the storage migration\n")
    assert [c for c in doc.cards if c.rule == "definitions"] == []


def test_a_definition_that_is_only_a_link_once_its_script_is_gone_is_none() -> None:
    """`- n: <script>…</script> [link](…)`: the reader sees only a link, which defines
    nothing (as `- n: [link](…)` does not); the Markdown export's round trip agrees."""
    doc = note(
        "- 비밀: <script>alert(1)</script> [링크](../../etc/passwd)\n"
        "- Secret: <style>p{}</style>[link](https://example.org)\n"
    )
    assert [c for c in doc.cards if c.rule == "definitions"] == []


def test_a_definition_with_inline_html_stays_a_definition() -> None:
    """Near miss: `<b>` and `<code>` are markup around real words."""
    doc = note("- TCP: <b>연결형</b> 프로토콜\n- UDP: a <code>connectionless</code> protocol\n")
    assert [c.question for c in doc.cards] == ["TCP", "UDP"]


def test_an_html_description_list_makes_definitions() -> None:
    """`<dl><dt>TERM</dt><dd>definition</dd>…</dl>`: one card per term, at its line."""
    doc = note(
        "<dl>\n  <dt>HEAD</dt>\n  <dd>The commit you have <b>checked out</b>.</dd>\n"
        "  <dt>인덱스</dt>\n  <dd>다음 커밋에 들어갈 변경을 모아 두는 곳</dd>\n</dl>\n"
    )
    assert [(c.rule, c.question, c.answer, c.line) for c in doc.cards] == [
        ("definitions", "HEAD", "The commit you have **checked out**.", 2),
        ("definitions", "인덱스", "다음 커밋에 들어갈 변경을 모아 두는 곳", 4),
    ]


def test_a_description_list_of_label_words_is_no_definitions() -> None:
    """Near miss: `<dt>장점</dt>` / `<dt>단점</dt>` are labels, not terms."""
    doc = note("<dl><dt>장점</dt><dd>빠르다</dd><dt>단점</dt><dd>메모리를 많이 쓴다</dd></dl>\n")
    assert [c for c in doc.cards if c.rule == "definitions"] == []

"""Rule choice: unmarked multiple choice; code between question and options is shown (shape 13)."""

from __future__ import annotations

from quizapp.notes import CardKind

from ..helpers import note


def test_code_before_the_options_is_part_of_the_question() -> None:
    doc = note(
        """
        What is the output of the following code?

        ```python
        print(len("abc"))
        ```

        A) 2
        B) 3
        Answer: B
        """
    )
    [card] = doc.cards
    assert (card.rule, card.kind) == ("choice", CardKind.CHOICE)
    assert card.question.startswith("What is the output of the following code?")
    assert 'print(len("abc"))' in card.question
    assert card.extra["options"] == ["2", "3"] and card.extra["correct"] == 1


def test_korean_question_with_options() -> None:
    doc = note("다음 중 TCP의 특징이 아닌 것은?\nA) 연결 지향\nB) 브로드캐스트\n정답: B\n")
    [card] = doc.cards
    assert card.extra["correct"] == 1 and card.rule == "choice"


def test_code_without_options_is_not_a_choice() -> None:
    doc = note("이 코드는 무엇을 출력할까?\n\n```python\nprint(1)\n```\n\n1 이 출력된다.\n")
    assert [c for c in doc.cards if c.kind == CardKind.CHOICE] == []


def test_circled_korean_options_and_an_answer_line() -> None:
    doc = note("다음 중 선점형 스케줄링은?\n① FCFS\n② Round Robin\n③ SJF\n\n정답: ②\n")
    [card] = doc.cards
    assert (card.kind, card.answer, card.extra["options"]) == (
        CardKind.CHOICE,
        "Round Robin",
        ["FCFS", "Round Robin", "SJF"],
    )


def test_circled_numbers_in_a_sentence_are_not_options() -> None:
    doc = note("다음 중 맞는 것은?\n①과 ②를 비교하면 된다.\n\n정답: ①\n")
    assert [c for c in doc.cards if c.kind == CardKind.CHOICE] == []


def test_numbered_heading_question_with_lettered_options_and_a_details_answer() -> None:
    """`###### 1. What's the output?`, code, `- A: …` options, the key in a `<details>`."""
    doc = note(
        """
        ###### 1. What's the output?

        ```javascript
        console.log(typeof []);
        ```

        - A: `"array"`
        - B: `"object"`
        - C: `"undefined"`

        <details><summary><b>Answer</b></summary>
        <p>

        #### Answer: B

        Arrays are objects.

        </p>
        </details>

        ---

        ###### 2. What's the output?

        ```javascript
        console.log(1 + "1");
        ```

        - A: `2`
        - B: `"11"`

        <details><summary><b>Answer</b></summary>
        <p>

        #### Answer: B

        </p>
        </details>
        """
    )
    first, second = doc.cards  # same wording, different code: not duplicates
    assert (first.kind, first.extra["correct"], second.extra["correct"]) == (CardKind.CHOICE, 1, 1)
    assert "typeof []" in first.question and first.answer.startswith('`"object"`')
    assert "Arrays are objects." in first.answer and "Answer:" not in first.answer
    assert second.answer == '`"11"`'


def test_korean_question_with_colon_options_and_a_details_answer() -> None:
    doc = note(
        """
        ### 다음 중 비선점 스케줄링은?

        - A: Round Robin
        - B: FCFS
        - C: SRTF

        <details><summary>정답</summary>

        정답: B

        먼저 온 프로세스가 끝날 때까지 CPU를 쥔다.

        </details>
        """
    )
    [card] = doc.cards
    assert (card.kind, card.extra["options"][card.extra["correct"]]) == (CardKind.CHOICE, "FCFS")
    assert "끝날 때까지" in card.answer


def test_a_colon_answer_marker_is_not_an_option() -> None:
    """`Q:`/`A:` lines and a lone `- A:` item stay a question and its answer."""
    doc = note(
        "Q: TCP란?\nA: 연결 지향 전송 프로토콜\n\n"
        "- Q: What is UDP?\n- A: a connectionless protocol\n"
    )
    assert all(card.kind != CardKind.CHOICE for card in doc.cards)
    assert any(card.answer.startswith("연결 지향") for card in doc.cards)

"""The footer's and `?`'s key descriptions in the UI language.

Bindings are declared in English on the classes (Textual reads them when a class is made);
`localize_bindings` rewrites each class's and screen's copy once the language is known,
so one setting changes every footer without each screen knowing about it.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import BindingsMap
from textual.dom import DOMNode

from quizapp.i18n import language

KOREAN = {
    "Again": "다시",
    "Back": "뒤로",
    "Bury": "미룸",
    "Cancel": "취소",
    "Cards": "카드",
    "Close": "닫기",
    "Contents": "목차",
    "Count as right": "맞은 것으로",
    "Easy": "쉬움",
    "Edit": "편집",
    "Flow": "흐름",
    "Fold": "접기",
    "Good": "좋음",
    "Hard": "어려움",
    "Keys": "키",
    "Knew it / I was right": "알았음 / 내가 맞음",
    "Lose": "손실",
    "Missed / I was wrong": "몰랐음 / 내가 틀림",
    "Move down": "아래로",
    "Move up": "위로",
    "Next": "다음",
    "Next / accept": "다음 / 수락",
    "Note": "노트 보기",
    "Note list": "노트 목록",
    "Notes": "노트",
    "Pick": "고르기",
    "Play": "재생",
    "Predict": "예측",
    "Profile": "프로필",
    "Quit": "종료",
    "Quiz": "퀴즈",
    "Quiz note": "노트 퀴즈",
    "Reset": "초기화",
    "Review": "복습",
    "Review all": "전체 복습",
    "Review deck": "덱 복습",
    "Review note": "노트 복습",
    "Review these": "이것들 복습",
    "Retry wrong": "틀린 것 다시",
    "Scene": "장면",
    "Search": "검색",
    "Settings": "설정",
    "Save": "저장",
    "Show": "보기",
    "Show answer": "답 보기",
    "Show in flow": "흐름에서 보기",
    "Skip": "건너뜀",
    "Sort": "정렬",
    "Speed": "속도",
    "Stats": "통계",
    "Submit": "제출",
    "Suspend": "보류",
    "TCP sim": "TCP 시뮬",
    "Theme": "테마",
    "Undo": "되돌리기",
}
ENGLISH = {korean: english for english, korean in KOREAN.items()}


def label(description: str) -> str:
    """A binding's description in the UI language (unknown ones are left as they are)."""
    table = KOREAN if language() == "ko" else ENGLISH
    return table.get(description, description)


def _localized(bindings: BindingsMap) -> None:
    for key, listed in bindings.key_to_bindings.items():
        bindings.key_to_bindings[key] = [
            replace(binding, description=label(binding.description)) for binding in listed
        ]


def localize_bindings(node: DOMNode | None = None) -> None:
    """Every quizapp widget and screen class defined so far (and `node`, already made)."""
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        merged = cls.__dict__.get("_merged_bindings")
        if cls.__module__.startswith("quizapp.") and merged is not None:
            _localized(merged)
    if node is not None:
        _localized(node._bindings)

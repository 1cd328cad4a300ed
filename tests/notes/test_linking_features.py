"""Section-matching features (`quizapp.notes.linking.features`) split words as documented."""

from __future__ import annotations

import pytest

from quizapp.notes.linking import _normalise, features


@pytest.mark.parametrize(
    "joined",
    [
        "TCP의 3way handshake과정",
        "TCP 3-way Handshake 과정에 대해 설명하세요",
        "ＴＣＰ의 3WAY handshake과정이란",
    ],
)
def test_digits_hangul_and_latin_are_separate_words_as_normalise_splits_them(
    joined: str,
) -> None:
    # `features` finds the words in one pass; `_normalise` splits them with substitutions
    # (its text is what rapidfuzz compares): both must agree on the words.
    assert features(joined) == features.__wrapped__(_normalise(joined))
    assert {"tcp", "3", "way", "handshake", "과정"} <= features(joined)


def test_boilerplate_and_particles_are_no_features() -> None:
    assert features("TCP 연결 과정에 대해 설명하세요") == features("TCP 연결 과정")
    assert "설명" not in features("TCP에 대해 설명해 주세요")

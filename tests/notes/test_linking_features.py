"""Section-matching features (`quizapp.notes.linking.features`) split words as documented."""

from __future__ import annotations

import pytest

from quizapp.notes.linking import _SHORTLIST, SectionMatcher, _normalise, features
from quizapp.notes.model import Section


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


def _section(title: str, line: int) -> Section:
    return Section(title, 2, (title,), line, line + 1, title.lower(), f"## {title}\n본문 {line}")


@pytest.mark.parametrize("count", [8, 64, 65, 130])
def test_the_shortlist_is_every_section_sharing_a_title_feature_up_to_its_size(
    count: int,
) -> None:
    """Up to `_SHORTLIST` sections are checked one by one, more through the feature index:
    either way the shortlist holds the sections that share a title feature (all of them
    when they fit), in note order."""
    titles = ["TCP 연결 과정", "UDP 특징", "TCP 종료 과정", "DNS 이름 풀이", "HTTP 요청"]
    sections = [_section(f"{titles[n % len(titles)]} {n}", 10 * n) for n in range(count)]
    matcher = SectionMatcher(sections)
    wanted = features("TCP 과정에 대해 설명하세요")
    sharing = [n for n, s in enumerate(sections) if wanted & features(s.title)]
    shortlist = matcher._shortlist(wanted)
    assert shortlist == sorted(shortlist)
    assert set(shortlist) <= set(sharing)
    assert len(shortlist) == min(len(sharing), _SHORTLIST)

"""The note's tokens and block tree (`quizapp.notes.tree`) equal what markdown-it-py gives.

Inline tokens are parsed on first use and the tree is `Node`, not `SyntaxTreeNode`, for
speed (`bench/import.py`); what rules read must not change.
"""

from __future__ import annotations

import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.front_matter import front_matter_plugin

from quizapp.notes.text import _plain_parts, plain_text
from quizapp.notes.tree import _CHILDREN, build_tree, tokenize

FULL = (
    MarkdownIt("commonmark", {"html": True})
    .enable(["table", "strikethrough"])
    .use(front_matter_plugin)
)

NOTES = [
    """---
tags: [network]
---
# TCP 연결 : **3 way** handshake

- SYN(synchronize *sequence* numbers : 연결 요청): 연결 요청을 위한 `무작위` 숫자
- ACK: 패킷을 잘 받았다고 알려준다\\
  둘째 줄 (hard break)

> **Q.** `TIME_WAIT`가 필요한 이유?
> A. 늦게 온 ~~패킷~~ 세그먼트를 버리기 위해 <b>기다린다</b>.

| 용어 | 뜻 |
|---|---|
| [RTT][rtt] | 왕복 시간 ![그림 *설명*](img.png) |

[rtt]: https://example.com/rtt "Round trip"
""",
    """## What is a *closure*?

A function that captures variables from its enclosing scope: see [the docs][docs] and
<https://example.com/closures>, &amp; escapes \\*like this\\*.

1. First, *define* it
2. Then call it<br>again

<details><summary>Answer</summary>

It **remembers** its environment.

</details>

[docs]: https://docs.example.com
""",
]


def _shape(tokens: list[Token] | None) -> list[Any]:
    """What rules can read of tokens, recursively (type, content, map, markup, children)."""
    return [
        (t.type, t.tag, t.content, t.map, t.markup, t.info, t.attrs, _shape(t.children))
        for t in tokens or []
    ]


def test_inline_tokens_are_parsed_only_when_read_and_equal_a_full_parse() -> None:
    for note in NOTES:
        ours = tokenize(note)
        inline = [token for token in ours if token.type == "inline"]
        assert inline and all(_CHILDREN.__get__(token) is None for token in inline)
        assert _shape(ours) == _shape(FULL.parse(note))  # reading `children` parses them
        assert all(_CHILDREN.__get__(token) is not None for token in inline)


def test_reference_links_resolve_in_lazily_parsed_inline_tokens() -> None:
    ours = tokenize(NOTES[1])
    paragraph = next(t for t in ours if t.type == "inline" and "captures" in t.content)
    links = [child for child in paragraph.children or [] if child.type == "link_open"]
    assert [link.attrs["href"] for link in links] == [
        "https://docs.example.com",
        "https://example.com/closures",
    ]


def _node_shape(nodes: list[Any]) -> list[Any]:
    return [
        (
            node.type,
            tuple(node.map) if node.map else None,
            node.tag,
            node.content,
            node.info,
            _node_shape(node.children),
        )
        for node in nodes
    ]


def test_the_block_tree_matches_syntax_tree_node() -> None:
    for note in NOTES:
        expected = SyntaxTreeNode(FULL.parse(note)).children
        assert _node_shape(build_tree(tokenize(note))) == _node_shape(expected)


_MARKUP_FREE = st.text(
    alphabet=st.sampled_from(list("ab 가나 TCP3 !#$%+-:=>@]^{}|/'\"()?.,;\t\u00a0ä")),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(_MARKUP_FREE)
def test_plain_text_without_markup_characters_is_the_inline_content(text: str) -> None:
    for source in (f"# {text}", text, f"- {text}", f"> {text}"):
        for token in FULL.parse(source):
            if token.type == "inline":
                assert plain_text(token) == "".join(_plain_parts(token.children or []))


_WITH_UNDERSCORES = st.text(
    alphabet=st.sampled_from(list("_ab가나3é .!()-:*")),
    max_size=20,
)


@settings(max_examples=400, deadline=None)
@given(_WITH_UNDERSCORES)
def test_plain_text_of_underscores_inside_words_is_what_a_full_parse_gives(text: str) -> None:
    """`SYN_SENT` needs no inline parse: it must still read as markdown-it reads it, for
    every placement of `_` (inside words, at their edges, doubled, beside punctuation)."""
    for source in (f"# {text}", f"## SYN_{text}_SENT", text):
        for token in FULL.parse(source):
            if token.type == "inline":
                assert plain_text(token) == "".join(_plain_parts(token.children or []))


def test_plain_text_with_markup_still_parses() -> None:
    rng = random.Random(10)
    pieces = ["**굵게**", "`code`", "[link](#x)", "a_b_c", "~~no~~", "&amp;", "\\*", "<b>x</b>"]
    for _ in range(200):
        text = " ".join(rng.choice(pieces) for _ in range(3))
        heading = next(t for t in tokenize(f"## {text}") if t.type == "inline")
        full = next(t for t in FULL.parse(f"## {text}") if t.type == "inline")
        assert plain_text(heading) == "".join(_plain_parts(full.children or []))


_LINES = st.sampled_from(
    [
        "---",
        "title: TCP",
        "tags: [net]",
        "- 항목",
        "# 제목",
        "",
        "본문 한 줄",
        "...",
        "> 인용",
        "  ---",
        "--- x",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINES, max_size=8))
def test_block_tokens_equal_a_full_parse_with_or_without_front_matter(lines: list[str]) -> None:
    """A note not starting with `-` is parsed without the front-matter rule: its blocks
    must be exactly those of the parser with it (and a note starting with `-` uses it)."""
    text = "\n".join(lines)
    shape = [(t.type, t.map, t.content, t.info, t.markup, t.nesting) for t in tokenize(text)]
    full = [(t.type, t.map, t.content, t.info, t.markup, t.nesting) for t in FULL.parse(text)]
    assert shape == full

"""markdown-it tokens of a note, and the light block tree the card rules walk.

Two costs of a plain `MarkdownIt.parse` + `SyntaxTreeNode` are paid here only where needed:

- Inline parsing (emphasis, links, code spans inside every paragraph, heading and list
  item) is about half of markdown-it's time, yet most rules read a block's lines, not its
  inline tokens. The note is parsed at block level once; an inline token's `children` are
  parsed the first time something reads them (`plain_text`, annotations, line breaks),
  with the same markdown-it rules and the note's reference definitions, so they are
  exactly what a full parse gives. Nothing is parsed twice.
- `SyntaxTreeNode` builds a node for every inline token too, through recursive copies of
  token lists. `Node` is the same tree of blocks (same `type`, `tag`, `map`, `children`,
  `token`, `content`, `info`, `attrs`), built in one pass; an inline token's children
  become nodes only if asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import text_join
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

MARKDOWN_IT = (
    MarkdownIt("commonmark", {"html": True})
    .enable(["table", "strikethrough"])
    .use(front_matter_plugin)
    .disable(["inline", "text_join"])  # run per inline token, on demand (`_LazyInline`)
)
"""The note parser, block level only: inline tokens are parsed on first use."""
_WITHOUT_FRONT_MATTER = (
    MarkdownIt("commonmark", {"html": True})
    .enable(["table", "strikethrough"])
    .disable(["inline", "text_join"])
)
"""`MARKDOWN_IT` for a note that does not start with `-`: the front-matter rule, which
markdown-it tries at every block and paragraph line, can only match a note's first
character `-`, so without it the tokens are the same."""

_ENV = "quizapp_env"
"""`Token.meta` key holding the note's markdown-it env (its link reference definitions)
until the inline token is parsed."""
_CHILDREN = Token.__dict__["children"]
"""The slot behind `Token.children`, which `_LazyInline.children` fills on first read."""


class _LazyInline(Token):
    """An inline token whose children are parsed when first read (same slots as `Token`)."""

    __slots__ = ()

    @property  # type: ignore[override]
    def children(self) -> list[Token] | None:
        children = _CHILDREN.__get__(self)
        if children is None:
            children = _parse_inline(self.content, self.meta.pop(_ENV, {}))
            _CHILDREN.__set__(self, children)
        return children

    @children.setter
    def children(self, value: list[Token] | None) -> None:
        _CHILDREN.__set__(self, value)


def _parse_inline(content: str, env: dict[str, Any]) -> list[Token]:
    """What markdown-it's core rules `inline` and `text_join` make of one inline token."""
    children: list[Token] = []
    MARKDOWN_IT.inline.parse(content, MARKDOWN_IT, env, children)
    holder = Token("inline", "", 0, children=children)
    text_join(StateCore("", MARKDOWN_IT, env, [holder]))
    return holder.children or []


def tokenize(text: str) -> list[Token]:
    """The note's block tokens; inline tokens parse their children on first use."""
    env: dict[str, Any] = {}
    parser = MARKDOWN_IT if text.startswith("-") else _WITHOUT_FRONT_MATTER
    tokens = parser.parse(text, env)
    for token in tokens:
        if token.type == "inline":
            token.__class__ = _LazyInline
            _CHILDREN.__set__(token, None)  # the block parser leaves [] here: not parsed yet
            if env:  # only link reference definitions put anything here
                token.meta[_ENV] = env
    return tokens


class Node:
    """A block of the note: a container (its `_open` … `_close` tokens) or one token.

    The subset of `markdown_it.tree.SyntaxTreeNode` the parser and rules use.
    """

    __slots__ = ("children", "map", "opening", "token", "type")

    def __init__(self, type_: str, opening: Token, token: Token | None) -> None:
        self.type = type_
        self.opening = opening
        """The token holding the node's attributes (the `_open` one of a container)."""
        self.token = token
        """The token of an unnested node (None for a container)."""
        self.map: list[int] | None = opening.map or None
        """Source lines [begin, end) of the node (0-based), or None."""
        self.children: list[Node] = []

    @property
    def tag(self) -> str:
        return self.opening.tag

    @property
    def content(self) -> str:
        return self.opening.content

    @property
    def info(self) -> str:
        return self.opening.info

    @property
    def markup(self) -> str:
        return self.opening.markup

    @property
    def attrs(self) -> dict[str, str | int | float]:
        return self.opening.attrs

    def __repr__(self) -> str:
        return f"Node({self.type})"


_NODE_CHILDREN = Node.__dict__["children"]


class _InlineNode(Node):
    """An inline token's node: its children (the inline tokens) become nodes when asked for."""

    __slots__ = ()

    def __init__(self, token: Token) -> None:
        self.type = token.type
        self.opening = self.token = token
        self.map = token.map or None
        _NODE_CHILDREN.__set__(self, None)

    @property  # type: ignore[override]
    def children(self) -> list[Node]:
        built = _NODE_CHILDREN.__get__(self)
        if built is None:
            built = build_tree(self.opening.children or [])
            _NODE_CHILDREN.__set__(self, built)
        return built


_WITH_CHILDREN = ("inline", "image")


def build_tree(tokens: Sequence[Token]) -> list[Node]:
    """The top-level nodes of a token stream (markdown-it's nesting is always balanced)."""
    top: list[Node] = []
    siblings = top
    outer: list[list[Node]] = []
    for token in tokens:
        nesting = token.nesting
        if nesting == 1:
            node = Node(token.type.removesuffix("_open"), token, None)
            siblings.append(node)
            outer.append(siblings)
            siblings = node.children
        elif nesting == -1:
            siblings = outer.pop()
        elif token.type in _WITH_CHILDREN:  # not `token.children`: that would parse it
            siblings.append(_InlineNode(token))
        else:
            siblings.append(Node(token.type, token, token))
    return top

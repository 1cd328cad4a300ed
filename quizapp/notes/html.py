"""HTML written inside notes → Markdown for answers; navigation boilerplate recognised and dropped.

Review shows answers with Textual's Markdown widget, which drops HTML blocks, and exports
would carry raw tags, so HTML in an answer (`<p>`, `<ul><li>`, `<br>`, `<b>`, `<code>`,
`<table>`) is converted with `html-to-markdown` (measured at ~10 µs per fragment against
~250 µs for `markdownify`: `python bench/html_convert.py`). `<script>`/`<style>` and their
text, event attributes and `javascript:` links never reach a card. Text struck out with
`<del>`, `<s>` or `<strike>` is the author's crossed-out mistake: it is removed, never taught.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import html_to_markdown
from markdown_it.token import Token

_OPTIONS = html_to_markdown.ConversionOptions(
    exclude_selectors=["del", "s", "strike", "script", "style", "noscript"],
    extract_metadata=False,
    autolinks=False,
)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>")
_SCRIPT_LINK = re.compile(r"\[([^\]]*)\]\((?:javascript|vbscript|data):[^)]*\)", re.IGNORECASE)
_NAV_TEXT = re.compile(
    r"^[\s↥↑⬆︎⇧🔝^⬅←◀⇦↩🔙]*(?:back\s*to\s*(?:the\s*)?(?:top|contents?|toc|index|readme|list|home)|"
    r"go\s*to\s*top|top|맨\s*위로|위로\s*(?:가기|이동)?|뒤로\s*(?:가기)?|"
    r"(?:목차|목록|처음|메인|홈)\s*(?:로|으로)?\s*(?:가기|이동|돌아가기)?|"
    r"처음으로|home|table\s*of\s*contents)[\s↥↑⬆︎⇧🔝^⬅←◀⇦↩🔙.!]*$",
    re.IGNORECASE,
)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)]*)\)")
_STRUCK = re.compile(r"~~[^~\n]+~~ ?")


def has_html(text: str) -> bool:
    """Whether the text holds an HTML tag (outside nothing: a cheap test before converting)."""
    return "<" in text and _TAG.search(text) is not None


@lru_cache(maxsize=4096)
def html_to_md(html: str) -> str:
    """Convert an HTML fragment to Markdown: unsafe and struck-out parts dropped."""
    converted = html_to_markdown.convert(html, _OPTIONS).content or ""
    converted = _SCRIPT_LINK.sub(r"\1", converted)
    return "\n".join(line.rstrip() for line in converted.strip("\n").split("\n")).strip()


def answer_markdown(text: str) -> str:
    """A piece of an answer as Markdown: HTML converted, navigation lines dropped."""
    if has_html(text):
        text = html_to_md(text)
    return strip_navigation(text)


_INLINE = (
    (re.compile(r"<(del|s|strike)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL), ""),
    (re.compile(r"<br\s*/?>|</br\s*>", re.IGNORECASE), "  \n"),
    (re.compile(r"</?(?:b|strong)\b[^>]*>", re.IGNORECASE), "**"),
    (re.compile(r"</?(?:i|em)\s*>", re.IGNORECASE), "*"),
    (re.compile(r"</?code\s*>", re.IGNORECASE), "`"),
    (re.compile(r"</?(?:span|u|mark|font|small|big|sub|sup|kbd)\b[^>]*>", re.IGNORECASE), ""),
)


_EVENT_ATTRIBUTE = re.compile(
    r"""\s(?:on[a-z]+|href\s*=\s*["']?\s*javascript:[^\s>]*)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""",
    re.IGNORECASE,
)


BLOCK_TAG = re.compile(
    r"</?(?:div|p|ul|ol|li|dl|dt|dd|table|thead|tbody|tfoot|tr|td|th|details|summary|section|"
    r"article|aside|nav|header|footer|center|blockquote|pre|h[1-6]|hr|br|script|style|iframe|"
    r"form|input|button|object|embed)\b[^>]*>",
    re.IGNORECASE,
)
"""Tags that make structure (or run code): never left raw in an answer."""


_HTML_BLOCK_START = re.compile(r"^(?:[ \t]*+(?:>|[-+*]|\d{1,9}[.)]))*+[ \t]*+<", re.MULTILINE)
"""A line that may open an HTML block: `<` after indentation, quote and list markers."""


def convert_html_blocks(text: str, parse: Callable[[str], list[Token]]) -> str:
    """`text` (Markdown) with each raw HTML block in it converted, keeping its container prefix.

    `parse` gives markdown-it's tokens of `text`; used for lists and quotes whose items hold
    HTML, which the block-level conversion does not reach. Only an HTML block holding a
    structural tag is converted; its content is part of `text`, and it starts a line (after
    quote and list markers): a text without both (most answers, whose `<br>`, `<b>` or
    `` `<script>` `` sit inside lines) is returned without being parsed again.
    """
    if BLOCK_TAG.search(text) is None or _HTML_BLOCK_START.search(text) is None:
        return text
    lines = text.split("\n")
    for token in reversed(parse(text)):
        if token.type != "html_block" or token.map is None or not BLOCK_TAG.search(token.content):
            continue  # no structure to convert (a lone `<img>`): event attributes go later
        start, end = token.map
        first = lines[start] if start < len(lines) else ""
        stripped = first.lstrip(" >")
        prefix = first[: len(first) - len(stripped)]
        body = answer_markdown(token.content)
        lines[start:end] = [prefix + line if line else prefix.rstrip() for line in body.split("\n")]
    return "\n".join(lines)


_CODE = re.compile(r"(?ms)^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1[^\n]*$|(`+)[^`]*?\2")


def inline_html(text: str) -> str:
    """Common inline tags in Markdown text as Markdown; other HTML (`<img>`) is kept.

    A whole-fragment converter would also rewrite what is not HTML (`List<String>`,
    `#include <stdio.h>`), so inside Markdown only these tags are touched, and never inside
    code spans or fenced code.
    """
    out: list[str] = []
    last = 0
    for code in _CODE.finditer(text):
        out.append(_inline_tags(text[last : code.start()]))
        out.append(code.group(0))
        last = code.end()
    out.append(_inline_tags(text[last:]))
    return strip_navigation("".join(out))


def _inline_tags(text: str) -> str:
    if "<" not in text:
        return text
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    # Only inside tags: in the text, " once" or " only" is no event attribute.
    text = _TAG.sub(lambda tag: _EVENT_ATTRIBUTE.sub("", tag.group(0)), text)
    return BLOCK_TAG.sub(" ", text)


_SCRIPT_BLOCK = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def visible_text(text: str) -> str:
    """What a reader sees of a line of Markdown with HTML in it: `<script>`/`<style>` and
    their content gone, other tags removed (`<b>TCP</b>` → "TCP")."""
    if "<" not in text:
        return text.strip()
    return _TAG.sub("", _SCRIPT_BLOCK.sub("", text)).strip()


def clean_answer(text: str, parse: Callable[[str], list[Token]]) -> str:
    """A finished answer with any HTML left in it converted (`parse`: markdown-it's tokens of
    a text, asked for only when an HTML block may need converting)."""
    return inline_html(convert_html_blocks(text, parse))


def strip_navigation(text: str) -> str:
    """The text without lines that only navigate ("↥ back to top", "목차로", links to `#`)."""
    if not text or ("](" not in text and "href" not in text.lower()):
        return text  # only links navigate (see is_navigation)
    if "<" in text:  # an `<a href>` link
        text = _NAV_ANCHOR.sub(_drop_nav_link, text)
    text = _MD_LINK.sub(_drop_nav_link, text)
    if _DROPPED in text:  # `**[위로](#top)**` leaves no `****`
        text = _EMPTY_EMPHASIS.sub(_DROPPED, text)
    lines = text.split("\n")
    # A line left with only the emphasis or tags around a dropped link (`<b>…</b>` → `****`).
    kept = [
        line.replace(_DROPPED, "")
        for line in lines
        if not is_navigation(line)
        and not (_DROPPED in line and not _LEFTOVER.sub("", line.replace(_DROPPED, "")))
    ]
    if len(kept) == len(lines) and _DROPPED not in text:
        return text
    return "\n".join(kept).strip("\n")


_DROPPED = "\x00"
"""Marks where a navigation link was removed, until its line is checked."""
_EMPTY_EMPHASIS = re.compile(r"([*_]{1,3})\x00\1")
_LEFTOVER = re.compile(r"<[^<>]*>|[\s*_~|>·\-–—]")


_NAV_ANCHOR = re.compile(
    r"<a\b[^>]*\bhref\s*=\s*[\"']?(#[^\"'\s>]*)[^>]*>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL
)


def _drop_nav_link(match: re.Match[str]) -> str:
    """A link inside a line that only navigates ("↥ back to top" to `#…`) is removed."""
    if match.re is _NAV_ANCHOR:
        target, label = match.group(1), _TAG.sub("", match.group(2))
    else:
        label, target = match.group(1), match.group(2)
    if target.strip().startswith("#") and _NAV_TEXT.match(label.strip() or "top"):
        return _DROPPED
    return match.group(0)


_NAV_PHRASE = re.compile(
    r"back\s*to\s*(?:the\s*)?(?:top|contents?|toc|index|readme|list|home)|go\s*to\s*top|"
    r"맨\s*위로|위로\s*(?:가기|이동)?|(?:목차|목록)\s*(?:로|으로)?\s*(?:가기|이동|돌아가기)|"
    r"table\s*of\s*contents",
    re.IGNORECASE,
)


def is_navigation_label(text: str) -> bool:
    """Text that only says where to go ("↥ back to top", `위로 #`, "Table of contents"):
    with the navigation phrase taken out, no word is left."""
    if _NAV_TEXT.match(text.strip()) is not None:
        return True
    rest, found = _NAV_PHRASE.subn(" ", text)
    return bool(found) and not any(ch.isalpha() for ch in rest)


def is_navigation(text: str) -> bool:
    """A line or block that only navigates: "back to top", "위로", or only links to `#…`."""
    plain = _TAG.sub("", text).strip() if "<" in text else text.strip()
    if not plain:
        return False
    links = _MD_LINK.findall(plain)
    if links:
        rest = _MD_LINK.sub("", plain).strip(" \t|·-–—")
        if rest:
            return False
        if all(target.strip().startswith("#") or target.strip() == "" for _, target in links):
            return all(_NAV_TEXT.match(label) or not label.strip() for label, _ in links) or (
                len(links) == 1 and _NAV_TEXT.match(links[0][0]) is not None
            )
        return all(_NAV_TEXT.match(label) for label, _ in links)
    if "href" in text.lower():
        return _NAV_TEXT.match(plain) is not None
    return False


def remove_struck(text: str) -> str:
    """Markdown `~~struck~~` text removed (the author crossed it out); code is left alone."""
    if "~~" not in text:
        return text
    out: list[str] = []
    last = 0
    for code in _CODE.finditer(text):
        out.append(_STRUCK.sub("", text[last : code.start()]))
        out.append(code.group(0))
        last = code.end()
    out.append(_STRUCK.sub("", text[last:]))
    kept = "".join(out)
    # A bullet that was all crossed out is gone, with the aside that only explained why
    # (`- ~~Referer만 검사하면 된다~~ (조작될 수 있음)`): never an empty or orphaned item.
    before, after = text.split("\n"), kept.split("\n")
    return "\n".join(
        line
        for line, was in zip(after, before, strict=True)
        if "~~" not in was or not _EMPTIED_ITEM.match(line)
    )


_EMPTIED_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s*(?:\([^()]*\)|（[^（）]*）)?\s*$")

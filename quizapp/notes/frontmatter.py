"""Read a note's YAML front matter: `deck`, `tags`, `reverse`, `title`; other keys are ignored."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from quizapp.notes.annotations import split_tags
from quizapp.notes.model import ImportProblem, Severity
from quizapp.notes.sanitize import one_line


@dataclass(frozen=True, slots=True)
class FrontMatter:
    deck: str | None = None
    tags: tuple[str, ...] = ()
    reverse: bool = False
    """Make reversed (definition → term) cards for every definition list in the note."""
    title: str | None = None


def read_front_matter(
    text: str, first_line: int, path: str
) -> tuple[FrontMatter, list[ImportProblem]]:
    """Interpret the YAML between the `---` fences; `first_line` is the 1-based line of its start.

    Broken YAML is reported with its line and the note imports without front matter.
    Keys other notes tools write (`date`, `aliases`, …) are ignored silently.
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        reason = getattr(error, "problem", None) or "invalid YAML"
        return FrontMatter(), [_problem(path, line, f"front matter is not valid YAML: {reason}")]
    except (ValueError, TypeError, OverflowError) as error:
        # PyYAML builds dates and numbers itself and lets their errors through.
        return FrontMatter(), [
            _problem(path, first_line, f"front matter is not valid YAML: {error}")
        ]
    if data is None:
        return FrontMatter(), []
    if not isinstance(data, dict):
        return FrontMatter(), [
            _problem(path, first_line, "front matter is not a key: value mapping")
        ]

    problems: list[ImportProblem] = []
    deck = data.get("deck")
    if deck is not None and not isinstance(deck, str | int | float):
        problems.append(_problem(path, first_line, "front matter deck must be a name"))
        deck = None
    tags: tuple[str, ...] = ()
    raw_tags = data.get("tags")
    if isinstance(raw_tags, str):
        tags = split_tags(raw_tags)
    elif isinstance(raw_tags, list):
        tags = split_tags(",".join(str(tag) for tag in raw_tags if tag is not None))
    elif raw_tags is not None:
        problems.append(
            _problem(path, first_line, "front matter tags must be a list or comma-separated text")
        )
    reverse = data.get("reverse", False)
    if not isinstance(reverse, bool):
        problems.append(_problem(path, first_line, "front matter reverse must be true or false"))
        reverse = False
    title = data.get("title")
    if title is not None and not isinstance(title, str | int | float):
        problems.append(_problem(path, first_line, "front matter title must be text"))
        title = None
    # YAML decodes escapes ("\e", "\x9b") the note's own sanitising never saw: the values
    # are made visible after decoding, as every other decoded text is.
    decoded = [str(value) for value in (deck, title) if value is not None] + list(tags)
    if any(one_line(value) != value for value in decoded):
        problems.append(
            _problem(path, first_line, "control characters in front matter shown as placeholders")
        )
    return (
        FrontMatter(
            deck=(one_line(str(deck)).strip() or None) if deck is not None else None,
            tags=tuple(one_line(tag) for tag in tags),
            reverse=reverse,
            title=(one_line(str(title)).strip() or None) if title is not None else None,
        ),
        problems,
    )


def _problem(path: str, line: int, message: str) -> ImportProblem:
    return ImportProblem(path, line, message, Severity.WARNING)

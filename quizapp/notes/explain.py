"""`quizapp import --explain FILE`: which rule made each card from which lines, and why
the other blocks made none (pure: returns lines of text, prints nothing)."""

from __future__ import annotations

from pathlib import Path

from quizapp.notes.model import CardSpec, ImportProblem, NoteDoc
from quizapp.notes.reader import iter_note_files, read_note

_WIDTH = 70


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _WIDTH else text[: _WIDTH - 1] + "…"


def _lines(start: int, end: int) -> str:
    return f"{start}" if end <= start else f"{start}-{end}"


def explain(doc: NoteDoc) -> list[str]:
    """One line per card and per block that made no card, in file order, then the totals."""
    entries: list[tuple[int, int, str]] = []
    for card in doc.cards:
        entries.append((card.line, 0, _card_line(doc.path, card)))
    for block in doc.unclaimed:
        where = f"{doc.path}:{_lines(block.line, block.end_line)}"
        entries.append((block.line, 1, f"{where}  no card ({block.kind}): {block.reason}"))
    out = [text for _, _, text in sorted(entries)]
    counts: dict[str, int] = {}
    for card in doc.cards:
        counts[card.rule] = counts.get(card.rule, 0) + 1
    ranked = ", ".join(f"{rule} {n}" for rule, n in sorted(counts.items(), key=lambda p: -p[1]))
    out.append(
        f"{doc.path}: {len(doc.cards)} cards ({ranked or 'none'}); "
        f"{len(doc.unclaimed)} blocks made no card; duplicates skipped {doc.duplicates}"
    )
    out.extend(str(problem) for problem in doc.problems)
    return out


def _card_line(path: str, card: CardSpec) -> str:
    where = f"{path}:{_lines(card.line, card.end_line)}"
    return f"{where}  {card.rule} → {card.kind}: {_short(card.question)}"


def explain_paths(paths: list[Path]) -> list[str]:
    """`explain` for every note file in `paths` (files or folders)."""
    out: list[str] = []
    for path in paths:
        root = path if path.is_dir() else path.parent
        files = iter_note_files(path) if path.is_dir() else [path]
        for file in files:
            if isinstance(file, ImportProblem):
                out.append(str(file))
                continue
            out.extend(explain(read_note(file, root)))
    return out

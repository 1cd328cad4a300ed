"""Recall and precision of the importer on our own mixed corpus against examiner labels.

`tests/notes/fixtures/real_shapes/*.md` are notes written in the styles real interview
notes use (Korean and English); `labels.yaml` lists, per note, the fronts of the cards a
careful reader makes. A card matches a label when their question keys are equal or very
close (rapidfuzz ratio ≥ 90). Run `python -m tests.notes.real_shapes` for the figures of
this corpus and of the held-out one (`tests/notes/held_out.py`: labels written before the
importer ever ran on those notes, with kinds and answer words).
"""

from __future__ import annotations

from pathlib import Path

import yaml
from rapidfuzz import fuzz

from quizapp.notes import CardSpec, question_key, read_note

from . import held_out

CORPUS = Path(__file__).parent / "fixtures" / "real_shapes"


def _matches(card: CardSpec, label: str) -> bool:
    a, b = question_key(card.question.split("\n\n")[0]), question_key(label)
    return a == b or fuzz.ratio(a, b) >= held_out.MATCH


def score() -> held_out.Score:
    """This corpus's labels are fronts only: `right` and `wrong` stay empty."""
    labels: dict[str, list[str]] = yaml.safe_load((CORPUS / "labels.yaml").read_text("utf-8"))
    total = held_out.Score()
    for name, wanted in sorted(labels.items()):
        doc = read_note(CORPUS / name, CORPUS)
        cards = doc.cards
        total.labels += len(wanted)
        total.cards += len(cards)
        total.by_rule.update(card.rule for card in cards)
        for label in wanted:
            if any(_matches(card, label) for card in cards):
                total.found += 1
            else:
                total.missed.append(f"{name}: {label}")
        for card in cards:
            if any(_matches(card, label) for label in wanted):
                total.kept += 1
            else:
                total.junk.append(f"{name}:{card.line} [{card.rule}] {card.question[:60]}")
    return total


def main() -> None:
    result = score()
    print(f"corpus: {len(list(CORPUS.glob('*.md')))} notes, {result.labels} labelled cards")
    print(
        f"cards made: {result.cards}; recall {result.recall:.0%}, precision {result.precision:.0%}"
    )
    print("cards per rule: " + ", ".join(f"{r} {n}" for r, n in result.by_rule.most_common()))
    for line in result.missed:
        print(f"  missed: {line}")
    for line in result.junk:
        print(f"  not a label: {line}")
    print()
    held_out.main()


if __name__ == "__main__":
    main()

"""Marks laid on simulator steps: which steps prove a graded answer's points, hit or missed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Mark:
    """A step (1-based `Step.n`) that proves a rubric point the answer hit or missed."""

    step: int
    hit: bool
    label: str

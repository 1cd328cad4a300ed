"""The body of a `<!-- quizapp rubric … -->` annotation → key points with synonyms and flow links.

A rubric lists the key points a good answer makes. Each point is a `- ` line with its
Korean and English wording (`- 남은 데이터가 있다 | data left to send`), followed by
indented lines that give it more words to be recognised by and the simulator steps that
prove it::

    - 서버에 보낼 데이터가 남아 있을 수 있다 | the server may still have data to send
      ko: 남은 데이터, 보낼 데이터
      en: data left, remaining data
      means: 데이터, data + 남다, 아직, remaining, left, still, more
      step: 15-18 @ half-close
      query: segments server in CLOSE_WAIT @ half-close

`@ SCENARIO` may be left out when the annotation names one (`scenario=half-close`). Only the
syntax is checked here; whether the scenarios, steps and queries exist is `quizapp check`'s
job (`quizapp.quiz.lint`), which runs the simulator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from quizapp.notes.model import ImportProblem, Severity

_SYNONYM_SPLIT = re.compile(r"[,，、]")
_STEP_RANGE = re.compile(r"^(\d+)(?:\s*[-–~]\s*(\d+))?$")
_KEY_LINE = re.compile(r"^([A-Za-z]+)\s*:\s*(.*)$")
MAX_STEP_RANGE = 200
"""A range longer than this is surely a typo (no scenario has that many steps)."""


@dataclass(frozen=True, slots=True)
class FlowLink:
    """Where in the simulator a point is shown: explicit steps or a trace query's steps."""

    scenario: str | None
    """None: the rubric's own `scenario=`; still None when that is missing too."""
    steps: tuple[int, ...] = ()
    """1-based step numbers of the `rfc` profile run (what `quizapp sim SCENARIO` prints)."""
    query: str | None = None
    row: int | None = None
    """0-based line within the annotation's body (a file line number would change when the
    card is exported to another file; the body is copied verbatim)."""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"scenario": self.scenario, "row": self.row}
        if self.steps:
            data["steps"] = list(self.steps)
        if self.query is not None:
            data["query"] = self.query
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FlowLink:
        return cls(
            scenario=data.get("scenario"),
            steps=tuple(int(s) for s in data.get("steps", ())),
            query=data.get("query"),
            row=data.get("row"),
        )


@dataclass(frozen=True, slots=True)
class RubricPoint:
    """One key point: how it reads in each language, the words that show it, its proof."""

    ko: str
    en: str
    synonyms: tuple[str, ...]
    """Every wording that counts as making the point, Korean and English together."""
    links: tuple[FlowLink, ...] = ()
    row: int | None = None
    """0-based line of the point within the annotation's body."""
    meanings: tuple[str, ...] = ()
    """`means:` lines as written: word groups joined by ` + `, each group's words by commas
    (graded by `quizapp.quiz.meaning`)."""

    def label(self, lang: str) -> str:
        return (self.ko or self.en) if lang == "ko" else (self.en or self.ko)

    def to_json(self) -> dict[str, Any]:
        return {
            "ko": self.ko,
            "en": self.en,
            "synonyms": list(self.synonyms),
            "links": [link.to_json() for link in self.links],
            "row": self.row,
            **({"means": list(self.meanings)} if self.meanings else {}),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RubricPoint:
        return cls(
            ko=data.get("ko", ""),
            en=data.get("en", ""),
            synonyms=tuple(data.get("synonyms", ())),
            links=tuple(FlowLink.from_json(link) for link in data.get("links", ())),
            row=data.get("row"),
            meanings=tuple(data.get("means", ())),
        )


@dataclass(frozen=True, slots=True)
class Rubric:
    points: tuple[RubricPoint, ...]
    scenario: str | None = None
    """The scenario points refer to when they name none."""
    pass_points: int | None = None
    """Points needed to pass; None: at least half of them."""

    @property
    def needed(self) -> int:
        """How many points a passing answer makes."""
        if self.pass_points is not None:
            return min(self.pass_points, len(self.points))
        return (len(self.points) + 1) // 2

    def links(self) -> list[tuple[RubricPoint, FlowLink]]:
        """Every point's links with the rubric's scenario filled in where a link names none."""
        return [
            (point, FlowLink(link.scenario or self.scenario, link.steps, link.query, link.row))
            for point in self.points
            for link in point.links
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "pass": self.pass_points,
            "points": [point.to_json() for point in self.points],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Rubric:
        return cls(
            points=tuple(RubricPoint.from_json(p) for p in data.get("points", ())),
            scenario=data.get("scenario"),
            pass_points=data.get("pass"),
        )


def parse_steps(text: str) -> tuple[int, ...] | None:
    """`7`, `15-18`, `7, 9-10` → step numbers in the order written; None if malformed."""
    steps: list[int] = []
    for part in text.split(","):
        match = _STEP_RANGE.match(part.strip())
        if match is None:
            return None
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if first < 1 or last < first or last - first > MAX_STEP_RANGE:
            return None
        steps.extend(n for n in range(first, last + 1) if n not in steps)
    return tuple(steps) or None


def split_scenario(text: str) -> tuple[str, str | None]:
    """`15-18 @ half-close` → (`15-18`, `half-close`); no `@` → (text, None)."""
    value, at, scenario = text.rpartition("@")
    if not at:
        return text.strip(), None
    return value.strip(), scenario.strip() or None


def parse_rubric(
    body: str,
    first_line: int,
    path: str,
    *,
    annotation_line: int,
    scenario: str | None = None,
    pass_points: str | None = None,
) -> tuple[Rubric, list[ImportProblem]]:
    """Parse a rubric body whose first line is line `first_line` of the file at `path`.

    `annotation_line` is where the annotation starts (problems of its first line go there).
    """
    problems: list[ImportProblem] = []

    def warn(line: int, message: str) -> None:
        problems.append(ImportProblem(path, line, message, Severity.WARNING))

    points: list[RubricPoint] = []
    current: dict[str, Any] | None = None

    def close() -> None:
        if current is None:
            return
        synonyms = current["synonyms"] or [w for w in (current["ko"], current["en"]) if w]
        points.append(
            RubricPoint(
                current["ko"],
                current["en"],
                tuple(dict.fromkeys(synonyms)),
                tuple(current["links"]),
                current["row"],
                tuple(current["means"]),
            )
        )

    for offset, raw in enumerate(body.split("\n")):
        line = first_line + offset
        text = raw.strip()
        if not text:
            continue
        if raw.startswith(("- ", "* ")) or text in ("-", "*"):
            close()
            ko, bar, en = text[1:].strip().partition("|")
            ko, en = ko.strip(), en.strip()
            if not bar:
                en = ko
            if not (ko or en):
                warn(line, "rubric point has no text (write `- 한국어 | English`)")
                current = None
                continue
            current = {"ko": ko, "en": en, "synonyms": [], "links": [], "row": offset, "means": []}
            continue
        match = _KEY_LINE.match(text)
        if current is None:
            warn(line, "rubric line outside a point; start a point with `- `")
            continue
        if match is None:
            warn(
                line,
                f"rubric line not understood: {text!r} (use ko:, en:, means:, step: or query:)",
            )
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        if key in ("ko", "en"):
            words = [w.strip() for w in _SYNONYM_SPLIT.split(value) if w.strip()]
            if not words:
                warn(line, f"{key}: lists no words")
            current["synonyms"].extend(words)
        elif key == "means":
            groups = [g.strip() for g in value.split(" + ")]
            if not value or not all(_SYNONYM_SPLIT.sub("", g).strip() for g in groups):
                warn(
                    line,
                    "means: expects word groups joined by ` + `, e.g. `데이터, data + 남다, left`",
                )
            else:
                current["means"].append(value)
        elif key == "step":
            value, named = split_scenario(value)
            steps = parse_steps(value)
            if steps is None:
                warn(line, f"step: expects numbers like 7, 15-18 or 7, 9 (got {value!r})")
            else:
                current["links"].append(FlowLink(named, steps=steps, row=offset))
        elif key == "query":
            value, named = split_scenario(value)
            if not value:
                warn(line, "query: is empty")
            else:
                current["links"].append(FlowLink(named, query=value, row=offset))
        else:
            warn(line, f"unknown rubric key {key!r} (known: ko, en, means, step, query)")
    close()
    needed: int | None = None
    if pass_points is not None:
        if pass_points.isdigit() and int(pass_points) >= 1:
            needed = int(pass_points)
        else:
            warn(annotation_line, f"pass= expects a number of points (got {pass_points!r})")
    if not points:
        warn(annotation_line, "rubric lists no points (one `- point | 요점` per line)")
    return Rubric(tuple(points), scenario, needed), problems

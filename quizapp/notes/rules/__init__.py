"""The rules that turn a note's blocks into cards: one module per convention.

Adding a convention is adding a module with a `RULE` and listing it below. The engine
(`quizapp.notes.parser`) offers each block to the rules of its kind in this order; the
first rule that claims a block makes its cards, and no other rule sees that block.

Priority order (earlier wins):

1. `question_heading` — `Q.` headings, `?` headings, headings worded as questions
2. `heading_definition` — a heading naming a term, then its defining paragraph(s)
3. `details_question` — `<details>` with a question in `<summary>` (follow-up banks → open)
4. `qa_marker` — `Q.` paragraphs and list items
5. `choice` — multiple choice without a marker (code before options is part of the question)
6. `answer_key` — numbered questions with options, answered by a separate key (정답: 1-③)
7. `label_details` — a question followed by a label-only `<details>` (정답, Answer)
8. `bold_question` — a paragraph that is only a **bold question?**, answered by what follows
9. `open_questions` — the items under a 질문 / Questions heading
10. `definitions` — lists of `TERM: definition` items with real terms
11. `ordering` — numbered steps of a procedure
12. `colon_paragraph` — paragraph lines written `term : definition`
13. `table_rows` — term | description tables and comparison tables
14. `cloze` — `==hidden==` / `{{c1::hidden}}`
15. `label_list` — a list under an aspect heading (특징, 장단점, Conditions) or of non-definition
    `label: text` / `A -> B` items: one card
16. `term_break` — (per list item) a `**term**` or `term:` bullet whose definition follows a
    hard line break, among other bullets
17. `heading_item` — (per list item) an item that starts with a heading
18. `nested_answer` — (per list item) a term, label or question answered by nested items
"""

from __future__ import annotations

from quizapp.notes.rules import (
    answer_key,
    bold_question,
    choice,
    cloze,
    colon_paragraph,
    definitions,
    details_question,
    heading_definition,
    heading_item,
    label_details,
    label_list,
    nested_answer,
    open_questions,
    ordering,
    qa_marker,
    question_heading,
    table_rows,
    term_break,
)
from quizapp.notes.rules.base import Rule

RULES: tuple[Rule, ...] = (
    question_heading.RULE,
    heading_definition.RULE,
    details_question.RULE,
    qa_marker.RULE,
    choice.RULE,
    answer_key.RULE,
    label_details.RULE,
    bold_question.RULE,
    open_questions.RULE,
    definitions.RULE,
    ordering.RULE,
    colon_paragraph.RULE,
    table_rows.RULE,
    cloze.RULE,
    label_list.RULE,
    term_break.RULE,
    heading_item.RULE,
    nested_answer.RULE,
)
"""Every rule, in priority order."""

HEADING_RULES = tuple(rule for rule in RULES if "heading" in rule.kinds)
ITEM_RULES = tuple(rule for rule in RULES if "list_item" in rule.kinds)
RULES_BY_KIND: dict[str, tuple[Rule, ...]] = {}
for _rule in RULES:
    for _kind in _rule.kinds:
        RULES_BY_KIND[_kind] = (*RULES_BY_KIND.get(_kind, ()), _rule)

__all__ = ["HEADING_RULES", "ITEM_RULES", "RULES", "RULES_BY_KIND", "Rule"]

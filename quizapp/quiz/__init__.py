"""Question kinds, distractors, answer grading, rubrics, flow questions and quiz sessions.

Pure domain code over cards (no Textual); only `session` touches the database. Nothing is
imported here, so the app can read `settings` at start-up without loading SQLAlchemy.

- `settings`: `QuestionKind` and `QuizSettings` (what a quiz covers and how it asks).
- `fold`: the spellings of one answer that count as the same (NFKC, case, spacing,
  punctuation, TCP states and flags, Korean particles).
- `grading`: typed answers (folded, then fuzzy for short ones, with a character diff),
  orderings (partial credit by the longest run in order).
- `rubric`: conceptual answers graded by the key points of a note's rubric.
- `distractors`: wrong options that are plausible and never the answer in disguise.
- `flow`: flow questions answered by the TCP simulator, and the marked steps to show.
- `questions`: questions made from cards (`kinds_for`, `make_question`) and `grade`.
- `session`: `QuizSession` (draw, record, feed wrong answers to review), history.
- `lint`: `quizapp check` against the simulator.
"""

"""Question kinds, distractors, answer grading, rubrics and flow questions."""

"""quizapp: Markdown interview notes → spaced-repetition deck, quizzes and a TCP simulator."""

__version__ = "0.1.0"

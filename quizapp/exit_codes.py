"""Exit codes of the `quizapp` command, one name for each."""

OK = 0
CONTENT_PROBLEMS = 1
"""The command ran, but the content it read has problems (reported on stderr)."""
USAGE = 2
"""Bad arguments or options: nothing was done."""

"""`python -m quizapp` runs the same command as the `quizapp` script."""

from quizapp.cli import main

if __name__ == "__main__":
    main()

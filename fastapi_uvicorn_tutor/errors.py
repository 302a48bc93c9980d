"""One family of errors the learner can act on: a sentence, a hint, an exit code.

Every layer raises a `TutorError` (or a subclass named for what went wrong); the CLI
catches it at the edge and shows the sentence and the hint, then exits with `code`.
"""

from __future__ import annotations


class TutorError(Exception):
    """A problem explained in one sentence, with an optional hint and the exit code it means."""

    code: int = 1

    def __init__(self, sentence: str, hint: str = "", *, code: int | None = None) -> None:
        super().__init__(sentence)
        self.sentence = sentence
        self.hint = hint
        if code is not None:
            self.code = code


class UsageError(TutorError):
    """The command was asked for something it cannot do as given (exit 2)."""

    code = 2


class Interrupted(TutorError):
    """The learner pressed Ctrl-C; what was stopped is in the sentence (exit 130)."""

    code = 130

"""Predict, then see, during a lesson's demos: ask before each demo where a stack on screen
differs from FastAPI, then score the prediction against FastAPI's real answer and keep it.

    predictor = Predictor(lesson, console, shown=[stack.id], on=True)
    predictor.ask(demo)                 # the question, one key (nothing when off or no question)
    line = predictor.verdict(response)  # "You predicted ...", or None when nothing was predicted

Whether to ask at all (a terminal on both ends, `--no-predict`, `tutor config predict`)
is the caller's decision; see `wanted`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from fastapi_uvicorn_tutor.course import predictions
from fastapi_uvicorn_tutor.state import scores
from fastapi_uvicorn_tutor.state.progress import StateDirError

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from fastapi_uvicorn_tutor.course.catalog import Demo, Lesson
    from fastapi_uvicorn_tutor.course.messages import Response

SETTING = "predict"  # `tutor config predict on|off`


def wanted(asked_off: bool, setting: str | None) -> bool:
    """Whether to ask: not turned off (flag or setting), and a learner at a terminal that
    both types the keys (stdin) and reads the questions (stdout is not piped)."""
    return not asked_off and setting != "off" and sys.stdin.isatty() and sys.stdout.isatty()


class Predictor:
    """The predictions of one lesson run."""

    def __init__(self, lesson: Lesson, console: Console, shown: Sequence[str], *, on: bool) -> None:
        self.lesson = lesson
        self.console = console
        self.shown = list(shown)  # the stacks whose answers are on screen (running twins)
        self.on = on
        self._keys = {id(demo): key for demo, key in zip(lesson.demos, predictions.demo_keys(lesson.demos), strict=True)}
        self._pending: tuple[predictions.Prediction, predictions.Choice] | None = None

    def will_ask(self, demo: Demo) -> bool:
        """Whether `ask(demo)` asks a question (on, and a stack on screen differs by declaration)."""
        return self.on and self._prediction(demo) is not None

    def _prediction(self, demo: Demo) -> predictions.Prediction | None:
        return predictions.for_demo(demo, self.shown, self._keys.get(id(demo), demo.label), self.lesson.app_label)

    def ask(self, demo: Demo, *, with_note: bool = True) -> None:
        """Ask about FastAPI's answer to `demo`, when on and a stack on screen differs by declaration
        (`with_note`: repeat the demo's note in the question, when nothing above showed it)."""
        self._pending = None
        if not self.on:
            return
        prediction = self._prediction(demo)
        if prediction is None:
            return
        from fastapi_uvicorn_tutor.ui import prediction as show

        choice = show.ask(self.console, prediction, demo.label, demo.note_for(self.shown) if with_note else "")
        if choice is not None:
            self._pending = (prediction, choice)

    def verdict(self, fastapi: Response) -> RenderableType | None:
        """The verdict on the last prediction against FastAPI's real answer, kept in the scores file."""
        if self._pending is None:
            return None
        prediction, choice = self._pending
        self._pending = None
        from fastapi_uvicorn_tutor.ui import console as ui_console
        from fastapi_uvicorn_tutor.ui import prediction as show

        right = prediction.right(fastapi)
        if not fastapi.error:
            try:
                for warning in scores.record(self.lesson.slug, prediction.key, right is choice):
                    ui_console.warn(warning)
            except StateDirError as exc:
                ui_console.warn(exc.sentence)
        return show.verdict(choice, right, self.lesson.app_label)

"""Predict, then see: the question before a demo's answers, and the verdict beside its "Why".

`question` and `verdict` are pure renderables; `ask` shows the question and reads one
key (runtime/keys.py): a choice's number picks it; Enter, Space, Esc, q or Ctrl-D skip;
any other key is ignored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from fastapi_uvicorn_tutor.runtime.keys import read_key
from fastapi_uvicorn_tutor.ui.render import code_spans

if TYPE_CHECKING:
    from rich.console import Console

    from fastapi_uvicorn_tutor.course.predictions import Choice, Prediction

STYLE = "bold yellow"
SKIP_KEYS = ("", "\r", "\n", " ", "\x1b", "q", "Q", "\x04")  # "" is the end of input


def question(prediction: Prediction, label: str, note: str = "", width: int = 100) -> RenderableType:
    """The question about FastAPI's answer to `label` (the request, with the demo's note), then
    each choice with its key: on one line when they fit in `width`, else one per line."""
    head = Text.assemble(("Predict ", STYLE), (label, "bold"))
    if note:
        head.append("  ").append_text(code_spans(note))
    keys = [Text.assemble((f"{number} ", STYLE), choice.text) for number, choice in enumerate(prediction.choices, start=1)]
    skip = Text("Enter: skip", style="dim")
    inline = Text("  ").append_text(Text("   ").join([*keys, skip]))
    if inline.cell_len <= width:
        return Group(head, Text.assemble("  ", prediction.question), inline)
    return Group(head, Text.assemble("  ", prediction.question), *(Text("  ").append_text(key) for key in keys),
                 Text("  ").append_text(skip))


def picked(choice: Choice | None) -> Text:
    """The line under the question once a key is pressed."""
    if choice is None:
        return Text("  skipped", style="dim")
    return Text.assemble(("  you predict ", "dim"), (choice.text, "bold"))


def verdict(choice: Choice, right: Choice | None, who: str = "FastAPI") -> Text:
    """"You predicted ...": right, or what the Python side's answer (`who`'s) shows instead."""
    said = Text.assemble(("You predicted ", STYLE), (choice.text, "bold"))
    if right is choice:
        return said.append_text(Text(": right.", style="bold green"))
    if right is None:
        return said.append_text(Text(f": {who}'s answer above shows none of the choices.", style="bold red"))
    return said.append_text(Text.assemble((": not this time; ", "bold red"), f"{who}'s answer shows ",
                                          (right.text, "bold"), "."))


def ask(console: Console, prediction: Prediction, label: str, note: str = "") -> Choice | None:
    """Show the question, read one key, say what was picked; None when skipped.

    Ctrl-C raises KeyboardInterrupt, as at any other moment of a lesson.
    """
    def show() -> None:
        console.print(question(prediction, label, note, console.width))

    by_key = {str(number): choice for number, choice in enumerate(prediction.choices, start=1)}
    key = read_key(show)
    while key not in SKIP_KEYS and key not in by_key:
        key = read_key()
    choice = by_key.get(key)
    console.print(picked(choice))
    return choice

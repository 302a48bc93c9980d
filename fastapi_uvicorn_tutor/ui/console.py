"""The tutor's two consoles (stdout and stderr) and the helpers every command uses to speak.

Only this package prints. A dumb terminal gets no escape codes at all; `NO_COLOR`
and piped output are Rich's own business. The consoles are made on first use, so
`tutor --help` never pays for importing Rich's console.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Literal, cast

from fastapi_uvicorn_tutor.errors import Interrupted, TutorError, UsageError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from fastapi_uvicorn_tutor.course.stacks import Stack

# A dumb terminal understands no escape codes at all: no colour, no bold.
_COLOR_SYSTEM: Literal["auto"] | None = None if os.environ.get("TERM") == "dumb" else "auto"


class _LazyConsole:
    """A Rich Console made on first use."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def real(self) -> Console:
        if self._console is None:
            import rich.console

            self._console = rich.console.Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real(), name)

    # Dunder methods skip __getattr__; Rich's Live uses the console as a context manager.
    def __enter__(self) -> Console:
        return self.real().__enter__()

    def __exit__(self, *exc: object) -> None:
        self.real().__exit__(*exc)  # type: ignore[arg-type]


# The one Console for stdout and one for stderr (typed as Console: the proxy forwards everything).
console = cast("Console", _LazyConsole(highlight=False, color_system=_COLOR_SYSTEM))
err = cast("Console", _LazyConsole(stderr=True, highlight=False, color_system=_COLOR_SYSTEM))


def show_error(error: TutorError) -> None:
    """The error's sentence (and hint) on stderr, as plain text; a Ctrl-C's note is dim, not red."""
    from fastapi_uvicorn_tutor.ui import render

    if isinstance(error, Interrupted):
        from rich.text import Text

        err.print(Text(error.sentence, style="dim"))
        return
    err.print(render.problem(error.sentence, error.hint))


def warning(sentence: str) -> Text:
    """A yellow 'Warning:' and the sentence as plain text (it may quote a path's `[...]` verbatim)."""
    from rich.text import Text

    return Text.assemble(("Warning:", "yellow"), " ", sentence)


def warn(sentence: str) -> None:
    """A warning on stderr (see `warning`)."""
    err.print(warning(sentence))


def page(renderable: Any) -> None:
    """Print on stdout; through the system pager ($PAGER, else less) when stdout and stdin are a
    terminal and the text is taller than it. The pager gets plain text: a pager that is not told
    to pass colour codes on (less without -R) would show them as garbage."""
    out = console
    if not (out.is_terminal and sys.stdin.isatty()):
        out.print(renderable)
        return
    height = len(out.render_lines(renderable, out.options, pad=False))
    if height < out.height:
        out.print(renderable)
        return
    with out.pager(styles=False):
        out.print(renderable)


def confirm(question: str, *, yes: bool = False, refused: str = "Not without confirmation.") -> bool:
    """Ask a yes/no question (default no); `yes` answers it. Without a terminal, refuse (exit 2)."""
    if yes:
        return True
    if not sys.stdin.isatty():
        raise UsageError(refused, "Add --yes to confirm when not at a terminal.")
    from rich.prompt import Confirm
    from rich.text import Text

    return Confirm.ask(Text(question), default=False, console=console)  # a path in it is text, not markup


def npm_spinner(out: Console) -> Callable[[Stack], AbstractContextManager[Any]]:
    """The spinner shown while `npm ci` installs a stack's dependencies (runtime/node.py's feedback)."""

    def spin(stack: Stack) -> AbstractContextManager[Any]:
        return out.status(f"Installing the {stack.label} twins' dependencies once (npm ci)…")

    return spin

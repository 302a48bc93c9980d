"""`tutor config`: the few settings a learner may keep, checked before they are saved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import typer

from fastapi_uvicorn_tutor.cli import common
from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.ui import console as ui_console


@dataclass(frozen=True)
class Setting:
    name: str
    choices: tuple[str, ...]
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("vs", stacks.CHOICES, stacks.DEFAULT.id,
            "the Node stack the lessons compare FastAPI with (`--vs` overrides it for one command)"),
    Setting("predict", ("on", "off"), "on",
            "before each demo where the frameworks differ, predict FastAPI's answer with one key "
            "(at a terminal only; `--no-predict` turns it off for one command)"),
)


_NAMES = ", ".join(setting.name for setting in SETTINGS)
_EXAMPLE = f"tutor config vs {stacks.ALL[-1].id}"
HELP = f"Show or change your settings, like `{_EXAMPLE}` (kept beside your progress)."


def _find(name: str) -> Setting:
    for setting in SETTINGS:
        if setting.name == name.strip().lower():
            return setting
    common.fail(f"There is no setting {name!r}.", f"Settings: {', '.join(s.name for s in SETTINGS)}.", code=2)


def config(
    name: Optional[str] = typer.Argument(None, help=f"The setting: {_NAMES}. Without one, every setting is listed."),
    value: Optional[str] = typer.Argument(None, help="Its new value (without one, its current value is shown)."),
    unset: bool = typer.Option(False, "--unset", help="Put the setting back to its default."),
) -> None:
    from fastapi_uvicorn_tutor.state import settings
    from fastapi_uvicorn_tutor.ui import render

    if name is None:
        if value is not None or unset:
            common.fail("Name the setting first.", f"Example: {_EXAMPLE}", code=2)
        saved = settings.load()
        for warning in saved.warnings:
            ui_console.warn(warning)
        rows = [(s.name, saved.get(s.name), s.default, s.choices, s.help) for s in SETTINGS]
        ui_console.console.print(render.settings_table(rows, str(settings.path())))
        return
    setting = _find(name)
    if unset and value is not None:
        common.fail(f"Give {setting.name} a value or --unset, not both.", code=2)
    if value is None and not unset:
        saved = settings.load()
        ui_console.console.print(saved.get(setting.name) or setting.default, markup=False, highlight=False)
        return
    if value is not None and value.strip().lower() not in setting.choices:
        common.fail(f"{setting.name} cannot be {value!r}.", f"Choose one of: {', '.join(setting.choices)}.", code=2)
    chosen = value.strip().lower() if value is not None else None
    settings.store(setting.name, chosen)
    shown = chosen or f"{setting.default} (the default)"
    ui_console.console.print(f"{setting.name} = {shown}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("config", help=HELP)(config)

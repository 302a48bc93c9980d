"""The learner's settings (`tutor config`): a small JSON object of names and string values.

It sits beside the progress file (`settings.json` in the state folder, `$TUTOR_HOME`
when set). Which names exist and what they accept is the caller's business (the CLI
checks them); this module only keeps them safe: an unreadable file is a warning and
the defaults, never a traceback, and a write is atomic.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from fastapi_uvicorn_tutor.state.files import atomic_write
from fastapi_uvicorn_tutor.state.paths import state_dir
from fastapi_uvicorn_tutor.state.progress import StateDirError

FILE_NAME = "settings.json"


@dataclass
class Settings:
    """What the learner set, by name; `warnings` say why a file was not used."""

    values: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        return self.values.get(name)


def path(directory: Path | None = None) -> Path:
    return (directory or state_dir()) / FILE_NAME


def load(directory: Path | None = None) -> Settings:
    """Read the settings; a missing file is no settings, a broken one a warning and no settings."""
    where = path(directory)
    try:
        data = json.loads(where.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return Settings(warnings=[f"Your settings file {where} could not be read ({exc.__class__.__name__}); "
                                  "using the defaults. `tutor config` rewrites it."])
    if not isinstance(data, dict):
        return Settings(warnings=[f"Your settings file {where} is not a JSON object; using the defaults. "
                                  "`tutor config` rewrites it."])
    return Settings({str(k): v for k, v in data.items() if isinstance(v, str)})


def store(name: str, value: str | None, directory: Path | None = None) -> Settings:
    """Set `name` to `value` (None: back to its default) and write the file; StateDirError with a sentence."""
    current = load(directory)
    if value is None:
        current.values.pop(name, None)
    else:
        current.values[name] = value
    where = path(directory)
    text = json.dumps(current.values, indent=2, sort_keys=True) + "\n"
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(where, text.encode("utf-8"))
    except OSError as exc:
        raise StateDirError(f"Could not save your settings to {where} ({exc.strerror or exc}). "
                            "Set TUTOR_HOME to a writable folder.") from None
    return current

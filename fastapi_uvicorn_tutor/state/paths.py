"""Where the tutor keeps its files: the learner's state and the per-user cache."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "fastapi-uvicorn-tutor"


def state_dir() -> Path:
    """Progress and the learner's workspaces (`TUTOR_HOME` overrides the platform's user state folder)."""
    override = os.environ.get("TUTOR_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_state_dir

    return Path(user_state_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Things the tutor can rebuild: the twins' node_modules, npm's cache, the parsed course
    (`TUTOR_CACHE` overrides the platform's user cache folder)."""
    override = os.environ.get("TUTOR_CACHE")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))

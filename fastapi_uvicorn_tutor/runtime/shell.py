"""The commands the tutor shows, as lines that work when pasted into a shell from any folder.

A server's `ServerSpec.shown` is the command as typed in its own folder (`PORT=3000 node
server.js`); pasted anywhere else it fails: wrong folder, and Node cannot find the stack's
packages when they live in the tutor's cache. `pasteable` adds what the tutor itself
gives the process:

    cd ~/course/node_equivalents/<stack>/04-path-parameters && NODE_PATH=~/.cache/.../node_modules PORT=3000 node server.js

- `cd` to the folder the server runs in (the app reads its files from there);
- `NODE_PATH=...` only when the packages are not in a `node_modules` Node finds on its own
  (one in the folder or above it, as in a source checkout after `npm ci`);
- the program by name when that name finds the same program on PATH (`uvicorn`, `node`,
  `pytest`), else by its full path (a tutor installed with pipx has its Uvicorn off PATH).

POSIX shells (bash, zsh, dash, fish 3.1+). Nothing here prints.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from fastapi_uvicorn_tutor.runtime.servers import ServerSpec, python_tool


def quoted(path: Path | str) -> str:
    """A path for a shell line: `~/...` under the home folder when that needs no quotes, else quoted as needed."""
    text = str(path)
    home = os.path.expanduser("~")
    if home not in ("", "/", "~") and text.startswith(home + os.sep):
        rest = text[len(home) + 1:]
        if shlex.quote(rest) == rest:  # `~` is expanded only outside quotes
            return f"~/{rest}"
    return shlex.quote(text)


def _same_file(a: str | None, b: str) -> bool:
    if a is None:
        return False
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _program(spec: ServerSpec, name: str) -> str:
    """How to call `name` (the program word of spec.shown) so it runs what the tutor ran."""
    argv = spec.argv
    if argv[:2] == [sys.executable, "-m"] and len(argv) > 2:
        launcher = python_tool(argv[2])  # `python -m pytest`: the learner types the module's script
    else:
        launcher = argv[:1]
    if len(launcher) == 1 and _same_file(shutil.which(name), launcher[0]):
        return name
    return " ".join(quoted(part) for part in launcher)


def _finds_on_its_own(folder: Path, modules: Path) -> bool:
    """Whether Node, run in `folder`, finds `modules` without NODE_PATH (a node_modules in it or above)."""
    try:
        target = modules.resolve()
        here = folder.resolve()
    except OSError:
        return False
    return modules.name == "node_modules" and any(parent / "node_modules" == target for parent in (here, *here.parents))


def pasteable(spec: ServerSpec) -> str:
    """`spec`'s shown command as one line that runs from any folder (see the module's docstring)."""
    words = shlex.split(spec.shown)
    assignments = []
    while words and "=" in words[0] and words[0].split("=", 1)[0].isidentifier():
        assignments.append(words.pop(0))
    if not words:
        raise ValueError(f"no program in {spec.shown!r}")
    program, args = words[0], words[1:]
    env = []
    modules = spec.env.get("NODE_PATH")
    if modules and not _finds_on_its_own(spec.cwd, Path(modules)):
        env.append(f"NODE_PATH={quoted(modules)}")
    env += [f"{name}={shlex.quote(value)}" for name, value in (a.split("=", 1) for a in assignments)]
    command = " ".join([*env, _program(spec, program), *(shlex.quote(arg) for arg in args)])
    return f"cd {quoted(spec.cwd)} && {command}"

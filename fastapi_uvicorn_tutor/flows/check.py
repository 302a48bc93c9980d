"""`tutor check`: the exercise's checks, once, against the learner's app under `uvicorn --reload`.

The server `tutor watch` keeps for the workspace is reused once it provably serves
the saved code; otherwise one is started for this check and stopped after it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.flows.practice import run_and_show, start_twin, twin_ready
from fastapi_uvicorn_tutor.runtime import servers
from fastapi_uvicorn_tutor.runtime.learner import LearnerServer
from fastapi_uvicorn_tutor.state import workspace

if TYPE_CHECKING:
    from rich.console import Console

    from fastapi_uvicorn_tutor.course.catalog import Lesson
    from fastapi_uvicorn_tutor.course.exercises import Exercise


def check_once(lesson: Lesson, exercise: Exercise, console: Console, *, twin: bool = True,
               stack: stacks.Stack = stacks.DEFAULT) -> int:
    """`tutor check`: 0 when every check passes, 1 otherwise."""
    from fastapi_uvicorn_tutor.ui import practice as show

    prepared = workspace.prepare(exercise)
    if prepared.created:
        console.print(show.starter_copied(prepared.file))
    live = LearnerServer.reuse(prepared.folder, servers.start_timeout()) or LearnerServer.start(prepared.folder)
    reference = live.twin if twin and exercise.uses_twin and live.twin and live.twin[0] == stack.id else None
    wanted = twin and exercise.uses_twin and reference is None
    started_twin, twin_problem = start_twin(lesson, stack) if wanted else (None, None)
    try:
        console.print(show.check_header(lesson, prepared.file, live.shown, live.reused))
        if twin_problem:
            console.print(show.twin_missing(stack, twin_problem, lesson.twin_label(stack.id)))
        state = live.wait_loaded(servers.start_timeout()) if not live.reused else live.tracker.state
        if state == "exited" and live.server is not None and live.server.lost_port:
            # Another program bound the port between our check and Uvicorn's bind: not the
            # learner's problem, so try once more on another port.
            live.stop()
            live = LearnerServer.start(prepared.folder)
            state = live.wait_loaded(servers.start_timeout())
        if state == "broken":
            console.print(show.load_failure(workspace.error_excerpt(live.tracker.error, prepared.folder), prepared.main_py))
            console.print(show.not_loaded(len(exercise.checks)))
            return 1
        if state != "ready":
            from fastapi_uvicorn_tutor.ui import render

            reason = "exited before answering" if state == "exited" else f"did not answer within {servers.start_timeout():g} s"
            console.print(render.server_failure("FastAPI", reason, live.log.tail()))
            return 1
        reference = reference or twin_ready(stack, started_twin)
        report = run_and_show(lesson, exercise, live, reference, console)
        return 0 if report.passed else 1
    finally:
        live.stop()
        if started_twin is not None:
            servers.stop_and_clean([started_twin])

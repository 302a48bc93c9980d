"""Start one lesson twin on Node: the one way every flow does it.

`start_twin` finds Node for the stack, installs the stack's dependencies when asked
(the caller passes the spinner), picks the port and launches `node server.js` (with the
lesson's `[node_args]` before server.js); when the twin cannot run (no Node, one older than
the lesson's `node_min`) it returns the sentence saying why instead of raising, so the
FastAPI side carries on alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from fastapi_uvicorn_tutor.runtime import node, servers

if TYPE_CHECKING:
    from fastapi_uvicorn_tutor.course.catalog import Lesson
    from fastapi_uvicorn_tutor.course.stacks import Stack


def start_twin(lesson: Lesson, stack: Stack, choose_port: Callable[[], int], *, watch: bool = False,
               install: bool = True, feedback: node.InstallFeedback | None = None,
               early: servers.Server | None = None) -> tuple[servers.Server | None, str | None]:
    """The lesson's twin for `stack`, launched (not yet answering), or (None, why not).

    `choose_port` runs once Node is known to be usable and may raise PortBusy.
    Without `install`, missing dependencies are a reason not to start, not an `npm ci`.
    `early` is a twin already launched for this lesson (flows/prelaunch.py): it is kept
    once Node proves usable, and stopped otherwise.
    """
    if not lesson.has_twin(stack.id):
        if early is not None:
            servers.stop_and_clean([early])
        return None, f"this lesson has no {stack.label} twin: {lesson.no_twin.get(stack.id, 'none was written')}"
    status = node.detect(stack)
    too_old = node.too_old_for(lesson, stack, status)
    if early is not None:
        if status.usable and not too_old and early.spec.argv[0] == status.node \
                and early.spec.argv[1:-1] == list(lesson.node_args_for(stack.id)):
            return early, None
        servers.stop_and_clean([early])
    if not status.usable or status.node is None:
        return None, status.problem
    if too_old:
        return None, too_old
    modules = status.modules
    if modules is None:
        if not install:
            return None, f"the {stack.label} dependencies are not installed yet (`tutor next` installs them once)."
        try:
            modules = node.install(status, feedback=feedback)
        except node.NodeSetupError as exc:
            return None, f"{exc} Run `tutor doctor` to check your Node setup."
    spec = servers.node_spec(stack, lesson.twin_folder(stack.id), choose_port(), status.node, modules, watch=watch,
                             node_args=lesson.node_args_for(stack.id))
    try:
        return servers.launch(spec), None
    except OSError as exc:
        return None, f"Could not start node ({exc.strerror or exc})."

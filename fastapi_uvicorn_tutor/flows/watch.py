"""`tutor watch`: one watch for the whole course, rustlings-style, with live checks.

It serves the learner's exercise with `uvicorn main:app --reload` and re-checks it after
every reload. Once every check passes, the lesson is recorded done and the watch looks
at what `tutor next` would run: a lesson whose walkthrough the learner has not seen yet
gets a pointer (`tutor next` in another terminal runs its demo); an exercise whose
walkthrough was seen (then, or since) is copied from its starter into the workspace,
served and watched in turn. Until Ctrl-C; nothing is left running.

Uvicorn's own reloader restarts the app on a save; its output says when the new code is
loaded (or broken), and the checks run then. A save it misses is caught by FileWatcher's
mtime comparison, and the serving worker, older than the saved file, proves the miss.
Two causes, two cures: Uvicorn's reloader creates its file watcher a moment after it
starts the worker, so a save in that moment is lost (seen with Uvicorn 0.54 and 0.55):
Uvicorn is restarted as it was. A save long after start-up means file events do not
arrive on this mount: Uvicorn is restarted with polling.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

from fastapi_uvicorn_tutor.course import exercises, stacks
from fastapi_uvicorn_tutor.flows.practice import run_and_show, stack_for, start_twin, twin_ready
from fastapi_uvicorn_tutor.runtime import servers, workspace_server
from fastapi_uvicorn_tutor.runtime.learner import FileWatcher, LearnerServer, reload_grace, watcher_delay
from fastapi_uvicorn_tutor.state import course_cache, progress, workspace

if TYPE_CHECKING:
    from rich.console import Console

    from fastapi_uvicorn_tutor.course.catalog import Lesson
    from fastapi_uvicorn_tutor.course.exercises import CheckReport, Exercise

# A save Uvicorn missed this soon (plus its reloader's own delay) after the app first loaded
# is its reloader's start-up race; a later one means file events do not arrive here.
RACE_WINDOW = 2.0
NEXT_POLL = 0.5  # seconds between looks at whether the next exercise is ready


def _checks_own_line(line: str, exercise: Exercise) -> bool:
    """An access-log line for one of the checks' own requests (the results already say it)."""
    for check in exercise.checks:
        if check.request is not None and f'"{check.request.method} {check.request.path} HTTP/' in line:
            return True
        if check.kind == "websocket" and (f'"WebSocket {getattr(check.probe, "path", "")}"' in line
                                          or line.rstrip().endswith(("connection open", "connection closed"))):
            return True
    return False


class ExerciseWatch:
    """One exercise served with --reload and re-checked after every reload (the `tutor watch` of one lesson)."""

    def __init__(self, lesson: Lesson, exercise: Exercise, console: Console, *, port: int | None, twin: bool,
                 stack: stacks.Stack) -> None:
        self.lesson, self.exercise, self.console = lesson, exercise, console
        self.port, self.strict = port or servers.FASTAPI_PORT, port is not None
        self.twin_wanted, self.stack = twin and exercise.uses_twin, stack
        self.owner = os.getpid()
        self.live: LearnerServer | None = None
        self.twin_server: servers.Server | None = None
        self.reference: tuple[str, int] | None = None
        self.watcher: FileWatcher | None = None
        self.seen_generation = 0
        self.first_ready: float | None = None  # when the current Uvicorn first loaded the app
        self.waiting_since: float | None = None  # a .py file changed; Uvicorn has not reloaded yet
        self.reloads_then = 0
        self.polling = False

    def start(self) -> None:
        """Prepare the workspace, start Uvicorn (and the twin), say what is watched."""
        from fastapi_uvicorn_tutor.ui import practice as show

        prepared = workspace.prepare(self.exercise)
        self.folder, self.file = prepared.folder, prepared.file
        if prepared.created:
            self.console.print(show.starter_copied(prepared.file))
        self.live = LearnerServer.start(self.folder, self.port, strict=self.strict)
        self.port = self.live.port
        if self.twin_wanted:
            self.twin_server, problem = start_twin(self.lesson, self.stack)
            if problem:
                self.console.print(show.twin_missing(self.stack, problem, self.lesson.twin_label(self.stack.id)))
            self.reference = twin_ready(self.stack, self.twin_server)
        self._publish()
        self.watcher = FileWatcher(self.folder)
        self.console.print(show.watch_banner(prepared.file, self.live.shown, self.live.url))

    def _publish(self) -> None:
        live, reference = self.live, self.reference
        assert live is not None
        workspace_server.write_record(self.folder, workspace_server.ServerRecord(
            self.owner, live.pid or 0, live.port, str(live.log_path),
            reference[1] if reference else None, reference[0] if reference else None))

    def step(self) -> CheckReport | int | None:
        """One turn of the loop (about 0.1 s): the report when checks ran, 1 when Uvicorn died."""
        from fastapi_uvicorn_tutor.ui import practice as show

        live, watcher = self.live, self.watcher
        assert live is not None and watcher is not None
        report = None
        for kind, line in live.poll():
            if kind == "log" and not _checks_own_line(line, self.exercise):
                self.console.print(show.log_line(line))
        if not live.running:
            from fastapi_uvicorn_tutor.ui import render

            code = f"exited with code {live.server.proc.returncode}" if live.server else "exited"
            self.console.print(render.server_failure("FastAPI", code, live.log.tail()))
            return 1
        tracker = live.tracker
        if tracker.generation != self.seen_generation:
            self.seen_generation = tracker.generation
            self.first_ready = self.first_ready or time.monotonic()
            if tracker.state == "ready":
                report = run_and_show(self.lesson, self.exercise, live, self.reference, self.console, carry_on=True)
            else:
                excerpt = workspace.error_excerpt(tracker.error, self.folder)
                self.console.print(show.load_failure(excerpt, self.folder / workspace.MAIN))
        changed = watcher.changes(0.1)
        if changed:
            self.console.print(show.saved(changed))
            if any(name.endswith(".py") for name in changed):
                if self.waiting_since is None:
                    self.waiting_since, self.reloads_then = time.monotonic(), tracker.reloads
            elif tracker.state == "ready":  # a template: no reload needed
                report = run_and_show(self.lesson, self.exercise, live, self.reference, self.console, carry_on=True)
        if self.waiting_since is not None and tracker.reloads != self.reloads_then:
            self.waiting_since = None  # the reloader noticed; its outcome comes as a new generation
        if self.waiting_since is not None and time.monotonic() - self.waiting_since > reload_grace():
            self._missed_save()
        return report

    def _missed_save(self) -> None:
        """Uvicorn showed no sign of the save: restart it if its worker is older than the saved code."""
        from fastapi_uvicorn_tutor.ui import practice as show

        live = self.live
        assert live is not None and self.waiting_since is not None
        if live.tracker.state == "loading" or live.fresh():
            self.waiting_since = None  # still loading, or already serving the saved code: nothing was missed
            return
        race = self.first_ready is None or self.waiting_since - self.first_ready < RACE_WINDOW + watcher_delay()
        if not race and self.polling:
            self.waiting_since = None  # already polling: its next look will find the save
            return
        self.console.print(show.missed_save(polling=not race))
        live.stop()
        self.polling = self.polling or not race
        self.live = LearnerServer.start(self.folder, live.port, polling=self.polling)
        self._publish()
        self.seen_generation, self.first_ready, self.waiting_since = 0, None, None

    def stop(self) -> None:
        if self.watcher is not None:
            self.watcher.close()
        if self.live is not None:
            workspace_server.clear_record(self.folder, self.owner)
            self.live.stop()
        if self.twin_server is not None:
            servers.stop_and_clean([self.twin_server])
        self.live = self.twin_server = self.watcher = None


def _following(lessons: list[Lesson]) -> tuple[Lesson | None, Exercise | None, bool]:
    """What `tutor next` would run now: the lesson, its exercise, and whether its walkthrough was seen.

    (None, None, False) when every lesson is done; the current lesson itself when its
    pass could not be recorded (the watch then stays where it is).
    """
    slugs = [item.slug for item in lessons]
    slug = progress.load(slugs, peek=True).next_pending(slugs)
    if slug is None:
        return None, None, False
    lesson = lessons[slugs.index(slug)]
    try:
        exercise = exercises.load_exercise(lesson)
    except exercises.ExerciseError:
        exercise = None
    seen = exercise is not None and workspace.lesson_seen(workspace.folder_for(slug))
    return lesson, exercise, seen


def watch(lesson: Lesson, exercise: Exercise, console: Console, *, port: int | None = None,
          twin: bool = True, chosen: tuple[stacks.Stack, ...] = (stacks.DEFAULT,)) -> int:
    """`tutor watch`: re-check on every save; after a pass, carry on to the next exercise; until Ctrl-C."""
    from fastapi_uvicorn_tutor.ui import practice as show

    current = ExerciseWatch(lesson, exercise, console, port=port, twin=twin, stack=stack_for(lesson, chosen))
    lessons = course_cache.load_catalog()  # read once: the course does not change while the watch runs
    passed = False
    pointed: str | None = None  # the lesson the last pointer named ("" for the end of the course)
    looked = 0.0
    try:
        current.start()
        while True:
            outcome = current.step()
            if isinstance(outcome, int):
                return outcome
            if outcome is not None:
                passed = outcome.passed and current.lesson.slug in progress.load(peek=True).done
            if not passed or time.monotonic() - looked < NEXT_POLL:
                continue
            looked = time.monotonic()
            following, next_exercise, seen = _following(lessons)
            if following is not None and following.slug == current.lesson.slug:
                continue
            if following is not None and next_exercise is not None and seen:
                console.print(show.next_exercise(following, next_exercise))
                carried_port = current.port if port is not None else None
                current.stop()
                current = ExerciseWatch(following, next_exercise, console, port=carried_port, twin=twin,
                                        stack=stack_for(following, chosen))
                current.start()
                passed, pointed = False, None
            elif (following.slug if following else "") != pointed:
                pointed = following.slug if following else ""
                console.print(show.next_lesson_pointer(following, next_exercise is not None))
    except KeyboardInterrupt:
        console.print(show.watch_stopped())
        return 0
    finally:
        current.stop()

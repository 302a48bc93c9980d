"""Property-based API tests: whatever a lesson's OpenAPI document allows, no server answers 5xx.

For every lesson, both live servers (real Uvicorn, real Node twin) get the requests
Schemathesis generates from the FastAPI app's OpenAPI document, fetched from the live
server: the schema's examples, its coverage cases (boundaries, missing and wrong-typed
fields, no body, other methods) and random ones, valid and invalid. Each request goes to
FastAPI and to every twin; none may answer 5xx, stop answering, or take longer than the
lesson allows. A failure names the lesson and the operation and prints the request as a
curl command for each server that failed.

What a lesson answers 500 to on purpose, and lessons with nothing to fuzz, are declared
in its lesson.toml `[fuzz]` table (fastapi_uvicorn_tutor/course/fuzz.py), never here.
Slow, so deselected by default: `.ci/run` runs it as its own step, `python -m pytest -m fuzz`.
The seed is fixed so a failure reproduces; TUTOR_FUZZ_SEED=N explores another.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests
import schemathesis
from schemathesis.core.result import Err

from fastapi_uvicorn_tutor.course import fuzz, stacks
from fastapi_uvicorn_tutor.runtime import servers

pytestmark = pytest.mark.fuzz

SEED = int(os.environ.get("TUTOR_FUZZ_SEED", "13"))
POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="fuzz")  # one thread per server of a lesson


def load_openapi(url: str, plan: fuzz.FuzzPlan) -> schemathesis.BaseSchema:
    """The OpenAPI document served at `url`, set up for this run: fixed seed, the lesson's budget, no declared skips.

    Fails the test if a declared skip names an operation the document does not list.
    """
    config = schemathesis.Config.from_dict({
        "seed": SEED,
        # How fast Hypothesis generates data says nothing about the servers, and CI shares two cores.
        "suppress-health-check": ["too_slow"],
        "generation": {"mode": "all", "max-examples": plan.max_examples, "database": "none"},
        "phases": {"stateful": {"enabled": False}},
        # The curl commands must replay the exact request, secret-looking fields included.
        "output": {"sanitization": {"enabled": False}},
    })
    schema = schemathesis.openapi.from_url(url, config=config, timeout=10)
    listed = set()
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            pytest.fail(f"Schemathesis cannot read the app's OpenAPI document: {result.err()}", pytrace=False)
        listed.add(result.ok().label)
    stale = [skip.label for skip in plan.skip if skip.label not in listed]
    if stale:
        pytest.fail(f"[fuzz] skips {', '.join(stale)}, which the app's OpenAPI document does not list", pytrace=False)
    for skip in plan.skip:
        schema = schema.exclude(method=skip.method, path=skip.path)
    return schema


def operation_runs(schema: schemathesis.BaseSchema, check: Callable[[schemathesis.Case], None]) -> Iterator[tuple[str, Callable[[], None]]]:
    """(label, run) per operation: `run()` feeds `check` every case of the examples, coverage and fuzzing phases.

    This is what `schemathesis.pytest.from_fixture` runs per operation, called directly:
    that loader renames pytest's private `Function._nodeid`, which pytest 9.2 no longer has.
    """
    from schemathesis.pytest.lazy import get_all_tests

    for result in get_all_tests(schema=schema, test_func=check, settings=None, given_kwargs=None):
        if isinstance(result, Err):
            pytest.fail(f"Schemathesis cannot build requests for {result.err().label}: {result.err()}", pytrace=False)
        operation, run = result.ok()
        yield operation.label, run


def answer_problem(request: dict[str, Any], timeout: float) -> str | None:
    """What is wrong with one server's answer (a 5xx, a timeout, no answer), or None."""
    try:
        response = requests.request(**request, timeout=timeout, allow_redirects=False)
    except requests.Timeout:
        return f"nothing within {timeout:g} s"
    except requests.RequestException as exc:
        return f"nothing: {exc.__class__.__name__}: {exc}"
    if response.status_code >= 500:
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.text)).split())  # a Node error page, as text
        return f"{response.status_code}: {text[:200]}"
    return None


def failure_text(exc: BaseException) -> str:
    """The check's message, or every message when Hypothesis groups several (distinct or flaky failures)."""
    parts = getattr(exc, "exceptions", None)
    if parts:
        return "\n".join(failure_text(part) for part in parts)
    return str(exc)


def test_no_5xx(live_set) -> None:  # type: ignore[no-untyped-def]
    """Every generated request, to FastAPI and to every twin: no 5xx, no hang, no dropped connection."""
    lesson, fastapi, twins = live_set
    plan = fuzz.fuzz_plan(lesson)
    if plan.skip_lesson:
        pytest.skip(f"{lesson.slug} is not fuzzed (its lesson.toml says why): {plan.skip_lesson}")
    sides: dict[str, servers.Server] = {"FastAPI": fastapi, **{stacks.get(sid).label: twin for sid, twin in twins.items()}}

    schema = load_openapi(f"{fastapi.url}/openapi.json", plan)

    def check(case: schemathesis.Case) -> None:
        # The same request, serialized once per server, sent to all at once: slow endpoints cost their time once.
        requests_by_side = {label: case.as_transport_kwargs(base_url=server.url) for label, server in sides.items()}
        answers = POOL.map(lambda request: answer_problem(request, plan.request_timeout), requests_by_side.values())
        problems = [
            f"  {label} answered {problem}\n    reproduce: {case.as_curl_command(base_url=sides[label].url)}"
            for label, problem in zip(requests_by_side, answers, strict=True) if problem
        ]
        if problems:
            raise AssertionError("\n".join(problems))

    failures = []
    runs = list(operation_runs(schema, check))
    if not runs:
        pytest.fail("its OpenAPI document lists no operation to fuzz; declare [fuzz] skip_lesson instead", pytrace=False)
    for label, run in runs:
        try:
            run()
        except Exception as exc:  # the check's failure, shrunk by Hypothesis to its smallest case
            failures.append(f"{label}:\n{failure_text(exc)}")
    if failures:
        pytest.fail(f"lessons/{lesson.slug} (seed {SEED}):\n" + "\n\n".join(failures), pytrace=False)

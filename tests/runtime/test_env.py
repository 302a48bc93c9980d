"""runtime/env.py: the one reader for the numbers a learner may set (TUTOR_START_TIMEOUT, TUTOR_RELOAD_GRACE)."""

from __future__ import annotations

import pytest

from fastapi_uvicorn_tutor.runtime import env, servers


@pytest.mark.parametrize(("value", "expected"), [
    (None, 15.0), ("", 15.0), ("abc", 15.0), ("nan", 15.0), ("inf", 15.0), ("-inf", 15.0),
    ("3", 3.0), (" 2.5 ", 2.5), ("0", 0.5), ("-4", 0.5), ("1e3", 1000.0),
])
def test_seconds_reads_a_finite_number_or_keeps_the_default(monkeypatch: pytest.MonkeyPatch, value: str | None,
                                                             expected: float) -> None:
    if value is None:
        monkeypatch.delenv("TUTOR_TEST_SECONDS", raising=False)
    else:
        monkeypatch.setenv("TUTOR_TEST_SECONDS", value)
    assert env.seconds("TUTOR_TEST_SECONDS", 15.0) == expected


def test_the_start_timeout_is_read_through_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_START_TIMEOUT", "7")
    assert servers.start_timeout() == 7.0
    monkeypatch.setenv("TUTOR_START_TIMEOUT", "soon")
    assert servers.start_timeout() == 15.0

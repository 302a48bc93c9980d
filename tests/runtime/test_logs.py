"""runtime/logs.py: the one way a server's log is read back and its last lines taken."""

from __future__ import annotations

import sys
from pathlib import Path

from fastapi_uvicorn_tutor.runtime import servers
from fastapi_uvicorn_tutor.runtime.logs import LogFile, last_lines


def test_last_lines_drops_trailing_blank_lines() -> None:
    assert last_lines("a\nb\nc\n\n\n", 2) == ["b", "c"]
    assert last_lines("a\nb", 12) == ["a", "b"]
    assert last_lines("a\nb", 0) == [] and last_lines("", 3) == []


def test_a_log_file_reads_whole_from_an_offset_and_as_it_grows(tmp_path: Path) -> None:
    path = tmp_path / "server.log"
    log = LogFile(path)
    assert log.text() == "" and log.size() == 0 and log.new_text() == "" and log.tail() == ""
    snow = "\u2603".encode()
    path.write_bytes(b"one\ntwo " + snow[:1])  # a character cut in half by the writer
    assert log.new_text() == "one\ntwo "
    offset = log.size()
    with open(path, "ab") as handle:
        handle.write(snow[1:] + b"\nthree\n\xff\n")
    assert log.new_text() == "\u2603\nthree\n\ufffd\n"
    assert log.since(offset).startswith("\ufffd")  # read from mid-character: replaced, never raised
    assert log.tail(2) == "three\n\ufffd"
    assert log.text() == "one\ntwo \u2603\nthree\n\ufffd\n"


def test_a_server_tail_is_the_end_of_what_it_printed() -> None:
    argv = [sys.executable, "-c", "print('\\n'.join(str(i) for i in range(30)))"]
    server = servers.launch(servers.ServerSpec("probe", argv, Path.cwd(), 0, "probe"))
    try:
        server.proc.wait(timeout=30)
        assert server.tail(3) == "27\n28\n29"
        assert server.output().splitlines()[0] == "0"
    finally:
        servers.stop_and_clean([server])
    assert not server.log_path.exists()

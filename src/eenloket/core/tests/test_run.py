"""`eenloket run` (what `make run` starts): migrates, loads the demo into an empty
database, serves web + worker, keeps the data on a second start, and stops both
processes cleanly on Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(data_dir: Path, port: int) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EENLOKET_")}
    env.update({"EENLOKET_DATA_DIR": str(data_dir), "PORT": str(port), "EENLOKET_WORKER_POLL_SECONDS": "0.2"})
    if "EENLOKET_NODE_MODULES" in os.environ:
        env["EENLOKET_NODE_MODULES"] = os.environ["EENLOKET_NODE_MODULES"]
    return subprocess.Popen(
        [sys.executable, "-m", "eenloket", "run", "--web-workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def _wait_healthy(port: int, proc: subprocess.Popen[str], timeout: float = 90) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "eenloket run stopped early"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                return dict(json.loads(response.read()))
        except OSError:
            time.sleep(0.3)
    raise AssertionError("no healthy server in time")


def _stop(proc: subprocess.Popen[str]) -> str:
    proc.send_signal(signal.SIGINT)
    output, _ = proc.communicate(timeout=30)
    return output


def _port_closed(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _processes_with_data_dir(data_dir: Path) -> list[int]:
    """PIDs of processes (web server, worker) started for this data folder."""
    marker = f"EENLOKET_DATA_DIR={data_dir}".encode()
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if marker in environ.read_bytes().split(b"\0"):
                found.append(int(environ.parent.name))
        except OSError:
            continue
    return found


def test_run_starts_web_and_worker_and_stops_cleanly(tmp_path: Path) -> None:
    port = _free_port()
    # given an empty data folder, when `eenloket run` starts
    proc = _start(tmp_path, port)
    try:
        health = _wait_healthy(port, proc)
        assert len(_processes_with_data_dir(tmp_path)) >= 3  # run, web server, worker
        # then the server is healthy and the demo is loaded
        assert health["status"] == "ok"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            assert "Eikendal" in response.read().decode()
    finally:
        output = _stop(proc)
    # and Ctrl-C stopped both processes
    assert proc.returncode == 0, output
    assert "Demo-logins" in output
    assert "Lege database" in output
    assert "Eenloket is gestopt." in output
    assert _port_closed(port)
    assert _processes_with_data_dir(tmp_path) == []

    # when it starts again, the data is kept (no second demo load)
    proc = _start(tmp_path, port)
    try:
        _wait_healthy(port, proc)
    finally:
        output = _stop(proc)
    assert "Lege database" not in output
    assert proc.returncode == 0, output

"""Real servers for integration tests, started on 127.0.0.1 (a free port) and always stopped:
Chroma's `chroma run` and llama.cpp's OpenAI-compatible server on the bundled SmolLM2."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(proc: subprocess.Popen, url: str, what: str, seconds: float = 60) -> None:
    """Return once `url` answers; fail in words when the process exits or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"{what} exited at start-up (code {proc.returncode})") from None
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer at {url} within {seconds:g} s")


@contextmanager
def running(cmd: list[str], ready_url: str, what: str) -> Iterator[subprocess.Popen]:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(proc, ready_url, what)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def chroma_server(path: Path, port: int | None = None) -> Iterator[str]:
    """`chroma run` persisting to `path`; yields its URL (for STEWARD_CHROMA_URL)."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [str(BIN / "chroma"), "run", "--path", str(path), "--host", "127.0.0.1",
           "--port", str(port)]
    with running(cmd, url + "/api/v2/heartbeat", "chroma run"):
        yield url


@contextmanager
def llama_server(n_ctx: int = 2048) -> Iterator[str]:
    """llama.cpp's server on the bundled GGUF; yields its OpenAI base URL (…/v1)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/v1"
    cmd = [sys.executable, "-m", "retrieval.llama_server", "--host", "127.0.0.1",
           "--port", str(port), "--n_ctx", str(n_ctx)]
    with running(cmd, url + "/models", "llama_cpp.server"):
        yield url

"""The `openai` backend against a real OpenAI-compatible server (llama.cpp's, on the bundled
SmolLM2) that the test starts on 127.0.0.1 and stops."""

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from retrieval.chat import ModelUnavailable, OpenAICompatibleChat

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server_url():
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "retrieval.llama_server", "--host", "127.0.0.1",
                             "--port", str(port), "--n_ctx", "2048"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(url + "/models", timeout=1)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail("llama_cpp.server exited at start-up")
                time.sleep(0.25)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_streams_a_reply_from_a_real_server(server_url):
    chat = OpenAICompatibleChat(server_url, "", "smollm2", timeout_s=60)
    pieces = list(chat.stream([("system", "Answer briefly."),
                               ("user", "Quote: \"The contract hourly rate shall be $65.00.\"\n\n"
                                        "Question: What is the contract hourly rate?")], 40))
    assert len(pieces) > 1 and "".join(pieces).strip()


def test_unreachable_server_is_a_clear_error():
    chat = OpenAICompatibleChat(f"http://127.0.0.1:{free_port()}/v1", "", "x", timeout_s=2)
    with pytest.raises(ModelUnavailable, match="did not answer"):
        list(chat.stream([("user", "hi")], 5))

"""The `openai` backend against a real OpenAI-compatible server (llama.cpp's, on the bundled
SmolLM2) that the test starts on 127.0.0.1 and stops."""

import pytest

from retrieval.chat import ModelUnavailable, OpenAICompatibleChat
from tests.servers import free_port, llama_server

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server_url():
    with llama_server() as url:
        yield url


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

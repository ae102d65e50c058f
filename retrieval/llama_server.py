"""Run llama.cpp's OpenAI-compatible server on the bundled SmolLM2 (or any GGUF):

    python -m retrieval.llama_server [--model PATH] [--host 127.0.0.1] [--port 8080]

Same as `python -m llama_cpp.server`, with the CPU weight-repacking (AMX) path switched off,
which crashes on some CPUs. Point Steward at it with STEWARD_CHAT_BACKEND=openai and
STEWARD_OPENAI_BASE_URL=http://127.0.0.1:8080/v1.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    from .chat import bundled_gguf, safe_llama_defaults

    args = list(sys.argv[1:] if argv is None else argv)
    if "--model" not in args:
        args = ["--model", str(bundled_gguf()), *args]
    sys.argv = ["llama_cpp.server", *args]
    from llama_cpp.server.__main__ import main as server_main

    with safe_llama_defaults():  # the server loads its model at start-up, inside this block
        server_main()


if __name__ == "__main__":
    main()

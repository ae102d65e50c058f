"""An OpenAI-compatible chat endpoint, so existing chat clients can use Steward as a model.

POST /v1/chat/completions (streaming or not) answers the last user message from the documents
the caller's role may see (API key per user, `Authorization: Bearer stw_...`; no key needed in
single-user mode, which only listens on localhost). Citations follow the answer as a
"Sources" block; the verified citations are also in the response's `steward` field.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Header, HTTPException
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict

from store.errors import StewardError

from .panels import sources_block
from .service import Service
from .users import Viewer

MODEL_ID = "steward"


class ChatRequest(BaseModel):
    """The fields of an OpenAI chat request Steward reads; the rest are accepted and ignored."""

    model_config = ConfigDict(extra="allow")
    model: str = MODEL_ID
    messages: list[dict[str, Any]]
    stream: bool = False


def _content(message: dict[str, Any]) -> str:
    content = message.get("content") or ""
    if isinstance(content, list):  # [{"type": "text", "text": ...}, ...]
        return " ".join(p.get("text", "") for p in content if isinstance(p, dict))
    return str(content)


def _error(status: int, message: str, kind: str = "invalid_request_error") -> HTTPException:
    return HTTPException(status, {"error": {"message": message, "type": kind}})


def _viewer(service: Service, authorization: str | None) -> Viewer:
    if service.users.single_user:
        return service.users.viewer(None)
    key = (authorization or "").removeprefix("Bearer ").strip()
    viewer = service.users.by_api_key(key) if key else None
    if viewer is None:
        raise _error(401, "Missing or unknown API key (ask your admin: steward user add).",
                     "authentication_error")
    return viewer


def _chunk(rid: str, created: int, delta: dict, finish: str | None = None, answer=None) -> str:
    """One SSE event; the last one also carries the verified answer (`steward`, as in a
    non-streaming reply), which OpenAI clients ignore."""
    body = {"id": rid, "object": "chat.completion.chunk", "created": created, "model": MODEL_ID,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    if answer is not None:
        body["steward"] = answer.to_json()
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"


def _stream(parts: Iterator, rid: str, created: int) -> Iterator[str]:
    """Server-sent events in OpenAI's chunk format; Sources after the answer, then [DONE]."""
    yield _chunk(rid, created, {"role": "assistant", "content": ""})
    answer = None
    try:
        for part in parts:
            if isinstance(part, str):
                yield _chunk(rid, created, {"content": part})
                continue
            answer = part
            if sources := sources_block(part):
                yield _chunk(rid, created, {"content": sources})
    except StewardError as exc:
        yield _chunk(rid, created, {"content": f"\n\nError: {exc}"})
    yield _chunk(rid, created, {}, "stop", answer)
    yield "data: [DONE]\n\n"


def openai_router(service: Service) -> APIRouter:
    """/v1/models and /v1/chat/completions over one Service."""
    router = APIRouter(prefix="/v1")

    @router.get("/models")
    def models(authorization: str | None = Header(default=None)) -> dict:
        _viewer(service, authorization)
        return {"object": "list", "data": [{"id": MODEL_ID, "object": "model", "created": 0,
                                            "owned_by": "steward"}]}

    @router.post("/chat/completions")
    def chat(req: ChatRequest, authorization: str | None = Header(default=None)):
        viewer = _viewer(service, authorization)
        users = [_content(m) for m in req.messages if m.get("role") == "user"]
        if not users or not users[-1].strip():
            raise _error(400, "The last message must be a user question.")
        rid, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())
        try:
            parts = service.ask_stream(viewer, users[-1], users[:-1])
            if req.stream:
                return StreamingResponse(_stream(parts, rid, created),
                                         media_type="text/event-stream")
            answer = [p for p in parts if not isinstance(p, str)][-1]
        except StewardError as exc:
            raise _error(400, str(exc)) from None
        text = answer.text + sources_block(answer)
        return JSONResponse({
            "id": rid, "object": "chat.completion", "created": created, "model": MODEL_ID,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
            "steward": answer.to_json()})

    return router

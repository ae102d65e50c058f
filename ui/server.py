"""`steward serve`: one web server with the Gradio app at / and the OpenAI-compatible API at
/v1. Never a share link, no analytics; single-user mode (no users file) only on localhost."""

from __future__ import annotations

import ipaddress
import os
import re
import socket

from store.errors import ConfigError

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
FILE_ROUTE = re.compile(r"/file[=/]")  # Gradio's /gradio_api/file=PATH and /gradio_api/file/PATH
LOGIN_MESSAGE = (
    "<span style='display:block;max-width:26em'><span style='display:block;font-size:1.7em;"
    "font-weight:700;margin-bottom:.3em'>Steward</span>Answers from your contract, with the "
    "clause cited. Log in with the name and password your union gave you. On a shared "
    "computer, press <b>Log out</b> when you are done.</span>")
# Words Gradio's bundled English lacks: without them the file box's upload button reads
# "common.upload" (Gradio 6.31's en locale has no common.upload, webcam, video or complete).
MISSING_WORDS = {"common.upload": "Upload", "common.webcam": "Webcam", "common.video": "Video",
                 "common.complete": "Complete"}
NOT_YOURS = ("This file is not available to you. Open it again from the Library or Draft tab "
             "(log in first if asked).")


def quiet_gradio() -> None:
    """No analytics or update checks, wherever Gradio looks for the switch."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    os.environ.setdefault("GRADIO_SSR_MODE", "False")
    os.environ.setdefault("GRADIO_RUN_HISTORY", "False")


def is_local(host: str) -> bool:
    if host in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def theme():
    """Gradio's default look with system fonts (the default fetches fonts from the internet)."""
    import gradio as gr

    fonts = ["ui-sans-serif", "system-ui", "Segoe UI", "Roboto", "Arial", "sans-serif"]
    return gr.themes.Default(font=fonts, font_mono=["ui-monospace", "Consolas", "monospace"])


def build_app(service):
    """FastAPI app: /v1 (OpenAI-compatible) and the Gradio UI at /, login when users exist."""
    quiet_gradio()
    import gradio as gr
    from fastapi import FastAPI, HTTPException
    from fastapi.responses import JSONResponse
    from starlette.routing import Mount

    from .api import openai_router
    from .app import StewardUI
    from .panels import CSS, HEAD

    app = FastAPI(title="Steward", docs_url=None, redoc_url=None, openapi_url=None)

    @app.exception_handler(HTTPException)
    async def openai_errors(request, exc: HTTPException):  # OpenAI clients read {"error": ...}
        body = exc.detail if isinstance(exc.detail, dict) else {"detail": exc.detail}
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)

    app.include_router(openai_router(service))
    ui = StewardUI(service)
    blocks = ui.build()
    blocks.queue(default_concurrency_limit=4)
    auth = None if service.users.single_user else service.users.login
    # No footer: its "Use via API" link is not for members (the APIs are in the README).
    gr.mount_gradio_app(
        app, blocks, path="/", auth=auth, auth_message=LOGIN_MESSAGE, ssr_mode=False,
        footer_links=[], theme=theme(), css=CSS, head=HEAD, show_error=True,
        max_file_size="100mb", mcp_server=False, i18n=gr.I18n(en=MISSING_WORDS))
    gradio_app = next(r.app for r in app.routes if isinstance(r, Mount))
    app.add_middleware(FileGuard, ui=ui, gradio_app=gradio_app)
    app.add_middleware(PageTitle, title=b"Steward")
    return app


class PageTitle:
    """ASGI middleware. Gradio's login page has no <title> (a blank browser tab); the page at /
    gets one. The app, once logged in, sets the same title itself."""

    def __init__(self, app, title: bytes) -> None:
        self.app, self.tag = app, b"<title>" + title + b"</title>"

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] != "/":
            await self.app(scope, receive, send)
            return
        start: dict = {}
        body: list[bytes] = []

        async def titled(message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return
            page, headers = b"".join(body), list(start.get("headers", []))
            html = any(k.lower() == b"content-type" and b"text/html" in v for k, v in headers)
            if html and b"<title" not in page:
                page = page.replace(b"<head>", b"<head>" + self.tag, 1)
            headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(page)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": page})

        await self.app(scope, receive, titled)


class FileGuard:
    """ASGI middleware. Gradio serves any file in its cache to anyone logged in who has the
    URL (/gradio_api/file=...; login is its only check). Here a file URL works only for the
    user the file was handed to (StewardUI.hand_out); everything else gets a 404."""

    def __init__(self, app, ui, gradio_app) -> None:
        self.app, self.ui, self.gradio_app = app, ui, gradio_app

    def username(self, scope) -> str | None:
        """Who is logged in, read from Gradio's login cookie as Gradio itself reads it."""
        from starlette.requests import HTTPConnection

        cookies, cookie_id = HTTPConnection(scope).cookies, self.gradio_app.cookie_id
        token = (cookies.get(f"access-token-{cookie_id}")
                 or cookies.get(f"access-token-unsecure-{cookie_id}"))
        return self.gradio_app.tokens.get(token) if token else None

    async def __call__(self, scope, receive, send) -> None:
        found = FILE_ROUTE.search(scope["path"]) if scope["type"] == "http" else None
        if found and not self.ui.may_fetch(self.username(scope), scope["path"][found.end():]):
            from fastapi.responses import JSONResponse

            await JSONResponse({"detail": NOT_YOURS}, status_code=404)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def check_host(host: str, port: int, single_user: bool) -> None:
    if single_user and not is_local(host):
        raise ConfigError(f"Steward has no users yet, so it only listens on this computer. Add "
                          f"users first (steward user add NAME --role member|team) to serve on "
                          f"{host}.")
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            raise ConfigError(f"Cannot listen on {host}:{port} ({exc.strerror}). Is Steward "
                              "already running? Try another --port.") from None


def serve(settings, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Open the store, load the models and read the documents once, then serve until
    interrupted."""
    import uvicorn

    from .service import Service

    service = Service(settings)
    check_host(host, port, service.users.single_user)
    app = build_app(service)
    print("Steward: loading the models and the documents…", flush=True)
    if problem := service.warm_up():  # before it listens: the first answer waits for nothing
        print(problem, flush=True)
    count = service.counts()["documents"]
    mode = "single-user, no login" if service.users.single_user else "login required"
    print(f"Steward: {count} documents; {mode}.", flush=True)
    if not count:
        print("The library is empty: add documents in the Library tab or run `steward ingest`.")
    print(f"Open http://{'localhost' if is_local(host) else host}:{port}  (Ctrl+C stops)",
          flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def serve_in_thread(app, host: str = "127.0.0.1", port: int = 0):
    """Serve an ASGI app from a background thread (tests, benchmarks); port 0 = a free one.
    Returns its URL and a stop() function."""
    import threading
    import time

    import uvicorn

    if not port:
        with socket.socket() as sock:
            sock.bind((host, 0))
            port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning",
                                           timeout_graceful_shutdown=2))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"The server on {host}:{port} did not start.")
        time.sleep(0.05)

    def stop() -> None:
        server.should_exit = True
        thread.join(15)

    return f"http://{host}:{port}", stop

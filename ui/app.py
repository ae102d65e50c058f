"""The Gradio app: Ask, Draft, Compare and Library tabs. Thin: every handler names the viewer
(from the login) and calls the Service, which applies their visibility; Steward's errors show as
plain messages. Named API endpoints (ask, search, draft) serve gradio_client."""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path
from typing import Any

import gradio as gr

from retrieval.answer import Progress

from .handlers import friendly
from .html_export import compare_fragment, draft_fragment
from .library_tab import LibraryTab
from .panels import (
    EMPTY_PANEL,
    answer_markdown,
    citations_panel,
    filters_note,
    linked_answer,
    md_text,
)
from .service import Service
from .users import Viewer
from .words import PROGRESS_WORDS, ROLE_WORDS, STATUS_WORDS, TYPE_WORDS, choices, say_lower

# Shown on the empty chat; each is answered, with a citation, from the documents `make run`
# ingests (corpus/): tests/test_service.py asks every one.
EXAMPLES = ["What's the doctorate stipend?", "How long do I have to file units?",
            "What does 12.8.4 say?", "What is the Seattle Education Association striking for?"]


def _example(evt: gr.SelectData) -> str:
    return evt.value["text"]


def _status(step: str) -> dict:
    """The answer's place in the chat while Steward works: what it is doing, in words."""
    return {"role": "assistant", "content": f"_{PROGRESS_WORDS[step]}_"}


def _text(content: Any) -> str:
    """A chat message's text, whatever shape Gradio hands it in."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text", ""))
    if isinstance(content, list):
        return " ".join(_text(c) for c in content)
    return ""


class StewardUI:
    """Builds the Blocks and holds the handlers; one per server."""

    def __init__(self, service: Service) -> None:
        self.svc = service
        self.draft_file: gr.File | None = None  # the gr.File output, set by build()
        self.notes_file: gr.File | None = None  # the team's notes on a draft, set by build()
        self.handed: dict[str | None, set[str]] = {}  # username -> cached paths handed to them
        self._lock = threading.Lock()
        self.library = LibraryTab(self)

    def hand_out(self, block: gr.File | None, path: str | Path, request: gr.Request | None) -> str:
        """Copy a file into Gradio's cache now (as Gradio would) and note it as this user's:
        the server lets /gradio_api/file=... through only to the user a file was handed to."""
        cached = block.move_resource_to_block_cache(str(path)) if block is not None else None
        cached = cached or str(path)
        with self._lock:
            self.handed.setdefault(getattr(request, "username", None), set()).add(
                os.path.abspath(cached))
        return cached

    def may_fetch(self, username: str | None, path: str) -> bool:
        """Whether the file at `path` (as a file URL names it) was handed to this user."""
        with self._lock:
            return os.path.abspath(path) in self.handed.get(username, ())

    def viewer(self, request: gr.Request | None) -> Viewer:
        name = getattr(request, "username", None) if request is not None else None
        found = self.svc.users.viewer(name)
        if found is None:
            raise gr.Error("Please log in again.")
        return found

    # --- Ask ------------------------------------------------------------------------------------

    @friendly
    def respond(self, message: str, chat: list, panels: list, types, statuses, employer, union,
                request: gr.Request):
        """Stream one answer into the chat; then its citations into the side panel."""
        viewer = self.viewer(request)
        message = (message or "").strip()
        if not message:
            raise gr.Error("Please type a question.")
        history = [_text(m["content"]) for m in chat if m.get("role") == "user"]
        turn = len(panels)
        chat = [*chat, {"role": "user", "content": message}, _status("searching")]
        yield "", chat, panels, gr.skip()
        text = ""
        for part in self.svc.ask_stream(viewer, message, history, progress=True,
                                        doc_types=types or (), statuses=statuses or (),
                                        employer=employer or "", union=union or ""):
            if isinstance(part, Progress):
                chat[-1] = _status(part.step)
                yield gr.skip(), chat, gr.skip(), gr.skip()
            elif isinstance(part, str):
                text += part
                chat[-1] = {"role": "assistant", "content": linked_answer(text, turn)}
                yield gr.skip(), chat, gr.skip(), gr.skip()
            else:
                narrowed = filters_note(types, statuses, employer, union)
                chat[-1] = {"role": "assistant", "content": answer_markdown(part, turn)
                            + (f"\n\n_{md_text(narrowed)}_" if narrowed else "")}
                html = citations_panel(part, turn)
                yield gr.skip(), chat, [*panels, html], html

    @staticmethod
    def show_turn(panels: list, chat: list, evt: gr.SelectData):
        """Clicking an earlier answer shows its citations."""
        index = evt.index if isinstance(evt.index, int) else evt.index[0]
        turn = sum(1 for m in chat[:index] if m.get("role") == "assistant")
        if chat[index].get("role") != "assistant" or turn >= len(panels):
            return gr.skip()
        return panels[turn]

    def ask_tab(self) -> None:
        # Three parts in one grid (panels.CSS): on a wide screen the chat with the filters under
        # it, the citations beside; on a phone one column, the citations right after the chat.
        with gr.Row(elem_id="ask-grid"):
            with gr.Column(elem_id="ask-main"):
                chat = gr.Chatbot(height=480, elem_id="steward-chat", feedback_options=None,
                                  label="Conversation", show_label=False,
                                  examples=[{"text": q} for q in EXAMPLES], buttons=["copy"],
                                  placeholder="Ask about your contract, proposals and bulletins. "
                                              "Every answer cites the exact clause.")
                with gr.Row():
                    box = gr.Textbox(show_label=False, scale=5, elem_id="ask-box",
                                     placeholder="e.g. What's the doctorate stipend?")
                    send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask-send")
            with gr.Column(elem_id="ask-side"):
                gr.Markdown("### Citations")
                panel = gr.HTML(EMPTY_PANEL, elem_id="cites-panel")
            with gr.Column(elem_id="ask-more"):
                with gr.Accordion("Filters", open=False, elem_id="ask-filters"):
                    types = gr.CheckboxGroup(choices(TYPE_WORDS), label="Document type")
                    statuses = gr.CheckboxGroup(choices(STATUS_WORDS), label="Status")
                    with gr.Row():
                        employer = gr.Textbox(label="Employer (part of the name)")
                        union = gr.Textbox(label="Union (part of the name)")
                new = gr.Button("New conversation", size="sm")
        panels = gr.State([])
        args = dict(fn=self.respond, inputs=[box, chat, panels, types, statuses, employer, union],
                    outputs=[box, chat, panels, panel], api_visibility="private")
        box.submit(**args)
        send.click(**args)
        chat.example_select(_example, None, box, api_visibility="private").then(**args)
        chat.select(self.show_turn, [panels, chat], panel, api_visibility="private")
        new.click(lambda: ([], [], EMPTY_PANEL), None, [chat, panels, panel],
                  api_visibility="private")
        # The chat's own bin empties it: its citations go with it.
        chat.clear(lambda: ([], EMPTY_PANEL), None, [panels, panel], api_visibility="private")

    # --- Draft ----------------------------------------------------------------------------------

    @friendly
    def find_clauses(self, query: str, chosen: list, request: gr.Request):
        """Clauses matching the search box, as choices for the Draft picker."""
        hits = self.svc.search(self.viewer(request), query, k=10) if query.strip() else []
        choices = [(f"{h.section} — {h.title}: {h.text[:70]}…", h.section)
                   for h in hits if h.section]
        keep = [(c, c) for c in chosen or [] if c not in {v for _, v in choices}]
        return gr.update(choices=keep + list(dict.fromkeys(choices)), value=chosen or [])

    @friendly
    def make_draft(self, sections: list, goal: str, against: str, request: gr.Request):
        """The redline, its rationale and checks, a Word file with tracked changes (the
        proposal only) and the team's notes as a file of their own."""
        from .docx_export import write_docx
        from .notes_export import write_notes

        if not sections:
            raise gr.Error("Pick at least one clause (search, then choose its number).")
        if not (goal or "").strip():
            raise gr.Error("Say what the team wants, e.g. “restore the formula”.")
        result = self.svc.draft(self.viewer(request), list(sections), goal.strip(), against)
        name = "counterproposal-" + "-".join(s.replace(".", "_") for s in sections)[:60] + ".docx"
        folder = Path(tempfile.mkdtemp(prefix="steward-"))
        path = write_docx(result, folder / name)
        notes = write_notes(result, folder / name.replace(".docx", "-team-notes.docx"))
        return (f"<div class='steward-doc'>{draft_fragment(result)}</div>",
                self.hand_out(self.draft_file, path, request),
                self.hand_out(self.notes_file, notes, request))

    def draft_tab(self) -> gr.Column:
        gr.Markdown("Draft counter-language as a redline against the clause it answers. "
                    "Only the bargaining team drafts.", elem_id="draft-intro")
        with gr.Column(visible=False) as body:
            self.draft_controls()
        return body

    def draft_controls(self) -> None:
        with gr.Row():
            find = gr.Textbox(label="Find a clause", scale=3, elem_id="draft-find", min_width=300,
                              placeholder="e.g. doctorate stipend, or 12.7.5 — press Enter")
            sections = gr.Dropdown([], multiselect=True, allow_custom_value=True, scale=3,
                                   label="Clauses to answer (numbers)", elem_id="draft-sections",
                                   min_width=300)
        goal = gr.Textbox(label="Goal", elem_id="draft-goal",
                          placeholder="e.g. restore the formula; set a floor of $3,500")
        against = gr.Radio(["proposal", "contract"], value="proposal", label="Redline against")
        go = gr.Button("Draft", variant="primary", elem_id="draft-go")
        out = gr.HTML(elem_id="draft-out")
        docx = self.draft_file = gr.File(label="Word document (tracked changes)",
                                         elem_id="draft-docx")
        notes = self.notes_file = gr.File(label="Team notes (not for the other side)",
                                          elem_id="draft-notes")
        find.submit(self.find_clauses, [find, sections], sections, api_visibility="private")
        go.click(self.make_draft, [sections, goal, against], [out, docx, notes],
                 api_visibility="private")

    # --- Compare --------------------------------------------------------------------------------

    @friendly
    def compare(self, doc_a: str, doc_b: str, show_all: bool, request: gr.Request) -> str:
        if not doc_a or not doc_b:
            raise gr.Error("Pick two documents.")
        result = self.svc.compare(self.viewer(request), doc_a, doc_b)
        return f"<div class='steward-doc'>{compare_fragment(result, show_all)}</div>"

    def compare_tab(self) -> tuple:
        with gr.Row():
            doc_a = gr.Dropdown([], label="Document A (e.g. the contract)", elem_id="cmp-a",
                                min_width=300)
            doc_b = gr.Dropdown([], label="Document B (e.g. the proposal)", elem_id="cmp-b",
                                min_width=300)
        show_all = gr.Checkbox(label="Also list unchanged clauses")
        go = gr.Button("Compare", variant="primary", elem_id="cmp-go")
        out = gr.HTML(elem_id="cmp-out")
        go.click(self.compare, [doc_a, doc_b, show_all], out, api_visibility="private")
        return doc_a, doc_b

    def api_endpoints(self) -> None:
        """Named endpoints for gradio_client: ask, search, draft (the caller's role applies)."""

        @friendly
        def ask(question: str, history: list[str] | None = None,
                request: gr.Request = None) -> dict:
            """A cited answer: text, citations (document, section, page, verbatim quote)."""
            return self.svc.ask(self.viewer(request), question, history or []).to_json()

        @friendly
        def search(query: str, k: int = 8, request: gr.Request = None) -> list[dict]:
            """The clauses that best match the query, best first."""
            return [h.to_json() for h in self.svc.search(self.viewer(request), query, k)]

        @friendly
        def draft(sections: list[str], goal: str, against: str = "proposal",
                  request: gr.Request = None) -> dict:
            """Counter-language as a redline against each clause (team only)."""
            from .report import draft_json

            return draft_json(self.svc.draft(self.viewer(request), sections, goal, against))

        for fn in (ask, search, draft):
            gr.api(fn, api_name=fn.__name__)

    # --- the whole app ----------------------------------------------------------------------------

    def whoami(self, request: gr.Request):
        viewer = self.viewer(request)
        team = gr.update(visible=viewer.is_team)
        single = self.svc.users.single_user
        who = ("Single-user mode (this computer only)" if single else
               f"Signed in as **{md_text(viewer.name)}** ({say_lower(ROLE_WORDS, viewer.role)})")
        return who, gr.update(visible=not single), team, team, team, team, team

    def build(self) -> gr.Blocks:
        with gr.Blocks(title="Steward", analytics_enabled=False, fill_width=True) as demo:
            with gr.Row(elem_id="steward-head"):
                gr.Markdown("## Steward — answers from your contract, with the clause cited",
                            elem_id="steward-title")
                who = gr.Markdown(elem_id="whoami")
                # Gradio's /logout forgets the login and goes back to the login page.
                logout = gr.Button("Log out", link="logout", size="sm", visible=False,
                                   elem_id="logout", scale=0, min_width=90)
            with gr.Tab("Ask", elem_id="tab-ask"):
                self.ask_tab()
            with gr.Tab("Draft", elem_id="tab-draft"):
                draft_body = self.draft_tab()
            with gr.Tab("Compare", elem_id="tab-compare"):
                doc_a, doc_b = self.compare_tab()
            with gr.Tab("Library", elem_id="tab-library"):
                outputs, team_only = self.library.build([doc_a, doc_b])
            demo.load(self.whoami, None, [who, logout, draft_body, *team_only],
                      api_visibility="private")
            demo.load(self.library.refresh, None, outputs, api_visibility="private")
            self.api_endpoints()
        return demo

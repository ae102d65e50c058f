"""The Library tab: the documents a viewer may see, their originals, and (for the team) uploads,
edits of a document's details and deletion, each change confirmed before it is made.

An upload takes exactly the files added for it: after it, the file box and the form are
cleared, so nothing chosen for one upload applies to the next."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from store.records import DocRecord

from .handlers import friendly
from .library import FIELDS, current_details, describe_changes
from .panels import DOC_COLUMNS, document_rows, ingest_summary
from .words import STATUS_WORDS, TYPE_WORDS, VISIBILITY_WORDS, choices, say

UPLOAD_TYPES = [".pdf", ".docx", ".txt", ".md", ".html", ".htm"]
# Type and status left as found are read from the file; visibility must be chosen to widen it.
DEFAULTS = {"doc_type": "", "status": "", "visibility": "team"}
TYPE_CHOICES = [("read it from the file", ""), *choices(TYPE_WORDS)]
STATUS_CHOICES = [("from the type (proposals: proposed; others: current)", ""),
                  *choices(STATUS_WORDS)]
NOTHING_DONE = "Nothing was changed."
# In pixels, so a phone scrolls the table sideways instead of squeezing it a letter wide.
COLUMN_WIDTHS = ["300px", "150px", "105px", "105px", "170px", "80px", "270px"]


def doc_choices(docs: dict[str, DocRecord]) -> list[tuple[str, str]]:
    """(label, doc_id) for a document picker: title, type in words, date."""
    return sorted(((f"{d.title or i} ({say(TYPE_WORDS, d.doc_type)}"
                    f"{', ' + d.date_text if d.date_text else ''})", i)
                   for i, d in docs.items()), key=lambda c: c[0].lower())


def _details(*values: str) -> dict[str, str]:
    """A details form's values (in FIELDS order) by field name."""
    return dict(zip(FIELDS, values, strict=True))


def _details_form(prefix: str) -> list:
    """Inputs for a document's details, in FIELDS order."""
    with gr.Row():
        title = gr.Textbox(label="Title" + (" (one file)" if prefix == "lib" else ""),
                           elem_id=f"{prefix}-title", min_width=220)
        doc_type = gr.Dropdown(TYPE_CHOICES, value=DEFAULTS["doc_type"], label="Type",
                               elem_id=f"{prefix}-type", min_width=220)
        date = gr.Textbox(label="Date (yyyy-mm-dd)", elem_id=f"{prefix}-date", min_width=220)
    with gr.Row():
        employer = gr.Textbox(label="Employer", elem_id=f"{prefix}-employer", min_width=220)
        union = gr.Textbox(label="Union", elem_id=f"{prefix}-union", min_width=220)
        from_party = gr.Textbox(label="From (who proposed it)", elem_id=f"{prefix}-from", min_width=220)
        to_party = gr.Textbox(label="To", elem_id=f"{prefix}-to", min_width=220)
    with gr.Row():
        status = gr.Dropdown(STATUS_CHOICES, value=DEFAULTS["status"], label="Status",
                             elem_id=f"{prefix}-status", min_width=300)
        visibility = gr.Radio(choices(VISIBILITY_WORDS), value=DEFAULTS["visibility"],
                              elem_id=f"{prefix}-vis", label="Who may see it", min_width=300)
    by_name = {"title": title, "doc_type": doc_type, "employer": employer, "union": union,
               "from_party": from_party, "to_party": to_party, "date": date, "status": status,
               "visibility": visibility}
    return [by_name[k] for k in FIELDS]


class LibraryTab:
    """Handlers of the Library tab; `ui` is the StewardUI (viewer, file hand-out, errors)."""

    def __init__(self, ui) -> None:
        self.ui = ui
        self.svc = ui.svc
        self.original_file: gr.File | None = None

    def refresh(self, request: gr.Request):
        """Document table and every document picker, for what this viewer may see."""
        docs = self.svc.documents(self.ui.viewer(request))
        return [document_rows(docs)] + [gr.update(choices=doc_choices(docs))] * 3

    @friendly
    def upload(self, files, title, doc_type, employer, union, from_party, to_party, date, status,
               visibility, request: gr.Request, progress=gr.Progress(track_tqdm=True)):  # noqa: B008
        """Save and ingest exactly the files added; then clear the box and the form."""
        viewer = self.ui.viewer(request)
        paths = [Path(f if isinstance(f, str) else f.name) for f in files or []]
        details = _details(title, doc_type, employer, union, from_party, to_party, date, status,
                           visibility)
        progress(0, desc="Reading and indexing")
        report = self.svc.upload(viewer, paths, details)
        return (ingest_summary(report), None, *(DEFAULTS.get(k, "") for k in FIELDS))

    def _doc(self, doc_id: str, request: gr.Request):
        if not doc_id:
            raise gr.Error("Pick a document first.")
        return self.ui.viewer(request)

    @friendly
    def download(self, doc_id: str, request: gr.Request):
        path = self.svc.original(self._doc(doc_id, request), doc_id)
        return "", gr.update(value=self.ui.hand_out(self.original_file, path, request),
                             visible=True)

    @friendly
    def reingest(self, doc_id: str, request: gr.Request):
        return (ingest_summary(self.svc.reingest(self._doc(doc_id, request), doc_id)),
                gr.update(value=None, visible=False))

    @friendly
    def delete(self, doc_id: str, request: gr.Request):
        return (self.svc.delete(self._doc(doc_id, request), doc_id),
                gr.update(value=None, visible=False))

    @friendly
    def details(self, doc_id: str, request: gr.Request):
        """The chosen document's details, into the edit form (team only)."""
        viewer = self._doc(doc_id, request) if doc_id else None
        record = self.svc.documents(viewer).get(doc_id) if viewer and viewer.is_team else None
        if record is None:
            return [gr.skip()] * len(FIELDS)
        now = current_details(record)
        return [now[k] for k in FIELDS]

    @friendly
    def ask_delete(self, doc_id: str, request: gr.Request):
        """First step of a delete: say what will go, and wait for Yes."""
        viewer = self._doc(doc_id, request)
        record = self.svc.documents(viewer).get(doc_id)
        title = record.title if record else doc_id
        text = (f"Delete “{title}”? It will no longer be searched or quoted. A file uploaded in "
                "the app is deleted too; a file from the corpus folder stays on disk.")
        return {"action": "delete", "doc_id": doc_id}, *self._confirm(text)

    @friendly
    def ask_edit(self, doc_id, title, doc_type, employer, union, from_party, to_party, date,
                 status, visibility, request: gr.Request):
        """First step of an edit: list each change (old → new), and wait for Yes."""
        viewer = self._doc(doc_id, request)
        wanted = _details(title, doc_type, employer, union, from_party, to_party, date, status,
                          visibility)
        changes = self.svc.details_changes(viewer, doc_id, wanted)
        if not changes:
            return None, gr.update(visible=False), "", "Nothing to change: the details are the same."
        title = self.svc.documents(viewer)[doc_id].title or doc_id
        return {"action": "edit", "doc_id": doc_id, "wanted": wanted}, *self._confirm(
            describe_changes(title, changes))

    @staticmethod
    def _confirm(text: str) -> tuple:
        from .panels import md_text

        return gr.update(visible=True), md_text(text).replace("\n", "  \n"), ""

    @friendly
    def confirm(self, pending: dict | None, request: gr.Request):
        """Second step: do what the person said Yes to."""
        hidden = gr.update(visible=False)
        if not pending:
            return None, hidden, NOTHING_DONE, gr.skip()
        viewer = self.ui.viewer(request)
        if pending["action"] == "delete":
            message = self.svc.delete(viewer, pending["doc_id"])
        else:
            report = self.svc.edit_details(viewer, pending["doc_id"], pending["wanted"])
            message = "Details saved.\n\n" + ingest_summary(report) if report else NOTHING_DONE
        return None, hidden, message, gr.update(value=None, visible=False)

    @staticmethod
    def cancel():
        return None, gr.update(visible=False), NOTHING_DONE

    def build(self, pickers: list) -> tuple:
        """The tab's blocks; returns (refresh outputs, team-only blocks)."""
        table = gr.Dataframe(headers=DOC_COLUMNS, interactive=False, elem_id="lib-table",
                             wrap=True, column_widths=COLUMN_WIDTHS)
        with gr.Row():
            pick = gr.Dropdown([], label="Document", scale=3, elem_id="lib-pick")
            download = gr.Button("Download original", scale=1)
            reingest = gr.Button("Re-ingest", scale=1, visible=False)
            delete = gr.Button("Delete", variant="stop", scale=1, visible=False, elem_id="lib-delete")
        with gr.Group(visible=False, elem_id="lib-confirm") as confirm_box:
            question = gr.Markdown(elem_id="lib-confirm-text")
            with gr.Row():
                yes = gr.Button("Yes, do it", variant="stop", elem_id="lib-confirm-yes")
                no = gr.Button("Cancel", elem_id="lib-confirm-no")
        status_md = gr.Markdown(elem_id="lib-status")
        original = self.original_file = gr.File(label="Original file", visible=False,
                                                elem_id="lib-original")
        with gr.Accordion("Edit the chosen document's details", open=False, visible=False,
                          elem_id="lib-edit") as edit_box:
            edit_form = _details_form("edit")
            review = gr.Button("Review changes", elem_id="edit-review")
        with gr.Group(visible=False) as add_group:
            gr.Markdown("### Add documents (PDF, DOCX, TXT, MD, HTML)")
            files = gr.File(file_count="multiple", file_types=UPLOAD_TYPES, elem_id="lib-files",
                            label="Files to add")
            form = _details_form("lib")
            add = gr.Button("Upload and ingest", variant="primary", elem_id="lib-upload")
        pending = gr.State(None)
        outputs = [table, *pickers, pick]
        private = {"api_visibility": "private"}

        def then_refresh(event):
            event.then(self.refresh, None, outputs, **private)

        then_refresh(add.click(self.upload, [files, *form], [status_md, files, *form],
                               **private))
        for button, fn in ((download, self.download), (reingest, self.reingest)):
            then_refresh(button.click(fn, [pick], [status_md, original], **private))
        delete.click(self.ask_delete, [pick], [pending, confirm_box, question,
                                                         status_md], **private)
        review.click(self.ask_edit, [pick, *edit_form],
                     [pending, confirm_box, question, status_md], **private)
        then_refresh(yes.click(self.confirm, [pending],
                               [pending, confirm_box, status_md, original], **private))
        no.click(self.cancel, None, [pending, confirm_box, status_md], **private)
        pick.change(self.details, [pick], edit_form, **private)
        pick.change(lambda: (None, gr.update(visible=False)), None, [pending, confirm_box],
                    **private)
        return outputs, (add_group, reingest, delete, edit_box)

"""Errors Steward shows to people. Anything else that escapes is a bug and surfaces as one."""

from __future__ import annotations


class StewardError(Exception):
    """An error with a message written for a union member, naming the file or value at fault."""


class ConfigError(StewardError):
    """A setting has a value Steward cannot use."""


class NotFoundError(StewardError):
    """What was asked for is not in the documents."""


class StoreError(StewardError):
    """The document store cannot be read or written."""


# Reasons a single file can fail to ingest; the rest of the run carries on.
FAILURE_REASONS = {
    "corrupt": "the file is damaged or is not really a {kind} file",
    "encrypted": "the file is password-protected; save an unprotected copy and add that",
    "empty": "the file has no text in it",
    "not_text": "the file holds no readable text (a scanned image or binary data?)",
    "too_large": "the file is larger than the {limit} MB limit (STEWARD_MAX_FILE_MB)",
    "unsupported": "Steward cannot read {kind} files (use PDF, DOCX, TXT, MD or HTML)",
    "unreadable": "the file could not be opened",
}


class IngestError(StewardError):
    """One file could not be ingested, with a reason from FAILURE_REASONS."""

    def __init__(self, path: str, reason: str, detail: str = "", **fmt: object) -> None:
        self.path = str(path)
        self.reason = reason
        self.detail = detail
        template = FAILURE_REASONS.get(reason, reason)
        try:
            text = template.format(**fmt)
        except (KeyError, IndexError):
            text = template
        self.explanation = text
        super().__init__(f"{self.path}: {self.why}")

    @property
    def why(self) -> str:
        """The reason in plain words, with the detail if there is one (no file name)."""
        return f"{self.explanation} ({self.detail})" if self.detail else self.explanation

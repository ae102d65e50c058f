"""What every Gradio handler shares: Steward's errors shown as plain messages."""

from __future__ import annotations

import functools
import inspect

import gradio as gr

from store.errors import StewardError


def friendly(fn):
    """Steward's errors become a plain message in the UI (gr.Error); anything else is a bug."""
    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def gen(*args, **kwargs):
            try:
                yield from fn(*args, **kwargs)
            except StewardError as exc:
                raise gr.Error(str(exc)) from None
        return gen

    @functools.wraps(fn)
    def call(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except StewardError as exc:
            raise gr.Error(str(exc)) from None
    return call

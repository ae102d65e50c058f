"""Shared fixtures: offline settings, a hash embedder and an in-memory Chroma per test."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus"
PROPOSAL = SEEDS / "004_d6a0d3bf041202d8.txt"
OREGON = ROOT.parent / "shared" / "corpora" / "oregon-cba"


@pytest.fixture
def settings(tmp_path):
    from ingest.settings import Settings

    return Settings(data_dir=tmp_path / "data", corpus_dir=SEEDS, embedder="hash",
                    _env_file=None)


@pytest.fixture
def embedder():
    from ingest.embed import HashEmbedder

    return HashEmbedder()


@pytest.fixture
def store():
    """A fresh in-memory store (own namespace, so tests never see each other's rows)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from ingest.store import ChromaStore

    client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
    return ChromaStore(client, "t" + uuid.uuid4().hex[:12])

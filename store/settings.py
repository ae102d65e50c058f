"""The one Settings object (env prefix STEWARD_), loaded once at the entry point and passed down."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .errors import ConfigError


class Settings(BaseSettings):
    """Everything a deployment can change. Every field reads STEWARD_<NAME> from the environment."""

    model_config = SettingsConfigDict(
        env_prefix="STEWARD_", env_file=".env", extra="ignore", validate_default=True
    )

    data_dir: Path = Field(Path(".steward"), description="Where the store and indexes live.")
    corpus_dir: Path = Field(Path("corpus"), description="Documents ingested by default.")

    embedder: str = Field("sentence-transformers", description="Embedder backend key.")
    embed_model: str = Field(
        "", description="Local path or hub name; empty = bundled all-MiniLM-L6-v2."
    )
    embed_batch_size: int = Field(16, ge=1, le=4096, description=(
        "Texts per model call; small batches of like length pad least (fastest on CPU)."))
    embed_device: str = Field("cpu")

    chat_backend: str = Field("embedded", description="embedded | openai | ollama")
    chat_model: str = Field("", description="GGUF path or server model name; empty = default.")
    openai_base_url: str = Field("", description="OpenAI-compatible server URL.")
    openai_api_key: str = Field("", description="API key for that server (may be empty).")
    chat_timeout_s: float = Field(60.0, gt=0, description="Give up on the model after this long.")
    answer_max_tokens: int = Field(160, ge=16, le=4096)

    store: str = Field("chroma", description="chroma (a local folder or a server) | memory")
    chroma_url: str = Field("", description="http://host:port of a Chroma server; empty = local.")

    dense_weight: float = Field(1.0, ge=0, description="RRF weight of vector search.")
    bm25_weight: float = Field(1.0, ge=0, description="RRF weight of BM25 search.")
    reranker: str = Field("none", description="none | cross-encoder")
    reranker_model: str = Field("", description="Local cross-encoder folder for the reranker.")

    chunk_max_chars: int = Field(1000, ge=200, le=20000)
    chunk_overlap_chars: int = Field(150, ge=0, le=5000)
    max_file_mb: float = Field(100.0, gt=0)

    @field_validator("chunk_overlap_chars")
    @classmethod
    def _overlap_below_max(cls, v: int, info) -> int:
        limit = info.data.get("chunk_max_chars", 1000)
        if v >= limit:
            raise ValueError(f"must be smaller than STEWARD_CHUNK_MAX_CHARS ({limit})")
        return v

    @property
    def store_dir(self) -> Path:
        return self.data_dir / "chroma"


def load_settings(**overrides: object) -> Settings:
    """Read Settings from the environment, turning validation errors into a ConfigError."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            name = "STEWARD_" + "_".join(str(p) for p in err["loc"]).upper()
            problems.append(f"{name}: {err['msg']}")
        raise ConfigError("Invalid setting. " + "; ".join(problems)) from None

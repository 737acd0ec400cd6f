"""Every user-facing string, Danish first with an English twin."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "refusal": {
        "da": "Det fremgår ikke af aftalerne.",
        "en": "The agreements do not say.",
    },
    "refusal_closest": {
        "da": "De nærmeste passager, som måske er relevante:",
        "en": "The closest passages, which may be relevant:",
    },
    "lead_in": {
        "da": "",
        "en": "The agreements say (quoted in Danish):",
    },
    "empty_question": {
        "da": "Skriv et spørgsmål.",
        "en": "Please write a question.",
    },
    "long_question": {
        "da": "Spørgsmålet er for langt ({n} tegn; højst {max}). Skriv det kortere.",
        "en": "The question is too long ({n} characters; at most {max}). Please shorten it.",
    },
    "no_words": {
        "da": "Spørgsmålet indeholder ingen ord at søge på.",
        "en": "The question contains no words to search for.",
    },
    "unknown_filter": {
        "da": "Ukendt værdi {value!r} for {field}. Gyldige værdier: {valid}.",
        "en": "Unknown value {value!r} for {field}. Valid values: {valid}.",
    },
    "sources": {"da": "Kilder", "en": "Sources"},
    "page": {"da": "side", "en": "page"},
    "lines": {"da": "linje", "en": "lines"},
}


def msg(key: str, lang: str = "da", **kwargs: object) -> str:
    text = MESSAGES[key].get(lang) or MESSAGES[key]["da"]
    return text.format(**kwargs) if kwargs else text

"""The words of a refusal and of a region notice: why the agreements give no answer, or not from where asked."""

from __future__ import annotations

from foundation.messages import msg


def _regions(lang: str, names: tuple[str, ...]) -> str:
    """Region names joined as the answer's language lists them: "Nordjylland og Hovedstaden"."""
    return (" og " if lang == "da" else " and ").join(names)


def region_notice(lang: str, missing: tuple[str, ...], other: str | None) -> str | None:
    """The notice, led by the regions the question names that the answer cannot be from."""
    if not missing:
        return other
    said = msg("region_missing", lang, regions=_regions(lang, missing))
    return f"{said} {other}" if other else said


def refusal(lang: str, absent: tuple[str, ...], unstated: str = "") -> str:
    """The refusal, naming the regions the question asks about that the index has no document of, or
    what is asked that the closest passages do not state (``unstated``: ``missing_asked``'s answer)."""
    if absent:
        return msg("region_absent", lang, regions=_regions(lang, absent))
    return msg(f"unstated_{unstated}", lang) if unstated else msg("refusal", lang)

"""Safe text for the page: the Danish/English strings, HTML and markdown escaping, and the page's CSS.

Every piece of user or document text goes through ``esc`` before it is
wrapped in markup and rendered with ``st.html`` (never as markdown), and
through ``md_escape`` where Streamlit renders markdown (``st.error``,
labels), so a question or a document containing ``<script>`` or markdown is
shown as plain text.
"""

from __future__ import annotations

import html
import re

from foundation.messages import msg

CSS = """
<style>
.aft-answer{font-size:1.02rem;line-height:1.6;white-space:pre-wrap;margin:0 0 .2rem 0}
.aft-user{white-space:pre-wrap;overflow-wrap:anywhere}
.aft-cite{font-size:.72em;vertical-align:super;background:#e0e7ff;color:#1e3a8a;border-radius:4px;padding:0 .32em;font-weight:700;margin-left:.1em}
.aft-refusal{background:#fff7e6;border-left:4px solid #d97706;padding:.55rem .8rem;border-radius:4px;font-weight:600;color:#78350f}
.aft-heading{font-weight:700;font-size:.95rem;margin:.6rem 0 .1rem 0;color:#1f2937}
.aft-card-head{font-weight:700;color:#111827;line-height:1.35}
.aft-n{display:inline-block;min-width:1.45em;text-align:center;background:#1e40af;color:#fff;border-radius:999px;margin-right:.45em;font-size:.8em;padding:.05em .2em}
.aft-sec{color:#374151;font-size:.88rem;margin-top:.15rem;line-height:1.35}
.aft-loc{color:#6b7280;font-size:.8rem;margin-top:.1rem}
.aft-passage{margin-top:.45rem;font-size:.92rem;line-height:1.55;white-space:pre-wrap;color:#1f2937;border-left:3px solid #cbd5e1;padding-left:.65rem;overflow-wrap:anywhere}
mark.aft-q{background:#fde68a;color:inherit;padding:0 .08em;border-radius:2px}
.aft-doc{max-height:460px;overflow-y:auto;position:relative;white-space:pre-wrap;font-size:.9rem;line-height:1.6;border:1px solid #e5e7eb;border-radius:6px;padding:.7rem .9rem;background:#fcfcfd;color:#1f2937;overflow-wrap:anywhere}
.aft-hit{background:#eef2ff}
.aft-filters{color:#4b5563;font-size:.82rem;margin-top:.3rem}
.aft-facts{color:#4b5563;font-size:.85rem;line-height:1.5}
.aft-notice{background:#eff6ff;border-left:4px solid #2563eb;padding:.45rem .75rem;border-radius:4px;color:#1e3a8a;font-size:.92rem;margin:.4rem 0 .1rem 0}
.aft-badge{display:inline-block;font-size:.74rem;font-weight:600;border-radius:999px;padding:.05em .6em;margin-left:.45em;vertical-align:middle;background:#f3f4f6;color:#374151;border:1px solid #d1d5db}
.aft-badge.aft-in-force{background:#ecfdf5;color:#065f46;border-color:#6ee7b7}
.aft-badge.aft-not-in-force{background:#fff7ed;color:#9a3412;border-color:#fdba74}
</style>
"""


def t(key: str, lang: str, **kwargs: object) -> str:
    """A user-facing string from ``foundation.messages`` in ``lang``."""
    return msg(key, lang, **kwargs)


def esc(text: object) -> str:
    """Escape text for HTML (quotes too); never returns markup from the input."""
    return html.escape("" if text is None else str(text), quote=True)


def md_escape(text: str) -> str:
    """Escape text shown through a markdown element (``st.error``, labels)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:])", r"\\\1", text)

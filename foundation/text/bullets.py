"""The marks that open a list item: one set for every reader of text.

Bullets as fonts draw them, the dash and the star plain text types for one, and, in a PDF, a symbol
font's private-use bullets (Symbol, Wingdings: U+F0B7 and its neighbours) as pdfium reads them; ingest
writes those as "•" in the text it stores (``ingest.chars``), so text after ingest never holds them.
"""

from __future__ import annotations

BULLET_GLYPHS = "•▪◦●○■□►▸‣∙➢✓✔·"
"""Drawn bullets."""
TYPED_BULLETS = "–*-"
"""A dash or a star typed as a bullet ("-" last, so a regex class needs no escape)."""
PRIVATE_USE_BULLETS = "\uf000-\uf0ff"
"""A symbol font's bullets as a PDF reader sees them (a regex class range)."""

BULLET = f"[{BULLET_GLYPHS}{TYPED_BULLETS}]"
"""A regex class: one bullet of text."""
BULLET_IN_PDF = f"[{BULLET_GLYPHS}{PRIVATE_USE_BULLETS}{TYPED_BULLETS}]"
"""A regex class: one bullet as a PDF's glyphs give it."""
LETTER_ITEM = r"[a-z]\)"
"""A regex: a lettered list item's mark ("a)", "b)"), which opens an item, not a word."""

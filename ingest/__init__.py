"""Ingest: load → clean → split → embed → index. Wired in ``index.build``."""

READER_VERSION = "6"
"""How a PDF page is read into lines (``pdf_glyphs``, ``pdf_layout``); a change re-reads every document."""
CLEANER_VERSION = "5"
SPLITTER_VERSION = "8"

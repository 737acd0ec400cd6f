"""Ingest: load → clean → split → embed → index. Wired in ``index.build``."""

READER_VERSION = "14"
"""How a document is read: a PDF page into lines (``pdf_glyphs``, ``pdf_layout``), and its facts (``facts``); a change re-reads every document."""
CLEANER_VERSION = "6"
SPLITTER_VERSION = "8"

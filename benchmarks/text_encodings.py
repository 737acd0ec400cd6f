"""Encoding guessing: our ``decode_text`` vs charset-normalizer, on re-encoded corpus files and the load tests' cases.

Correct means: the exact text back (newlines normalised as ours does), or a refusal where the
bytes are not text in an encoding we can tell. Run: ``PYTHONPATH=. python benchmarks/text_encodings.py``.
"""

from __future__ import annotations

import codecs
import time
from pathlib import Path

from foundation.errors import UnreadableDocument
from ingest.load import decode_text

ROOT = Path(__file__).resolve().parents[1]
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1")
# The cases tests/ingest/test_load.py pins (expected text, or None for "must refuse").
DANISH = "Sundhedsaftalen sikrer sammenhæng på tværs af sektorer: genoptræning, forløb og rådgivning i Århus og Ærø."
CP1252 = "Kommunerne i Region Hovedstaden – fælles mål for ældre, børn og unge: “nærhed” før sygehus. Ø-kommunerne: Ærø, Læsø."
LATIN1 = "Sundhedsaftalen for perioden 2015-2018 gælder for Region Midtjylland og de 19 kommuner."
CP850 = "Sundhedsvæsenet skal være nært, så borgerne får hjælp tæt på hjemmet i både Århus og Ærø."


def decode_text_charset_normalizer(data: bytes, file: str) -> str:
    """charset-normalizer's best guess, with our newline, NUL and BOM clean-up and our refusal."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnreadableDocument(file, "kan ikke bestemme tegnkodningen", "cannot determine the text encoding")
    text = str(best).lstrip("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def _encodable(text: str, enc: str) -> str:
    return text.encode(enc, errors="replace").decode(enc).lstrip("\ufeff")


def cases() -> list[tuple[str, bytes, str | None]]:
    out: list[tuple[str, bytes, str | None]] = [
        ("test:utf-8", DANISH.encode("utf-8"), DANISH),
        ("test:utf-8-bom", DANISH.encode("utf-8-sig"), DANISH),
        ("test:utf-16-bom", DANISH.encode("utf-16"), DANISH),
        ("test:utf-16-be-bom", codecs.BOM_UTF16_BE + DANISH.encode("utf-16-be"), DANISH),
        ("test:utf-32-bom", DANISH.encode("utf-32"), DANISH),
        ("test:utf-16-le-no-bom", DANISH.encode("utf-16-le"), DANISH),
        ("test:cp1252", CP1252.encode("cp1252"), CP1252),
        ("test:latin-1", LATIN1.encode("latin-1"), LATIN1),
        ("test:crlf", "Linje ét\r\nLinje to\rLinje tre\r\n".encode(), "Linje ét\nLinje to\nLinje tre\n"),
        ("test:binary", bytes((i * 131 + 7) % 256 for i in range(2048)), None),
        ("test:cp850-mojibake", CP850.encode("cp850"), None),
        ("test:garbage", b"\x00\x01\x02\x03\xfe\x90\x81", None),
    ]
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        full = path.read_text(encoding="utf-8")
        lines = [ln for ln in full.splitlines() if any(ch in ln for ch in "æøåÆØÅ")]
        start = full.index(lines[0]) if lines else 0
        pieces = {"whole": full, **{f"short{n}": full[start : start + n] for n in (30, 80, 200)}}
        for size, text in pieces.items():
            for enc in ENCODINGS:
                expected = _encodable(text, enc if enc != "utf-8-sig" else "utf-8")
                out.append((f"{path.stem[:24]}:{size}:{enc}", expected.encode(enc), expected))
    return out


def main() -> None:
    items = cases()
    for label, fn in (("ours", decode_text), ("charset-normalizer", decode_text_charset_normalizer)):
        t = time.perf_counter()
        wrong = []
        for name, data, expected in items:
            try:
                got: str | None = fn(data, "x.txt")
            except UnreadableDocument:
                got = None
            if got != expected:
                wrong.append((name, got if got is None else got[:50]))
        secs = time.perf_counter() - t
        print(f"{label:18s} cases={len(items)} correct={len(items) - len(wrong)} wrong={len(wrong)} time={secs:.2f}s")
        for name, got in wrong:
            print(f"    {name}: {got!r}")


if __name__ == "__main__":
    main()

"""The image-only rendering of the layout test set: a PDF as a scanner makes it.

Every page of a text PDF rasterised at 300 dpi, turned by a fraction of a degree (alternating
direction), with Gaussian noise, saved as JPEG and embedded as the page's only content: no
text layer, so only OCR can read it. Deterministic (fixed seed and dates).
"""

from __future__ import annotations

import io

from fpdf import FPDF

from evals.layouts.page import _EPOCH, PAGE_H, PAGE_W


def scan(pdf_bytes: bytes, *, dpi: int = 300, seed: int = 16) -> bytes:
    """Rasterise every page, add mild noise and a small rotation, embed as images only."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    rng = np.random.default_rng(seed)
    doc = pdfium.PdfDocument(pdf_bytes)
    out = FPDF(format="A4", unit="mm")
    out.set_creation_date(_EPOCH)
    try:
        for i in range(len(doc)):
            image = doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            angle = (0.35 if i % 2 == 0 else -0.25)
            image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
            arr = np.asarray(image, dtype=np.float32) + rng.normal(0.0, 14.0, (image.height, image.width))
            noisy = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), mode="L")
            buf = io.BytesIO()
            noisy.save(buf, format="JPEG", quality=75)
            out.add_page()
            out.image(buf, x=0, y=0, w=PAGE_W, h=PAGE_H)
    finally:
        doc.close()
    return bytes(out.output())

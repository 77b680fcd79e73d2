"""Paper the demo's filings carry: the scan of a signed and sealed page, made as a small PDF by
Pillow (a grey page of text with the unit's red seal), never a copy of a real document."""

import io

from PIL import Image, ImageDraw

from demo.seal import cjk_font, seal_png

PAGE = (794, 1123)  # A4 at 96 dpi


def scan_pdf(title: str, lines: list[str], *, sealed_by: str, dated: str) -> bytes:
    page = Image.new("RGB", PAGE, (246, 245, 241))
    draw = ImageDraw.Draw(page)
    title_font, text_font = cjk_font(34), cjk_font(22)
    if title_font is not None:
        draw.text((PAGE[0] / 2, 110), title, font=title_font, fill=(30, 30, 30), anchor="mm")
        y = 200
        for line in lines:
            for start in range(0, len(line), 28):  # 28 characters a printed line
                draw.text((90, y), line[start:start + 28], font=text_font, fill=(45, 45, 45))
                y += 40
            y += 12
        draw.text((PAGE[0] - 90, 960), sealed_by, font=text_font, fill=(30, 30, 30), anchor="rm")
        draw.text((PAGE[0] - 90, 1000), dated, font=text_font, fill=(30, 30, 30), anchor="rm")
    seal = Image.open(io.BytesIO(seal_png(sealed_by))).resize((210, 210))
    page.paste(seal, (PAGE[0] - 300, 860), seal)
    out = io.BytesIO()
    page.save(out, format="PDF", resolution=96)
    return out.getvalue()

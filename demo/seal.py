"""A believable red round e-seal, drawn at load time: a ring, the body's name along the top arc,
a five-pointed star in the middle, a little uneven ink. No picture of a real seal is copied."""

import functools
import glob
import io
import math
import random

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

SIZE = 600
RED = (204, 24, 30)
FONT_GLOBS = ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", "/usr/share/fonts/**/*CJK*Bold*.tt[cf]",
              "/usr/share/fonts/**/*CJK*.tt[cf]")


@functools.cache
def _cjk_face() -> tuple[str, int] | None:
    """(file, index) of the simplified-Chinese face of a CJK font (fonts-noto-cjk, which the
    portal's PDF needs too), or None where there is none."""
    for pattern in FONT_GLOBS:
        for path in sorted(glob.glob(pattern, recursive=True)):
            for index in range(8):
                try:
                    font = ImageFont.truetype(path, 10, index=index)
                except OSError:
                    break
                if "SC" in font.getname()[0]:
                    return path, index
    return None


def cjk_font(size: int) -> ImageFont.FreeTypeFont | None:
    face = _cjk_face()
    return ImageFont.truetype(face[0], size, index=face[1]) if face else None


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, radius: float) -> None:
    points = []
    for k in range(10):
        r = radius if k % 2 == 0 else radius * 0.382
        angle = math.radians(-90 + k * 36)
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    draw.polygon(points, fill=RED + (255,))


def _arc_text(image: Image.Image, text: str, font, radius: float, span: float) -> None:
    """``text`` along the top of a circle, each character upright towards the rim, left to right."""
    centre = SIZE / 2
    step = span / max(len(text) - 1, 1)
    for i, char in enumerate(text):
        angle = -span / 2 + i * step  # degrees from the top, clockwise
        glyph = Image.new("RGBA", (font.size * 2, font.size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((font.size, font.size), char, font=font, fill=RED + (255,), anchor="mm")
        glyph = glyph.rotate(-angle, resample=Image.Resampling.BICUBIC)
        x = centre + radius * math.sin(math.radians(angle)) - glyph.width / 2
        y = centre - radius * math.cos(math.radians(angle)) - glyph.height / 2
        image.alpha_composite(glyph, (round(x), round(y)))


@functools.cache
def seal_png(name: str, *, seed: int = 7) -> bytes:
    """The seal of ``name`` (e.g. 资阳市雁江区红十字会) as a PNG with a transparent background."""
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((14, 14, SIZE - 14, SIZE - 14), outline=RED + (255,), width=18)
    _star(draw, SIZE / 2, SIZE / 2, 92)
    font = cjk_font(74)
    if font is not None:
        _arc_text(image, name, font, radius=SIZE / 2 - 92, span=min(250, 24 * len(name)))
    # uneven ink: a seal pressed by hand never prints every speck
    speckles = Image.frombytes("L", image.size, random.Random(seed).randbytes(SIZE * SIZE))
    speckles = speckles.point(lambda v: 90 if v < 6 else 255)
    image.putalpha(ImageChops.multiply(image.getchannel("A"), speckles).filter(ImageFilter.GaussianBlur(0.6)))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()

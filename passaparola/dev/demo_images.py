"""Demo photos for the demo site: abstract, photo-like JPEGs that carry camera metadata.

Run ``python -m passaparola.dev.demo_images`` (or ``invoke demo-images``) to write them into
``content/images/tips/``. The output is deterministic (fixed seeds), so running it again gives
the same pictures. Each file deliberately carries what a phone puts in a real photo — EXIF with
GPS coordinates, a camera serial number, an XMP packet and a JPEG comment — so that the tests can
prove the images plugin publishes none of it. ``ricci.jpg`` is stored sideways with an EXIF
orientation tag, as phones do, to prove the orientation is applied before resizing.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageOps

TARGET = Path(__file__).resolve().parents[2] / "content" / "images" / "tips"

# Via del Pratello, Bologna: the kind of location a phone writes into every photo.
GPS = {1: "N", 2: (44.0, 29.0, 45.6), 3: "E", 4: (11.0, 19.0, 56.0)}
XMP = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
       b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
       b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
       b'xmlns:xmp="http://ns.adobe.com/xap/1.0/" exif:GPSLatitude="44,29.76N" '
       b'exif:GPSLongitude="11,19.93E" xmp:CreatorTool="Demo phone"/>'
       b'</rdf:RDF></x:xmpmeta><?xpacket end="w"?>')


@dataclass(frozen=True)
class DemoPhoto:
    """One demo picture: its name, size and palette (dark, light, strands)."""

    name: str
    size: tuple[int, int]
    dark: str
    light: str
    strands: tuple[str, ...]
    seed: int
    sideways: bool = False


PHOTOS = (
    DemoPhoto("colore-ramato.jpg", (2000, 1333), "#3b1410", "#e8a06a",
              ("#b5482a", "#d9773f", "#f2b27a", "#7a2416"), seed=11),
    DemoPhoto("ricci.jpg", (1200, 1600), "#22140f", "#c89a74",
              ("#5a3626", "#8a5a3c", "#d7b08c", "#3a2218"), seed=23, sideways=True),
    DemoPhoto("sole-e-mare.jpg", (1800, 1200), "#1e4e6b", "#ffd59a",
              ("#f7b267", "#f4845f", "#fbe3b8", "#2f7f9f"), seed=37),
    DemoPhoto("inverno.jpg", (1200, 800), "#2c3e57", "#e9eef5",
              ("#c9d6e6", "#ffffff", "#8aa2c0", "#5c6f8a"), seed=41),
    DemoPhoto("piega-morbida.jpg", (1600, 1067), "#2a1a22", "#f0cdb8",
              ("#8c2f57", "#d9a441", "#f6dccb", "#5b1f3a"), seed=53),
)


def _background(photo: DemoPhoto) -> Image.Image:
    """A soft diagonal gradient from the dark to the light colour of the palette."""
    vertical = Image.linear_gradient("L")
    gradient = Image.blend(vertical, vertical.transpose(Image.Transpose.ROTATE_90), 0.45)
    gradient = gradient.resize(photo.size, Image.Resampling.BICUBIC)
    return ImageOps.colorize(gradient, black=photo.dark, white=photo.light, mid=photo.strands[0])


def _glow(photo: DemoPhoto, rng: random.Random) -> Image.Image:
    """Blurred light spots, like out-of-focus lights behind the subject."""
    layer = Image.new("RGBA", photo.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    width, height = photo.size
    for _ in range(14):
        radius = rng.randint(width // 30, width // 9)
        x, y = rng.randint(0, width), rng.randint(0, height)
        color = ImageOps.colorize(Image.new("L", (1, 1), 255), black="black",
                                  white=rng.choice(photo.strands)).getpixel((0, 0))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(*color, 70))
    return layer.filter(ImageFilter.GaussianBlur(width / 40))


def _strands(photo: DemoPhoto, rng: random.Random) -> Image.Image:
    """Flowing curves in the palette's colours, evoking a lock of hair."""
    layer = Image.new("RGBA", photo.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    width, height = photo.size
    curl = 3.5 if photo.name == "ricci.jpg" else 1.2
    for index in range(70):
        color = ImageOps.colorize(Image.new("L", (1, 1), 255), black="black",
                                  white=photo.strands[index % len(photo.strands)]).getpixel((0, 0))
        start_x = rng.uniform(-0.2, 1.0) * width
        amplitude = rng.uniform(0.03, 0.09) * height * curl
        phase = rng.uniform(0, math.tau)
        slope = rng.uniform(0.25, 0.6)
        points = []
        for step in range(60):
            t = step / 59
            x = start_x + t * width * 0.9
            y = height * (0.15 + slope * t) + amplitude * math.sin(phase + t * math.tau * curl)
            points.append((x, y + rng.uniform(-1.5, 1.5)))
        draw.line(points, fill=(*color, rng.randint(60, 150)), width=rng.randint(4, 16), joint="curve")
    return layer.filter(ImageFilter.GaussianBlur(2.4))


def render(photo: DemoPhoto) -> Image.Image:
    """The picture of one demo photo, upright."""
    rng = random.Random(photo.seed)
    image = _background(photo).convert("RGBA")
    image.alpha_composite(_glow(photo, rng))
    image.alpha_composite(_strands(photo, rng))
    image = image.convert("RGB")
    grain = Image.effect_noise(photo.size, 10).convert("RGB")
    return Image.blend(image, grain, 0.04)


def camera_exif(orientation: int) -> Image.Exif:
    """EXIF as a phone writes it: make, model, serial number, date and GPS position."""
    exif = Image.Exif()
    exif[0x010F] = "Demofon"          # Make
    exif[0x0110] = "Demofon 12 Pro"   # Model
    exif[0x0112] = orientation        # Orientation
    exif[0x0131] = "Demofon Camera 4.2"
    exif.get_ifd(0x8769).update({0x9003: "2026:06:12 10:41:07", 0xA431: "SN-0042-7781-PRATELLO"})
    exif.get_ifd(0x8825).update(GPS)
    return exif


def write_demo_photos(target: Path = TARGET) -> list[Path]:
    """Write every demo photo into ``target``; returns the files written."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for photo in PHOTOS:
        image = render(photo)
        orientation = 1
        if photo.sideways:
            # Orientation 6: the viewer must turn the stored pixels 90° clockwise.
            image = image.transpose(Image.Transpose.ROTATE_90)
            orientation = 6
        path = target / photo.name
        image.save(path, "JPEG", quality=86, exif=camera_exif(orientation), xmp=XMP,
                   comment=b"Scattata in salone, Via del Pratello")
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_demo_photos():
        print(written_path)

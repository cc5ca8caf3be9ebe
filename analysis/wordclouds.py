"""Word clouds of open answers per group, drawn with a font that has ä, ö and å."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

import matplotlib
import numpy as np
from PIL import Image
from wordcloud import WordCloud

# DejaVu Sans ships with matplotlib, so the Nordic letters render on any machine
# without a system font (wordcloud's own bundled font lacks nothing here, but its
# look differs from the charts).
FONT_PATH = str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf")


def word_cloud(
    frequencies: Mapping[str, float],
    *,
    width: int = 800,
    height: int = 450,
    colormap: str = "viridis",
    random_state: int = 0,
    max_words: int = 80,
) -> Image.Image | None:
    """A word cloud image from term -> (weighted) frequency, or None when there are no terms.

    Frequencies are used as given, so survey weights flow into the word sizes.
    """
    positive = {str(t): float(f) for t, f in frequencies.items() if f and f > 0}
    if not positive:
        return None
    cloud = WordCloud(
        width=width,
        height=height,
        font_path=FONT_PATH,
        background_color="white",
        colormap=colormap,
        random_state=random_state,
        max_words=max_words,
        prefer_horizontal=0.95,
        collocations=False,
        relative_scaling=0.5,
        min_font_size=10,
    )
    cloud.generate_from_frequencies(positive)
    return cloud.to_image()


def png_bytes(image: Image.Image) -> bytes:
    """The cloud as an optimised PNG file's bytes (the encoding is the slow part of a
    cloud, so it is done once for every use)."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def as_array(image: Image.Image) -> np.ndarray:
    return np.asarray(image)

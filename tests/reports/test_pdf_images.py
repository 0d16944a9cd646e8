"""Pictures: scaled once to their printed size, huge ones refused without Pillow's warning."""

from __future__ import annotations

import dataclasses
import warnings

from pdf_samples import MIDI, logo, pages_text, settings_with_logos
from PIL import Image

from smartdesk.reports.pdf import AgendaOptions, agenda
from smartdesk.reports.pdf.images import MASTER_SIDE, load_picture


def test_a_large_picture_is_kept_at_most_a_page_wide_and_scaled_once_per_size(tmp_path):
    picture = load_picture(logo(tmp_path / "big.png", (8000, 6000)))
    assert (
        picture is not None and MASTER_SIDE / 2 <= max(picture.width, picture.height) <= MASTER_SIDE
    )
    assert picture.width / picture.height == 8000 / 6000
    first = picture.scaled(42 * 72 / 25.4, 16 * 72 / 25.4)
    assert first is picture.scaled(42 * 72 / 25.4, 16 * 72 / 25.4)  # cached for the run
    assert first.getSize() == (497, 189)  # 42 × 16 mm at 300 dpi
    small = load_picture(logo(tmp_path / "small.png", (120, 60)))
    assert small is not None and small.scaled(400, 200).getSize() == (120, 60)  # never enlarged


def test_a_95_megapixel_png_is_refused_without_a_decompression_bomb_warning(tmp_path, caplog):
    path = tmp_path / "poster.png"
    Image.new("1", (10_000, 9_500)).save(path)  # 95 megapixels, a small file
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert load_picture(path) is None
        settings = dataclasses.replace(settings_with_logos(tmp_path), logo_path=str(path))
        data = agenda(MIDI, [], settings, AgendaOptions("fr"))
    assert not [w for w in caught if issubclass(w.category, Image.DecompressionBombWarning)]
    assert "95000000" not in caplog.text and "10000×9500" in caplog.text
    assert "GAL Hesbaye" in pages_text(data)[0]  # printed without the logo


def test_a_95_megapixel_jpeg_is_decoded_at_a_reduced_size(tmp_path):
    path = tmp_path / "photo.jpg"
    Image.new("RGB", (10_000, 9_500), "#1f5f4a").save(path, quality=50)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        picture = load_picture(path)
    assert not caught
    assert picture is not None and max(picture.width, picture.height) <= MASTER_SIDE


def test_badges_with_an_8000_pixel_logo_embed_it_at_logo_size(tmp_path):
    from pdf_samples import people, read

    from smartdesk.reports.pdf import BadgeOptions, badges

    settings = dataclasses.replace(
        settings_with_logos(tmp_path), logo_path=logo(tmp_path / "huge.png", (8000, 6000))
    )
    data = badges(MIDI, people(16), settings, BadgeOptions(layout="2x4", lang="fr"))
    widths = [
        int(x.get_object()["/Width"])
        for page in read(data).pages
        for x in page["/Resources"].get("/XObject", {}).values()
        if x.get_object().get("/Subtype") == "/Image"
    ]
    assert widths and max(widths) <= 709  # 60 mm at 300 dpi
    assert len(data) < 300_000

"""Pages render to images (poppler's pdftoppm), and the sample script runs end to end."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest
from pdf_samples import MIDI, hostile_rows, settings_with_logos

from smartdesk.reports.pdf import SignInOptions, sign_in_sheet

PDFTOPPM = shutil.which("pdftoppm")
pytestmark = pytest.mark.skipif(
    PDFTOPPM is None, reason="poppler-utils (pdftoppm) is not installed"
)
ROOT = Path(__file__).resolve().parents[2]


def test_sign_in_sheet_renders_to_png(tmp_path):
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(
        sign_in_sheet(MIDI, hostile_rows(), settings_with_logos(tmp_path), SignInOptions(lang="fr"))
    )
    subprocess.run([PDFTOPPM, "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == 1
    assert pngs[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_render_script_builds_every_document(tmp_path):
    spec = importlib.util.spec_from_file_location(
        "render_pdfs", ROOT / "scripts" / "render_pdfs.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--out", str(tmp_path), "--dpi", "20"]) == 0
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert len(pdfs) >= 10
    for pdf in pdfs:
        assert list(tmp_path.glob(f"{pdf.stem}-*.png")), pdf.name

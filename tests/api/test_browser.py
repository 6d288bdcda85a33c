"""A real browser renders an event page: headless Chromium's DOM has the Arabic
right-to-left evidence block with the span highlighted."""

from __future__ import annotations

import shutil
import subprocess
import tempfile

import pytest

from tests.api.ckg_api_support import SEED_DOC

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs the Debian package)")
def test_event_page_in_headless_chromium(server):
    url = f"{server.url}/id/doc/{SEED_DOC}/event/hader-car-bomb"
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                f"--user-data-dir={profile}",
                "--dump-dom",
                url,
            ],
            capture_output=True,
            text=True,
            timeout=90,
            check=False,
        )
    dom = proc.stdout
    assert proc.returncode == 0, proc.stderr[-500:]
    assert '<blockquote lang="ar" dir="rtl">' in dom
    assert (
        "<mark>وتعرضت قرية حضر الدرزية في محافظة القنيطرة لتفجير انتحاري بسيارة أسفر عن سقوط تسعة قتلى</mark>"
        in dom
    )
    assert "suicide bombing — Hader" in dom

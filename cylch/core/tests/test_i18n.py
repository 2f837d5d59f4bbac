"""Welsh and English are equals: every string has a Welsh translation."""

from __future__ import annotations

import pathlib
import re
import shutil
import subprocess

from django.conf import settings

ROOT = pathlib.Path(settings.BASE_DIR)
# The project catalogue, and one per domain that keeps its own (cylch/<app>/locale/), so
# domains can be translated without touching each other's files.
CATALOGUES = sorted((ROOT / "cylch").glob("**/locale/cy/LC_MESSAGES/django.po"))


def _msgids(po_text: str) -> set[str]:
    entries = set()
    for block in po_text.split("\n\n"):
        if "#~" in block:
            continue
        match = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if match:
            text = "".join(re.findall(r'"(.*)"', match.group(1)))
            if text:
                entries.add(text)
    return entries


def test_welsh_catalogues_have_no_untranslated_or_fuzzy_entries() -> None:
    assert CATALOGUES
    for catalogue in CATALOGUES:
        result = subprocess.run(  # noqa: S603
            ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalogue)],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, f"{catalogue}: {result.stderr}"
        stats = result.stderr
        assert "untranslated" not in stats, f"{catalogue}: {stats}"
        assert "fuzzy" not in stats, f"{catalogue}: {stats}"


def test_catalogue_holds_every_string_in_the_code(tmp_path: pathlib.Path) -> None:
    """Re-extract the strings into a copy and compare: none may be missing from the catalogue."""
    copy = tmp_path / "project"
    shutil.copytree(
        pathlib.Path(settings.BASE_DIR) / "cylch",
        copy / "cylch",
        ignore=shutil.ignore_patterns("__pycache__", "*.mo"),
    )
    shutil.copy(pathlib.Path(settings.BASE_DIR) / "manage.py", copy / "manage.py")
    result = subprocess.run(
        ["xgettext", "--version"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    import sys

    run = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "makemessages", "-l", "cy", "--no-obsolete", "--ignore=tests"],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
        env={"DJANGO_SETTINGS_MODULE": "cylch.settings", "PATH": "/usr/bin:/bin", "DATABASE_URL": "sqlite:///:memory:"},
    )
    assert run.returncode == 0, run.stderr
    for fresh_file in sorted((copy / "cylch").glob("**/locale/cy/LC_MESSAGES/django.po")):
        committed_file = ROOT / fresh_file.relative_to(copy)
        assert committed_file.exists(), f"no Welsh catalogue committed at {committed_file.relative_to(ROOT)}"
        fresh = _msgids(fresh_file.read_text())
        committed = _msgids(committed_file.read_text())
        missing = sorted(fresh - committed)
        assert not missing, (
            f"strings not in {committed_file.relative_to(ROOT)} (run makemessages and translate): {missing[:20]}"
        )

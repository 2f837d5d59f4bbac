"""Welsh and English are equals: every string has a Welsh translation."""

from __future__ import annotations

import pathlib
import re
import shutil
import subprocess

from django.conf import settings

CATALOGUE = pathlib.Path(settings.BASE_DIR) / "cylch" / "locale" / "cy" / "LC_MESSAGES" / "django.po"


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


def test_welsh_catalogue_has_no_untranslated_or_fuzzy_entries() -> None:
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    stats = result.stderr
    assert "untranslated" not in stats, stats
    assert "fuzzy" not in stats, stats


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
    fresh = _msgids((copy / "cylch" / "locale" / "cy" / "LC_MESSAGES" / "django.po").read_text())
    committed = _msgids(CATALOGUE.read_text())
    missing = sorted(fresh - committed)
    assert not missing, f"strings not in the Welsh catalogue (run makemessages and translate): {missing[:20]}"

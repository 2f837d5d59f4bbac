"""The hooks later domains plug into: their own reference folders and synthetic data."""

from __future__ import annotations

import json
import pathlib
from types import SimpleNamespace

import pytest

from cylch.core import reference_data, synthetic
from cylch.core.models import PolicySetting, ReferenceCode


@pytest.fixture
def domain_reference(tmp_path: pathlib.Path) -> pathlib.Path:
    (tmp_path / "codes.json").write_text(json.dumps({"test_grades": [["low", "Low", "Isel"], ["high", "High", "Uchel"]]}))
    (tmp_path / "policy.json").write_text(json.dumps({"test_threshold": {"value": 3, "description": "A test figure."}}))
    return tmp_path


@pytest.mark.django_db
def test_a_domain_folder_loads_its_lists_and_figures_without_overwriting(domain_reference: pathlib.Path) -> None:
    result = reference_data.load_codes_into(ReferenceCode, PolicySetting, domain_reference)
    assert result == {"created": 3}
    PolicySetting.objects.filter(key="test_threshold").update(value=5)
    assert reference_data.load_codes_into(ReferenceCode, PolicySetting, domain_reference) == {"created": 0}
    assert reference_data.policy("test_threshold") == 5
    reference_data.codes_changed()
    assert reference_data.code_label("test_grades", "high") == "High"


@pytest.mark.django_db
def test_a_missing_folder_or_file_loads_nothing(tmp_path: pathlib.Path) -> None:
    assert reference_data.load_codes_into(ReferenceCode, PolicySetting, tmp_path) == {"created": 0}


def test_reference_folders_start_with_core_and_include_each_domain() -> None:
    folders = reference_data.reference_dirs()
    assert folders[0] == reference_data.REFERENCE_DIR
    assert any(folder.parent.name == "timescales" for folder in folders)


@pytest.mark.django_db
def test_policy_without_a_row_falls_back_to_the_shipped_file_or_refuses() -> None:
    PolicySetting.objects.filter(key="break_glass_hours").delete()
    shipped = json.loads((reference_data.REFERENCE_DIR / "policy.json").read_text())["break_glass_hours"]["value"]
    assert reference_data.policy("break_glass_hours") == shipped
    with pytest.raises(KeyError):
        reference_data.policy("no-such-figure")


def test_synthetic_extensions_build_once_and_only_when_children_are_made(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[int] = []

    def build(*, scale: object, seed: int) -> dict[str, int]:
        built.append(seed)
        return {"test rows": 2}

    monkeypatch.setattr(synthetic, "_EXTENSIONS", {})
    monkeypatch.setattr(synthetic, "autodiscover_modules", lambda name: None)
    synthetic.register(
        synthetic.SyntheticExtension(
            "test rows",
            exists=lambda: bool(built),
            build=build,
        )
    )
    assert synthetic.extensions_build(scale=SimpleNamespace(children=0), seed=7) == {}
    assert synthetic.extensions_build(scale=SimpleNamespace(children=10), seed=7) == {"test rows": 2}
    assert synthetic.extensions_build(scale=SimpleNamespace(children=10), seed=7) == {}
    assert built == [7]

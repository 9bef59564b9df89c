"""The plugin's options are declared once and every one is documented in the README."""

from __future__ import annotations

import pytest

from conftest import ROOT
from generator.config import NewsbundleConfig

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("option", [name for name, _ in NewsbundleConfig._schema])
def test_every_option_is_documented_in_the_readme(option):
    assert f"{option}:" in README


def test_defaults_validate_without_any_setting():
    config = NewsbundleConfig()
    config.load_dict({})
    errors, warnings = config.validate()
    assert (errors, warnings) == ([], [])
    assert config.seeds_dir == "seeds"


def test_a_wrong_type_is_an_error_naming_the_option():
    config = NewsbundleConfig()
    config.load_dict({"max_file_mb": "lots"})
    errors, _ = config.validate()
    assert [name for name, _ in errors] == ["max_file_mb"]

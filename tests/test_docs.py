"""The README documents every command, and its two set-up commands stay true."""

from __future__ import annotations

import re

from plantool.cli import cli

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_has_a_readme_section_with_an_example():
    for name in cli.commands:
        assert f"### `plantool {name}" in README, f"README has no section for {name}"
        assert re.search(rf"plantool {name}\b", README.split(f"### `plantool {name}", 1)[1])


def test_ci_runs_exactly_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = script.strip().splitlines()[-1]
    assert command in README


def test_readme_main_command_ingests_the_seeds():
    assert "plantool ingest seeds" in README

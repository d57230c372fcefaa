"""The library façade: the README's Python example runs, every public name resolves, and
``import plantool`` stays light."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

import plantool

from .conftest import ROOT, SEEDS

README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_example() -> str:
    section = README.split("## Python API", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 1, "the Python API section has one python example"
    return blocks[0]


def test_the_readme_example_runs(tmp_path, capsys):
    os.symlink(SEEDS, tmp_path / "seeds")  # the example ingests "seeds" in its folder
    exec(compile(readme_example(), "README.md", "exec"), {"__name__": "readme"})
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "5 documents ingested"
    assert any(re.match(r"\d+ rows: \d+ added, \d+ removed", line) for line in lines)
    assert lines[-1].startswith("error: cannot sort by 'colour'")
    assert (tmp_path / "plans.db").exists()


def test_every_public_name_resolves():
    for name in plantool.__all__:
        assert getattr(plantool, name) is not None, name
    assert plantool.rate_targets.__module__ == "plantool.progress"
    assert plantool.score_gold.__name__ == "score_db"
    assert set(plantool.__all__) <= set(dir(plantool))


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        plantool.nothing_here  # noqa: B018


def test_submodules_still_import_by_name():
    from plantool import diff, store

    assert store.open_db is plantool.open_db and diff.compare is plantool.compare


def test_importing_the_package_is_light():
    code = ("import json, sys, plantool; print(json.dumps(sorted(m for m in sys.modules "
            "if m.startswith(('plantool.', 'sqlite_utils', 'rich', 'cn2an')))))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=True)
    assert json.loads(done.stdout) == []


def test_score_gold_over_a_database(seeds_db):
    from .conftest import GOLD

    report = plantool.score_gold(plantool.open_db(seeds_db), GOLD)
    assert report.f1 >= 0.9 and report.statements_total > 0


def test_no_facade_name_shadows_a_module_of_the_package():
    """`from plantool import panel` must give the module, whatever was looked up before."""
    import pkgutil

    import plantool

    modules = {m.name for m in pkgutil.iter_modules(plantool.__path__)}
    assert not modules & set(plantool.__all__)

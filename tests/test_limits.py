"""Input limits: only regular files or stdin are read, never past a size limit, never
blocking; YAML alias bombs fail fast; file names in GBK bytes are named printably.

The CLI runs in a subprocess with a timeout where a broken limit would block or eat
the memory of the test run itself."""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from plantool import escape, limits, read
from plantool.cli import cli
from plantool.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
PLAN = "到2025年，新增家庭养老床位1000张，新建社区食堂20个。\n"
ALIAS_BOMB = ("---\n"
              'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
              "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
              "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
              "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
              "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
              "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
              "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
              "title: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
              "---\n" + PLAN)


def plantool(*args: str, stdin=subprocess.DEVNULL, env: dict | None = None,
             timeout: float = 120) -> subprocess.CompletedProcess:
    """The CLI of this tree in a child process (a hang fails the test at the timeout)."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "plantool", *args], stdin=stdin,
                          capture_output=True, env=environment, timeout=timeout, cwd=ROOT)


def error_lines(stderr: bytes) -> list[str]:
    return [line for line in stderr.decode("utf-8").splitlines() if line.startswith("error: ")]


# --- only regular files -----------------------------------------------------------


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    done = plantool("--db", str(tmp_path / "x.db"), "ingest", str(fifo))
    assert done.returncode == 1
    assert error_lines(done.stderr) == [f"error: {fifo}: not a regular file: a FIFO (named pipe)"]


def test_a_device_is_refused(tmp_path):
    done = plantool("--db", str(tmp_path / "x.db"), "ingest", "/dev/zero")
    assert done.returncode == 1
    assert error_lines(done.stderr) == ["error: /dev/zero: not a regular file: a character device"]


def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s.txt"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        result = CliRunner().invoke(cli, ["ingest", str(path)])
    finally:
        server.close()
    assert result.exit_code == 1
    assert f"error: {path}: not a regular file: a socket" in result.stderr.splitlines()


def test_a_symbolic_link_to_a_regular_file_is_read(tmp_path):
    target = tmp_path / "plan.txt"
    target.write_text(PLAN, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(target)
    assert read.read(str(tmp_path / "link.txt")).text == PLAN


# --- the size limit ---------------------------------------------------------------


def test_the_default_limit_leaves_room_for_the_largest_report():
    largest_corpus_report = 256_221  # 五年规划/1953-一五计划.md, in bytes
    assert limits.DEFAULT_MAX_BYTES >= 100 * largest_corpus_report
    assert limits.DEFAULT_MAX_BYTES < 50 * 2**20


def test_a_file_over_the_limit_set_in_the_environment_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "long.txt"
    path.write_text(PLAN * 35, encoding="utf-8")  # 2.5 KB
    monkeypatch.setenv("PLANTOOL_MAX_BYTES", "1K")
    result = CliRunner().invoke(cli, ["ingest", str(path)])
    assert result.exit_code == 1
    assert (f"error: {path}: too large: 2.5 KB, over the limit of 1.0 KB (set "
            "PLANTOOL_MAX_BYTES to read larger files)") in result.stderr.splitlines()
    monkeypatch.setenv("PLANTOOL_MAX_BYTES", "4096")
    assert CliRunner().invoke(cli, ["ingest", str(path)]).exit_code == 0


def test_the_limit_is_a_parameter_of_read(tmp_path, monkeypatch):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN * 10, encoding="utf-8")
    monkeypatch.setenv("PLANTOOL_MAX_BYTES", "1G")
    with pytest.raises(read.ReadError, match="too large"):
        read.read(str(path), max_bytes=100)
    assert read.read(str(path), max_bytes=10_000).text == PLAN * 10


@pytest.mark.parametrize("value", ["lots", "-5", "0", "1T"])
def test_a_bad_limit_is_one_clear_line(tmp_path, value):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(path)], env={"PLANTOOL_MAX_BYTES": value})
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "PLANTOOL_MAX_BYTES must be a positive size in bytes" in result.stderr


@pytest.mark.parametrize("value, size", [("812", 812), ("64K", 65536), ("32 MiB", 32 * 2**20),
                                         ("1g", 2**30)])
def test_sizes_people_write(value, size):
    assert limits.parse_size(value) == size


def test_a_bad_size_names_where_it_came_from():
    with pytest.raises(InputError, match="^--max-bytes must be a positive size"):
        limits.parse_size("ten", "--max-bytes")


def test_read_rejects_a_limit_that_is_not_positive(tmp_path):
    with pytest.raises(InputError):
        read.read(str(tmp_path / "any.txt"), max_bytes=0)


def test_a_50_mb_file_is_refused_by_the_limit_not_read(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as out:  # 50 MB of text (sparse on disk)
        out.write(PLAN.encode("utf-8"))
        out.truncate(50 * 2**20)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = plantool("--db", str(tmp_path / "x.db"), "ingest", str(path))
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert done.returncode == 1
    assert error_lines(done.stderr) == [
        f"error: {path}: too large: 50.0 MB, over the limit of 32.0 MB (set PLANTOOL_MAX_BYTES "
        "to read larger files)"]
    assert max(before, peak_kib) < 300 * 1024  # a child that read the file would pass 50 MB


def test_an_endless_stdin_stops_at_the_limit(tmp_path):
    with open("/dev/zero", "rb") as endless:
        done = plantool("--db", str(tmp_path / "x.db"), "ingest", "-", stdin=endless,
                        env={"PLANTOOL_MAX_BYTES": "2M"})
    assert done.returncode == 1
    assert error_lines(done.stderr) == [
        "error: <stdin>: too large: more than 2.0 MB, over the limit of 2.0 MB (set "
        "PLANTOOL_MAX_BYTES to read larger files)"]


def test_stdin_within_the_limit_is_read(monkeypatch):
    result = CliRunner().invoke(cli, ["ingest", "-"], input=PLAN.encode("utf-8"),
                                env={"PLANTOOL_MAX_BYTES": "1K"})
    assert result.exit_code == 0, result.output


# --- YAML front matter ------------------------------------------------------------


def test_a_yaml_alias_bomb_fails_fast(tmp_path):
    path = tmp_path / "bomb.md"
    path.write_text(ALIAS_BOMB, encoding="utf-8")
    assert len(ALIAS_BOMB.encode("utf-8")) < 500
    done = plantool("--db", str(tmp_path / "x.db"), "ingest", str(path), timeout=60)
    assert done.returncode == 1
    assert error_lines(done.stderr) == [
        f"error: {path}: YAML front matter with anchors or aliases (&name, *name): plantool "
        "does not expand them"]


def test_front_matter_without_aliases_is_still_metadata():
    body, front = read.split_front_matter("---\ntitle: 大连市政府工作报告\nyear: 2024\n---\n正文\n")
    assert (body, front) == ("正文\n", {"title": "大连市政府工作报告", "year": 2024})


# --- file names in other encodings ------------------------------------------------


def gbk_name(folder: Path, name: str) -> str:
    """A path whose file name is in GBK bytes, as Python sees it (surrogate escapes)."""
    return os.fsdecode(os.fsencode(str(folder)) + b"/" + name.encode("gbk"))


def test_a_file_name_in_gbk_bytes_is_read_and_named_printably(tmp_path):
    path = gbk_name(tmp_path, "大连市报告.txt")
    with open(os.fsencode(path), "wb") as out:
        out.write(PLAN.encode("utf-8"))
    source = read.read(path)
    assert source.text == PLAN
    assert source.name == "大连市报告.txt"
    assert escape.file_name(path) == f"{tmp_path}/大连市报告.txt"


def test_errors_name_a_gbk_file_printably(tmp_path):
    empty = gbk_name(tmp_path, "空白.txt")
    open(os.fsencode(empty), "wb").close()
    with pytest.raises(read.ReadError) as error:
        read.read(empty)
    assert (error.value.path, error.value.reason) == (f"{tmp_path}/空白.txt", "empty file")
    missing = gbk_name(tmp_path, "缺少.txt")
    result = CliRunner().invoke(cli, ["ingest", missing])
    assert result.exit_code == 1
    assert f"error: {tmp_path}/缺少.txt: no such file or directory" in result.stderr.splitlines()


def test_names_that_are_not_gbk_either_are_escaped():
    raw = os.fsdecode(b"/tmp/\xff\xfe\x1b[31m.txt")
    assert escape.file_name(raw) == "/tmp/\\xff\\xfe\\x1b[31m.txt"


def test_a_folder_nested_a_thousand_deep_is_walked_without_recursion(tmp_path):
    folder = tmp_path / "zip"
    levels = [str(folder)]
    for _ in range(980):  # deeper than Python's recursion limit allows a recursive walk
        levels.append(os.path.join(levels[-1], "a"))
    for level in levels:  # os.makedirs and shutil.rmtree recurse: one level at a time
        os.mkdir(level)
    plan = os.path.join(levels[-1], "plan.txt")
    with open(plan, "w", encoding="utf-8") as out:
        out.write(PLAN)
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "x.txt").write_text(PLAN, encoding="utf-8")
    try:
        found = list(read.iter_files([str(folder)]))
        assert found == [plan]
        result = CliRunner().invoke(cli, ["--db", str(tmp_path / "x.db"), "ingest", "-j", "1",
                                          str(folder)])
        assert result.exit_code == 0 and "Traceback" not in result.output
    finally:
        os.remove(plan)
        for level in reversed(levels[1:]):
            os.rmdir(level)

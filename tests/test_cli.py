"""The CLI as a user meets it: exit codes, files written, a batch that survives bad input."""

import csv
import json
import shutil

import pytest

from grader.cli import main
from tests.conftest import ROOT, SEED


def test_help_has_examples(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    assert "examples:" in capsys.readouterr().out


def test_grade_writes_every_report_and_keeps_grading_past_bad_submissions(tmp_path, capsys):
    batch = tmp_path / "class"
    batch.mkdir()
    shutil.copy(SEED, batch / "seed.txt")
    (batch / "broken.ipynb").write_text("{ not json", encoding="utf-8")
    (batch / "empty.md").write_text("", encoding="utf-8")
    (batch / "binary.txt").write_bytes(b"\x7fELF\x00\x00\x01")
    (batch / "huge_line.md").write_text("3.\n(a) " + "sequence " * 25_000, encoding="utf-8")
    code = main(
        [
            "grade",
            str(batch / "seed.txt"),
            str(batch / "broken.ipynb"),
            str(batch / "empty.md"),
            str(batch / "binary.txt"),
            str(batch / "huge_line.md"),
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert code == 0
    out = tmp_path / "out"
    for sid, message in [("broken", "not valid JSON"), ("empty", "empty"), ("binary", "binary")]:
        data = json.loads((out / sid / "results.json").read_text())
        assert data["score"] == 0
        assert message in data["output"]
    seed = json.loads((out / "seed" / "results.json").read_text())
    assert seed["max_score"] == 72
    numbers = [t["number"] for t in seed["tests"]]
    assert numbers[:3] == ["1.a", "1.b", "1.c"]
    assert "2.b.iii" in numbers
    assert "P2.backward" in numbers
    rows = list(csv.DictReader((out / "gradebook.csv").read_text().splitlines()))
    assert {r["submission"] for r in rows} == {"seed", "broken", "empty", "binary", "huge_line"}
    assert (out / "index.html").exists()
    assert (out / "seed" / "feedback.html").exists()
    assert "Report:" in capsys.readouterr().out


def test_check_exits_1_on_failures_and_never_shows_hidden_cases(tmp_path, capsys):
    code = main(["check", str(ROOT / "submissions" / "code_buggy")])
    out = capsys.readouterr().out
    assert code == 1
    assert "public checks only" in out
    assert "ill_conditioned" not in out
    assert "hidden_large" not in out
    assert "hidden_one" not in out


def test_check_exits_0_when_everything_public_passes(tmp_path, capsys):
    folder = tmp_path / "s"
    shutil.copytree(ROOT / "reference", folder)
    assert main(["check", str(folder)]) == 0


def test_validate_reports_72_of_72(capsys):
    assert main(["validate"]) == 0
    assert "72/72" in capsys.readouterr().out


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["grade", str(tmp_path / "missing")]) == 2
    assert "no such file" in capsys.readouterr().err
    bad = tmp_path / "problems"
    bad.mkdir()
    (bad / "Q1.yaml").write_text("id: Q1\ntitle: t\npoints: 1\nparts: []\n", encoding="utf-8")
    assert main(["validate", "--problems", str(bad)]) == 2
    assert "parts" in capsys.readouterr().err


HOSTILE_OLS = """
import os, subprocess, threading
open('/tmp/planted_by_student', 'w').write('x')
def fit_ols(X, y):
    if os.fork() == 0:
        os.setsid()
        import time
        time.sleep(60)
    return [0.0] * X.shape[1]
"""


def test_a_grading_run_leaves_no_process_and_no_file_outside_its_output(tmp_path):
    import os
    import subprocess

    student = tmp_path / "mallory"
    student.mkdir()
    (student / "ols.py").write_text(HOSTILE_OLS, encoding="utf-8")
    assert main(["grade", str(student), "--out", str(tmp_path / "out")]) == 0
    assert not os.path.exists("/tmp/planted_by_student")
    # other programs share /tmp: look for what a sandbox uid (61001…) could have left
    left = [
        entry.path
        for folder in ("/tmp", "/dev/shm")
        for entry in os.scandir(folder)
        if entry.stat(follow_symlinks=False).st_uid >= 61000
    ]
    assert left == []
    ps = subprocess.run(["ps", "-eo", "uid=,cmd="], capture_output=True, text=True, check=True)
    leftovers = [line for line in ps.stdout.splitlines() if line.split()[0].startswith("610")]
    assert leftovers == []


def test_unsafe_and_duplicate_ids_get_their_own_folders_and_working_links(tmp_path):
    one, two = tmp_path / "a", tmp_path / "b"
    for folder in (one, two):
        (folder / "..evil name").mkdir(parents=True)
        (folder / "..evil name" / "x.md").write_text("Q3\n(b) vanishing gradients", "utf-8")
    out = tmp_path / "out"
    assert (
        main(["grade", str(one / "..evil name"), str(two / "..evil name"), "--out", str(out)]) == 0
    )
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert folders == ["evil_name", "evil_name-2"]
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in folders:
        assert f'href="{name}/feedback.html"' in index


def test_compare_prints_the_verdict_and_exits_by_it(tmp_path, capsys):
    symbols = "X:5x3 y:5x1 b:3x1"
    assert main(["compare", "X^T X b - X^T y", "-X^T(y - X b)", "--symbols", symbols]) == 0
    assert "equivalent" in capsys.readouterr().out
    assert main(["compare", "X^T y - X^T X b", "X^T X b - X^T y", "--symbols", symbols]) == 1
    assert "sign_flipped" in capsys.readouterr().out
    defs = tmp_path / "defs.yaml"
    defs.write_text('a_1: "\\\\sigma(z_1)"\n', encoding="utf-8")
    args = ["compare", "a1*(1-a1)", r"\sigma(z_1)(1-\sigma(z_1))", "--symbols", "z1"]
    assert main([*args, "--definitions", str(defs), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "equivalent"


def test_check_of_a_correct_code_only_submission_passes(capsys):
    assert main(["check", str(ROOT / "submissions" / "code_correct")]) == 0
    assert "not answered: 1.a" in capsys.readouterr().out


def test_check_of_an_empty_folder_fails(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["check", str(tmp_path / "empty")]) == 1

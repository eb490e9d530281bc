"""Submissions of every kind load as data; unreadable files become messages, never crashes."""

import json

import nbformat
import pytest

from grader.submission import discover, load_submission

Q = frozenset("1234")


def test_single_file_submission_id_is_its_stem(tmp_path):
    path = tmp_path / "alice.md"
    path.write_text("3.\n(a) RNNs read sequences", encoding="utf-8")
    sub = load_submission(path, questions=Q)
    assert sub.id == "alice"
    assert "3.a" in sub.sheet.blocks


def test_folder_submission_collects_sheets_code_and_notebooks(tmp_path):
    folder = tmp_path / "bob"
    folder.mkdir()
    (folder / "answers.md").write_text("Q3\n(b) vanishing gradients", encoding="utf-8")
    (folder / "ols.py").write_text("def fit_ols(X, y):\n    return 0\n", encoding="utf-8")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("## Question 4\n(a) context matters"),
        nbformat.v4.new_code_cell("%timeit 1\ndef sigmoid(z):\n    return z"),
    ]
    nbformat.write(nb, str(folder / "work.ipynb"))
    sub = load_submission(folder, questions=Q)
    assert sub.id == "bob"
    assert {"3.b", "4.a"} <= set(sub.sheet.blocks)
    names = [f.name for f in sub.code]
    assert names == ["ols.py", "work.ipynb"]
    cell = sub.code[1].sources[0]
    assert "%timeit" not in cell.text
    assert "def sigmoid" in cell.text
    assert sub.notes == ()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.ipynb", b"{not json", "not valid JSON"),
        ("answers.md", b"", "empty"),
        ("answers.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("answers.md", "caf\u00e9".encode("latin-1"), "not UTF-8"),
        ("list.ipynb", json.dumps([1, 2]).encode(), "not a readable notebook"),
    ],
)
def test_unreadable_file_is_a_clear_message(tmp_path, name, content, message):
    folder = tmp_path / "carol"
    folder.mkdir()
    (folder / name).write_bytes(content)
    (folder / "ok.md").write_text("Q3\n(b) vanishing gradients", encoding="utf-8")
    sub = load_submission(folder, questions=Q)
    assert any(name in n and message in n for n in sub.notes), sub.notes
    assert "3.b" in sub.sheet.blocks  # the rest of the submission is still read


def test_batch_folder_is_expanded_and_single_submissions_are_not(tmp_path):
    batch = tmp_path / "class"
    for who in ("a", "b"):
        (batch / who).mkdir(parents=True)
        (batch / who / "x.md").write_text("hi", encoding="utf-8")
    assert [p.name for p in discover([batch])] == ["a", "b"]
    assert discover([batch / "a"]) == [batch / "a"]

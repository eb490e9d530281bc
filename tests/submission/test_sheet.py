"""The answer-sheet reader splits real sheets into questions and parts, and never fails."""

import pytest

from grader.submission import read_sheet

Q = frozenset("1234")


def keys_of(sheet, text):
    return [k for k in sheet.order for b in sheet.blocks[k] if text in b.text]


def test_seed_questions_out_of_order_are_found(seed_text):
    sheet = read_sheet(seed_text, questions=Q)
    assert keys_of(sheet, "ANN has no idea of a sequence") == ["3.a"]
    assert keys_of(sheet, "vanishing gradients") == ["3.b"]
    assert keys_of(sheet, "talking bots") == ["3.e"]
    assert keys_of(sheet, "The content of the word") == ["4.a"]  # "4. (a)" on one line
    assert keys_of(sheet, "forget gate 0") == ["4.b"]
    assert keys_of(sheet, "Regression is just trying") == ["1.a"]
    assert keys_of(sheet, "O(n^3)") == ["1.c"]


def test_seed_labels_inside_display_math_and_repeated_labels(seed_text):
    sheet = read_sheet(seed_text, questions=Q)
    assert next(b.text for b in sheet.blocks["1.b"]) == r"$$\hat{y} = X\beta$$"  # "$$(b) \hat{y}…"
    assert keys_of(sheet, r"\hat{y}_i = \beta_0") == ["1"]  # "$$1. \hat{y}_i …" opens Q1
    assert keys_of(sheet, "learning rate works on any parameter") == ["2.c"]  # second "(c)"
    assert keys_of(sheet, r"\sigma(z) = \frac{1}{1+e^{-z}}") == ["2"]  # unlabelled 2.a
    # all four 2.b derivatives are labelled "(i)": the label is kept, routing is by derivative
    derivatives = [k for k in keys_of(sheet, r"\frac{\partial L}{\partial") if k.startswith("2.b")]
    assert derivatives == ["2.b.i"] * 5


def test_struck_out_words_are_not_graded_but_kept_for_display(seed_text):
    sheet = read_sheet(seed_text, questions=Q)
    block = next(b for b in sheet.blocks["1.c"] if "inversion" in b.text)
    assert "roughly" not in block.text
    assert "~~roughly~~" in block.raw


def test_line_numbers_are_kept(seed_text):
    sheet = read_sheet(seed_text, questions=Q)
    lines = seed_text.splitlines()
    for key in sheet.order:
        for block in sheet.blocks[key]:
            assert block.raw.splitlines()[0] == lines[block.line - 1]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Q3\n(a) answer here", "3.a"),
        ("Question 2\nb) (iii) answer here", "2.b.iii"),
        ("## Question 4\n### 4.b answer here", "4.b"),
        ("**1.** a) answer here", "1.a"),
        ("3b answer here", "3.b"),
        ("2.b.iv answer here", "2.b.iv"),
        ("4.\n(b) answer here", "4.b"),
        ("Q3a) answer here", "3.a"),
        ("Question 4 (b): answer here", "4.b"),
        ("\ufeffQ2\r\n(c) answer here\r\n", "2.c"),
    ],
)
def test_heading_and_label_styles(text, key):
    sheet = read_sheet(text, questions=Q)
    assert keys_of(sheet, "answer here") == [key]


def test_numbered_list_inside_an_answer_is_not_a_question_heading():
    text = "4.\n(b) the gates:\n1. forget gate discards\n2. input gate writes\n3. output exposes\n"
    sheet = read_sheet(text, questions=Q)
    assert set(keys_of(sheet, "gate")) == {"4.b"}


def test_a_number_that_is_not_a_question_is_not_a_heading():
    sheet = read_sheet("3.\n(a) text\n7. more text", questions=Q)
    assert keys_of(sheet, "more text") == ["3.a"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\x00\x01garbage",
        "$$ unclosed display math\n(a) x",
        "x" * 200_000,
        "(((((" * 1000,
        "~~" * 999,
    ],
)
def test_garbage_never_raises(text):
    read_sheet(text, questions=Q)

"""Unseen wording: shared concept classes, one extra word inside a phrase, note-taking
shorthand, vowel-less and one-letter-off words, compounds, and ``contradicts`` rules.

Every answer here was written for this file (none comes from the labeled prose set); the
expected points are what a careful TA gives under the paper's rubric.
"""

from __future__ import annotations

import pytest

from grader.checks.concept import LEXICON, expand
from grader.checks.wording import clauses, find_phrase, normalise
from grader.spec.load import load_problems
from grader.spec.models import ConceptItem, WrittenPart
from tests.checks.test_concept_matching import grade, item


def first_clause(text: str):  # type: ignore[no-untyped-def]
    return clauses(normalise(text)[0])[0]


# --------------------------------------------------------------------------- the matcher


@pytest.mark.parametrize(
    ("phrase", "text", "fuzzy"),
    [
        ("hidden state", "it keeps a hidden internal state", False),  # one extra word
        ("less than 1", "the factor is less than about 1", False),
        ("forget gate", "the forget-gate activation scales it", False),  # compound
        ("shrink*", "the product shrank quickly", False),  # irregular form
        ("throw* away", "the old memory is threw away", False),
        ("minimi*", "we minimize the residuals", False),
        ("penalis*", "it penalizes large errors", False),
        ("vanish*", "the gradients are vanshing", True),  # one letter off
        ("global", "so local = glbl", True),  # vowels left out
        ("word*", "after a fw wrds", True),
        ("forget*", "the rnn forgts early words", True),
    ],
)
def test_phrase_variants_match(phrase: str, text: str, *, fuzzy: bool) -> None:
    hit = find_phrase(first_clause(text), phrase)
    assert hit is not None
    assert hit.fuzzy == fuzzy


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("minimi*", "there is one minimum"),  # a different word, not a typo
        ("explod*", "after exploring the data"),
        ("rounding", "they are bound to converge"),
        ("stor*", "a strong model"),
        ("hidden state", "hidden, state"),  # no extra word across a clause break
        ("is robust", "is not robust"),  # a negator is never the extra word
        ("forgotten", "the forget gate"),
    ],
)
def test_phrase_look_alikes_do_not_match(phrase: str, text: str) -> None:
    assert find_phrase(first_clause(text), phrase) is None


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("diff b/w predicted & actual", "difference between"),
        ("a long term dep. is reqd.", "dependency is required"),
        ("shrinks exp. w/ no. of steps", "exponentially with number of steps"),
        ("RNN w/o memory bc it dosnt loop", "without memory because it doesn't loop"),
        ("i/p gate adds, o/p gate shows", "input gate adds, output gate shows"),
        ("-ve & +ve errors", "negative & positive errors"),
    ],
)
def test_shorthand_is_read_in_full(written: str, read: str) -> None:
    assert read in normalise(written)[0]


def test_every_concept_class_named_in_the_specs_exists() -> None:
    groups = [
        group
        for problem in load_problems()
        for part in problem.parts
        if isinstance(part, WrittenPart)
        for it in part.items
        if isinstance(it, ConceptItem)
        for pattern in (*it.patterns, *it.half_patterns, *it.contradicts)
        for group in pattern
    ]
    named = {p[1:] for g in groups for p in g if p.startswith("@")}
    assert named
    assert named <= set(LEXICON)
    assert all(expand(tuple(g)) for g in groups)


# --------------------------------------------------------------------------- whole answers


@pytest.mark.parametrize(
    ("part", "text", "points"),
    [
        ("3.b", "The error signal dies out as it is sent back through the time steps.", 2),
        ("3.b", "Backpropagated derivatives tend to zero over long spans of time.", 2),
        ("3.b", "The gradient peters out long before it reaches the first inputs.", 2),
        ("3.b", "grads → 0 as we go bkwd thru time", 2),
        ("3.b", "The hidden state is too small to hold a long sequence.", 0),
        ("3.d", "Each step back multiplies by W·tanh′; with |factor| under 1 it dwindles.", 2),
        ("2.c", "α too big: the loss oscillates; α too small: learning stalls.", 1),
        ("1.a", "The cost is a paraboloid in β, so the only minimum is global.", 1),
        ("4.a", "RNN forgts aftr a fw wrds, LSTM keeps it → LSTM", 1),
    ],
)
def test_unseen_wording(part: str, text: str, points: float) -> None:
    assert grade(part, text).points == points


@pytest.mark.parametrize(
    ("part", "text", "item_id"),
    [
        ("4.a", "A simple RNN is enough here, the sentence is short.", "lstm_better"),
        ("4.a", "The two words are close together, so nothing far back matters.", "long_range"),
        ("4.b", "The gates are ReLU units that open and close.", "sigmoid_gates"),
        ("4.b", "The output gate writes new information into the cell.", "output_gate"),
        ("3.b", "RNNs learn long dependencies too easily because gradients explode.", "vanishing"),
        ("3.d", "Factors above 1 make the gradient vanish over many steps.", "shrink"),
        ("1.c", "O(p³) in theory, but it does not depend on the number of features.", "cost"),
    ],
)
def test_contradicts_rules(part: str, text: str, item_id: str) -> None:
    points, status = item(grade(part, text), item_id)
    assert (points, status) == (0.0, "contradicted")
    assert grade(part, text).needs_review


@pytest.mark.parametrize(
    ("part", "text", "item_id"),
    [
        ("4.b", "The output gate decides which part of the tanh of the cell is exposed.", None),
        ("4.a", "An LSTM is better suited than a simple RNN, since RNNs forget.", None),
        ("4.b", "The input gate does not discard anything; it writes new information.", None),
    ],
)
def test_correct_answers_are_not_contradicted(part: str, text: str, item_id: None) -> None:
    assert not [i.id for i in grade(part, text).items if i.status == "contradicted"]

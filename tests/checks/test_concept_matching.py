"""Concept matching: negation, role swaps, contradictions and the exam's misconceptions."""

from __future__ import annotations

from functools import cache

import pytest

from grader.checks.written import grade_written
from grader.results import PartResult
from grader.spec.load import load_problems
from grader.spec.models import WrittenPart
from grader.submission.sheet import Block


@cache
def parts() -> dict[str, WrittenPart]:
    return {p.id: p for prob in load_problems() for p in prob.parts if isinstance(p, WrittenPart)}


def grade(part_id: str, text: str) -> PartResult:
    part = parts()[part_id]
    blocks = [Block(n, raw=line, text=line) for n, line in enumerate(text.splitlines(), 1)]
    return grade_written(part, blocks, table=None, title=part.question)


def item(result: PartResult, item_id: str) -> tuple[float, str]:
    found = next(i for i in result.items if i.id == item_id)
    return found.points, found.status


# --------------------------------------------------------------------------- negation


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("Plain RNNs suffer from vanishing gradients in backpropagation through time.", 2),
        ("The problem is not vanishing gradients; RNNs simply have too few parameters.", 0),
        ("The gradients don't vanish in an RNN.", 0),
        ("Not only do the gradients vanish, they vanish exponentially over many steps.", 2),
    ],
)
def test_negation_of_the_3b_claim(text: str, points: float) -> None:
    assert grade("3.b", text).points == points


def test_negated_predicate_after_the_concept() -> None:
    result = grade("1.c", "Gradient descent does not converge on this convex cost.")
    assert item(result, "iterative") == (0.0, "contradicted")
    assert result.needs_review


def test_negator_inside_a_rubric_phrase_is_not_a_negation() -> None:
    text = "With squares, positive and negative errors don't cancel; big errors are penalised more."
    assert item(grade("1.a", text), "squared_penalty") == (1.0, "found")


def test_abbreviation_no_is_not_a_negation() -> None:
    text = "BPTT multiplies the gradient by the same no., the recurrent weight, at every step."
    assert item(grade("3.d", text), "product")[1] == "found"


def test_3d_product_needs_the_factor_named() -> None:
    """The rubric's factor is the recurrent weight times the activation derivative;
    "multiplied by a number" describes the product without saying what is multiplied."""
    vague = "The gradient is multiplied by a number at every step, so it shrinks."
    named = "Every step back multiplies the gradient by W times tanh', so it shrinks."
    assert item(grade("3.d", vague), "product")[1] == "missing"
    assert item(grade("3.d", named), "product")[1] == "found"


def test_statement_then_retraction_is_a_contradiction() -> None:
    result = grade("3.b", "The gradients vanish during BPTT. The gradients don't vanish, actually.")
    assert result.points == 0
    assert any("contradiction" in r for r in result.review)


def test_contrast_between_two_networks_is_no_contradiction() -> None:
    text = "An RNN reads the sequence one word at a time and updates its memory.\nANN: no memory."
    assert grade("3.a", text).points == 2


# --------------------------------------------------------------------------- role swaps


def test_forget_and_input_gate_roles_swapped() -> None:
    text = (
        "The input gate decides what to throw away from the memory and the forget gate "
        "decides what new information to add."
    )
    result = grade("4.b", text)
    assert item(result, "input_gate")[0] == 0
    assert item(result, "forget_gate")[0] == 0


def test_gate_role_stated_correctly() -> None:
    text = (
        "The forget gate decides what to discard from the old cell state. "
        "The input gate decides what new information to write. "
        "The output gate decides what to expose as the hidden state."
    )
    result = grade("4.b", text)
    assert [item(result, i)[0] for i in ("forget_gate", "input_gate", "output_gate")] == [1, 1, 1]


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("If the forget gate outputs 0, the previous memory is erased.", 1),
        ("If the forget gate outputs 0, everything is kept.", 0),
        ("When the forget gate outputs 0, nothing survives of the old memory.", 1),
        ("When the forget gate outputs 0 it is switched off, so nothing gets forgotten.", 0),
    ],
)
def test_forget_gate_zero_polarity(text: str, points: float) -> None:
    assert item(grade("4.b", text), "forget_zero")[0] == points


def test_gates_are_not_tanh() -> None:
    assert (
        item(grade("4.b", "The gates use tanh, so values lie between -1 and 1."), "sigmoid_gates")[
            0
        ]
        == 0
    )


def test_learning_rate_roles_swapped_in_2c() -> None:
    text = "If α is too large training is slow, and if it is too small it diverges."
    assert item(grade("2.c", text), "step_size")[0] == 0


def test_wrong_sign_in_the_update() -> None:
    assert item(grade("2.c", "Update: θ ← θ + α ∂L/∂θ."), "update")[0] == 0
    assert item(grade("2.c", "Update: θ ← θ − α ∂L/∂θ."), "update")[0] == 1


def test_samples_versus_features() -> None:
    right = "Solving the normal equations is O(p³): cubic in the number of features."
    wrong = "Solving the normal equations is cubic in the number of samples."
    assert item(grade("1.c", right), "cost") == (1.0, "found")
    assert item(grade("1.c", wrong), "cost")[1] == "voided"


def test_applications_swapped_in_3e() -> None:
    text = "FFN: machine translation. RNN: house-price prediction. LSTM: image classification."
    assert grade("3.e", text).points == 0


def test_feed_forward_and_rnn_swapped_in_3a() -> None:
    text = (
        "A feed-forward network processes data step by step and remembers previous inputs, "
        "whereas an RNN processes all of its inputs at once without memory."
    )
    assert grade("3.a", text).points == 0


# --------------------------------------------------------------------------- misconceptions


def test_1a_robust_to_outliers_costs_one() -> None:
    text = (
        "Fitting chooses the parameters so the predictions are as close as possible to the "
        "targets. Squared error is robust to outliers. J is convex, so a local minimum is global."
    )
    result = grade("1.a", text)
    assert item(result, "robust_outliers") == (-1.0, "deducted")
    assert result.points == 1  # fit + convex − 1


def test_1c_cubic_in_samples_voids_only_the_cost_item() -> None:
    text = (
        "Inverting the matrix is O(n^3) in the number of samples.\n"
        "Gradient descent scales to large data instead."
    )
    result = grade("1.c", text)
    assert item(result, "cost")[1] == "voided"
    assert item(result, "iterative") == (1.0, "found")
    assert result.points == 1


def test_3d_learning_rate_blamed_costs_one() -> None:
    text = (
        "BPTT multiplies the gradient by the learning rate η < 1 at each step, so it shrinks "
        "exponentially. The LSTM cell state is updated additively."
    )
    result = grade("3.d", text)
    assert item(result, "learning_rate_blamed") == (-1.0, "deducted")
    assert item(result, "product")[1] == "missing"  # η is not the per-step factor
    assert result.points == 1


def test_4b_forget_gate_one_erases_voids_the_last_item() -> None:
    text = "When the forget gate is 1 the old memory is erased; at 0 it is erased too."
    result = grade("4.b", text)
    assert item(result, "forget_zero")[1] == "voided"


def test_4b_forget_gate_one_keeps_is_no_misconception() -> None:
    text = "A forget gate of 0 erases the previous memory, and 1 keeps it."
    result = grade("4.b", text)
    assert item(result, "forget_zero") == (1.0, "found")


# --------------------------------------------------------------------------- review


def test_partial_credit_is_reviewed() -> None:
    result = grade("2.c", "You must tune it: not too large, not too small.")
    assert item(result, "step_size") == (0.5, "partial")
    assert result.needs_review


def test_typo_only_match_says_so() -> None:
    result = grade("3.b", "Because of vanshing gradients in backpropagation through time.")
    found = next(i for i in result.items if i.id == "vanishing")
    assert found.points == 2
    assert "typo" in found.reason
    assert found.detail.startswith("review:")


# --------------------------------------------------------------------------- asides


@pytest.mark.parametrize(
    "text",
    [
        "Forget gate 0 erases the old memory (1 keeps it).",
        "A forget gate of 0 wipes the previous cell state (a value of 1 would keep everything).",
    ],
)
def test_4b_aside_about_the_other_value_is_no_contradiction(text: str) -> None:
    """The rubric's own form: the "keeps" in the parentheses belongs to the 1, not the 0."""
    assert item(grade("4.b", text), "forget_zero") == (1.0, "found")


@pytest.mark.parametrize(
    "text",
    [
        "If the forget gate outputs 0 the old memory is kept (nothing is erased).",
        "A forget gate of 0 (fully closed) keeps the whole memory.",
    ],
)
def test_4b_aside_does_not_hide_a_swap(text: str) -> None:
    """A closed aside between the hits, or the swap stated outside the aside, still counts."""
    assert item(grade("4.b", text), "forget_zero")[1] == "contradicted"


def test_4a_recurrent_network_written_out_is_an_rnn() -> None:
    text = (
        'To interpret "was" the network must remember that the subject is "model", ten '
        "words back. A simple recurrent network loses information over that many steps."
    )
    assert item(grade("4.a", text), "lstm_better") == (1.0, "found")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Each step back contributes one factor, the recurrent weight, to the gradient.", "found"),
        ("Every step back adds another factor to the gradient, so it shrinks.", "missing"),
    ],
)
def test_3d_product_as_one_factor_per_step(text: str, status: str) -> None:
    """The rubric's wording ("one factor per step") with the factor named; unnamed, no credit."""
    assert item(grade("3.d", text), "product")[1] == status


# --------------------------------------------------------------------------- subjects


def test_each_gate_keeps_the_role_that_follows_it() -> None:
    """Roles given in one sentence are read per gate: a swap costs the swapped gates only."""
    result = grade(
        "4.b",
        "The forget gate decides what to throw away from the cell, the input gate decides "
        "what the cell outputs to the next layer, and the output gate decides what new "
        "information is added.",
    )
    assert item(result, "forget_gate") == (1.0, "found")
    assert item(result, "input_gate") == (0.0, "contradicted")
    assert item(result, "output_gate") == (0.0, "contradicted")


def test_gates_named_together_share_their_roles() -> None:
    result = grade("3.c", "The forget/input/output gates learn what to keep / write / read.")
    assert item(result, "control") == (1.0, "found")


def test_swapped_roles_in_3c_cost_the_control_item() -> None:
    result = grade(
        "3.c",
        "The forget gate decides what new information to write, the input gate decides what "
        "to output and the output gate decides what to delete.",
    )
    assert item(result, "gates") == (1.0, "found")
    assert item(result, "control")[1] == "contradicted"


@pytest.mark.parametrize(
    "text",
    [
        "The forget gate decides what to drop; if it outputs 0, the old memory is erased.",
        "If the forget gate outputs 0 the memory is lost. That's the gate that decides what "
        "to throw out of the old cell state.",
    ],
)
def test_it_and_the_gate_refer_to_the_gate_named_before(text: str) -> None:
    result = grade("4.b", text)
    assert item(result, "forget_gate") == (1.0, "found")
    assert item(result, "forget_zero") == (1.0, "found")


def test_a_reference_after_two_gates_is_not_resolved() -> None:
    result = grade(
        "4.b", "The input and output gates are sigmoids. If it outputs 0, all is erased."
    )
    assert item(result, "forget_zero") == (0.0, "missing")


def test_applications_stay_with_the_network_they_follow() -> None:
    result = grade("3.e", "RNN for translation, and the LSTM for a tabular price prediction")
    assert item(result, "lstm")[0] == 0.0


def test_a_hedge_reaches_only_its_own_claim() -> None:
    """ "It depends" before "but" qualifies the remark, not the answer after it."""
    answer = "It depends on the data, but for the exam: an LSTM for machine translation."
    assert item(grade("3.e", answer), "lstm") == (1.0, "found")
    hedged = "An LSTM for machine translation, maybe, or maybe an RNN, it depends."
    assert item(grade("3.e", hedged), "lstm")[0] == 0.0


def test_networks_run_together_earn_nothing() -> None:
    """Three networks in one unpunctuated run: which application goes with which?"""
    salad = "house LSTM for next-word RNN prediction translation the price feed-forward"
    result = grade("3.e", salad)
    assert result.points == 0
    assert any("runs the subjects together" in why for why in result.review)


def test_a_label_line_heads_the_line_under_it() -> None:
    result = grade("4.b", "- input gate:\n  decides what new information to write")
    assert item(result, "input_gate") == (1.0, "found")


def test_a_sentence_that_goes_on_about_the_subject_keeps_it() -> None:
    answer = (
        "RNNs have a loop, so they only really work for short sequences; one application "
        "would be predicting the next word in a short text message."
    )
    assert item(grade("3.e", answer), "rnn") == (1.0, "found")


def test_a_carried_subject_never_makes_a_wrong_claim() -> None:
    """ "New information is added" after an output-gate sentence is not a role swap."""
    answer = "The output gate decides what to expose as h_t. New information is added too."
    assert item(grade("4.b", answer), "output_gate") == (1.0, "found")


def test_an_item_about_the_rnn_is_not_earned_by_a_sentence_about_the_lstm() -> None:
    answer = (
        "In an RNN the gradient gets weaker the further back it goes. The LSTM avoids this: "
        "its cell state is updated additively, so its gradient is just multiplied by f_t "
        "instead of by tanh' and a weight matrix."
    )
    result = grade("3.d", answer)
    assert item(result, "product")[0] == 0.0
    assert item(result, "additive")[0] == 1.0


def test_what_is_denied_of_the_lstm_does_not_retract_what_was_said_of_the_rnn() -> None:
    answer = (
        "In BPTT the gradient is multiplied by the recurrent weight times tanh' at every step. "
        "The LSTM's cell state is updated by adding. Going back along it the gradient is only "
        "multiplied by the forget gate, no weight matrix."
    )
    assert item(grade("3.d", answer), "product") == (1.0, "found")


def test_abbreviations_are_whole_words() -> None:
    """ "dnt" is "doesn't"; the "dnt" inside "gradnt" is not."""
    answer = "in RNN gradnt is multipled w/ W_hh & deriv. of tanh at evry step"
    assert item(grade("3.d", answer), "product") == (1.0, "found")


def test_a_wrong_choice_in_the_question_s_own_words_still_counts() -> None:
    """ "A simple RNN is better suited." restates the question's words, so it earns
    nothing, but it is still the student's (wrong) choice."""
    answer = "An LSTM handles long-range dependencies. A simple RNN is better suited."
    assert item(grade("4.a", answer), "lstm_better")[1] == "contradicted"


def test_a_keyword_list_with_formulas_is_still_a_keyword_list() -> None:
    answer = "cell state, conveyor belt, forget gate, discard, input gate, write, (0,1), x_t"
    result = grade("4.b", answer)
    assert result.points == 0
    assert any("keywords" in why for why in result.review)


def test_actually_no_takes_back_what_came_before() -> None:
    answer = (
        "An RNN processes a sequence step by step. It keeps a hidden state that remembers "
        "what it saw before. Actually no, the RNN doesn't store anything between steps."
    )
    assert item(grade("3.a", answer), "hidden_state") == (0.0, "contradicted")


def test_a_sentence_naming_the_rnn_and_the_lstm_is_read() -> None:
    """Only list-shaped parts treat several subjects in one run as word salad."""
    answer = "The LSTM avoids what the RNN suffers from: its cell state is updated additively."
    assert item(grade("3.d", answer), "additive") == (1.0, "found")


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("If α is too large, training converges slowly; if too small, it overshoots.", 0.0),
        ("If α is too large the model overfits, if it is too small it underfits.", 0.0),
        ("If α is too large, the updates do not overshoot or diverge.", 0.0),
        ("α shouldn't be too large or too small.", 0.5),
        ("α shud be not too big not too small (tradeof)", 0.5),
        ("If α is too large, it overshoots; if it is too small, it converges slowly.", 1.0),
    ],
)
def test_the_learning_rate_trade_off(text: str, points: float) -> None:
    """Swapped or wrong consequences earn nothing, not even the half for naming the
    trade-off; the comma that closes an "if" does not split the claim."""
    assert item(grade("2.c", text), "step_size")[0] == points


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("Squaring makes all the errors positive, so they don't cancel out.", 0.0),
        ("Squaring: the sign doesn't matter, and big misses cost much more.", 1.0),
        ("A miss of -2 and of +2 are equally bad; a miss of 10 costs 100, way more than 1.", 1.0),
    ],
)
def test_squared_error_needs_both_halves(text: str, points: float) -> None:
    """The sign argument alone fits the absolute error too."""
    assert item(grade("1.a", text), "squared_penalty")[0] == points


def test_a_sentence_opening_with_it_goes_on_about_the_one_before() -> None:
    text = "The cell state is the memory line of the LSTM; it passes from step to step."
    assert item(grade("4.b", text), "cell_state")[0] == 1
    alone = "The cell state is the memory line of the LSTM."
    assert item(grade("4.b", alone), "cell_state")[0] == 0


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("The gates are sigmoids, so between 0 and 1.", 0),
        ("The gates are sigmoids of x_t and h_{t-1}, so between 0 and 1.", 1),
        ("f, i, o = σ(W[x_t; h_{t-1}] + b) ∈ (0,1)", 1),
    ],
)
def test_4b_sigmoid_item_needs_the_gates_inputs(text: str, points: float) -> None:
    """The rubric's item has two halves: sigmoids in (0, 1), and computed from the current
    input and the previous hidden state (a ";" inside brackets does not end the sentence)."""
    assert item(grade("4.b", text), "sigmoid_gates")[0] == points


def test_a_gate_named_by_an_analogy() -> None:
    text = "The forget bouncer decides which old notes get crossed out."
    assert item(grade("4.b", text), "forget_gate")[0] == 1


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("Inverting XᵀX is O(p³), too expensive. Use gradient descent instead.", 0),
        ("Use SGD instead: each step costs only O(np) and it can stream the data.", 1),
    ],
)
def test_1c_iterative_needs_a_reason(text: str, points: float) -> None:
    assert item(grade("1.c", text), "iterative")[0] == points


def test_2c_efficiency_needs_the_backward_pass_or_reuse() -> None:
    vague = "Backprop is used to calculate the gradients efficiently."
    assert item(grade("2.c", vague), "efficient")[0] == 0
    full = "Backprop gets all gradients efficiently in one backward pass, reusing derivatives."
    assert item(grade("2.c", full), "efficient")[0] == 1


def test_a_sentence_hard_wrapped_over_two_lines_is_read_as_one() -> None:
    """Markdown reads a single line break inside a paragraph as a space: "ten" and "words
    earlier" belong to one claim. Notes (list items, arrows, "label:" lines) stay apart."""
    text = (
        'Context matters: the verb "was" has to agree with "model", which sits ten\nwords earlier.'
    )
    assert item(grade("4.a", text), "long_range")[0] == 1
    notes = (
        "- forget gate: is the old info still relevant? if not, remove it from the cell\n"
        "forget gate 0 → erases memory"
    )
    assert item(grade("4.b", notes), "forget_zero")[0] == 1


def test_not_because_of_denies_the_cause() -> None:
    text = "It is not because of vanishing gradients, the gradients stay stable in an RNN."
    assert grade("3.b", text).points == 0
    assert grade("3.b", "Plain RNNs struggle because of vanishing gradients.").points == 2


def test_3e_applications_separated_by_slashes() -> None:
    text = "MLP – credit scoring (tabular) / RNN – short sensor series / LSTM – speech recognition"
    assert grade("3.e", text).points == 3


@pytest.mark.parametrize(
    ("text", "fit", "convex"),
    [
        ("Squared error treats large and small errors the same, so we pick a beta.", 0, 0),
        ("Bigger errors cost quadratically more.", 0, 0),
        ("Turn the knobs until the line hugs the data points as tightly as it can.", 1, 0),
    ],
)
def test_1a_fit_and_convexity_need_their_own_words(text: str, fit: float, convex: float) -> None:
    result = grade("1.a", text)
    assert (item(result, "fit")[0], item(result, "convex")[0]) == (fit, convex)


def test_gates_counted_off_in_order() -> None:
    text = (
        "The first valve clears out the old contents that are no longer needed, the second "
        "valve lets new content in, and the third valve reveals part of the memory as h_t."
    )
    result = grade("4.b", text)
    assert [item(result, i)[0] for i in ("forget_gate", "input_gate", "output_gate")] == [1, 1, 1]


def test_4a_the_lstm_said_to_struggle_is_a_contradiction() -> None:
    text = "LSTMs struggle with long-range dependencies, so a simple RNN is better suited."
    assert item(grade("4.a", text), "lstm_better") == (0, "contradicted")


def test_unicode_subscripts_are_subscripts() -> None:
    text = "LSTM: cₜ = fₜ⊙cₜ₋₁ + iₜ⊙gₜ, so the gradient along the cell is scaled by f."
    assert item(grade("3.d", text), "additive")[0] == 1


def test_a_relative_clause_belongs_to_the_gate_before_it() -> None:
    text = "It has a forget gate, which writes new information into the memory."
    assert item(grade("3.c", text), "control") == (0, "contradicted")


@pytest.mark.parametrize(
    ("text", "item_id"),
    [
        ("The cell state is recomputed from scratch at every time step.", "cell_state"),
        ("The forget gate deletes the current input word if it is not important.", "forget_gate"),
    ],
)
def test_4b_wrong_claims_about_the_cell_and_the_forget_gate(text: str, item_id: str) -> None:
    assert item(grade("4.b", text), item_id) == (0, "contradicted")


def test_a_gate_name_used_as_a_noun_does_not_make_a_list() -> None:
    """ "reads the input and the output gate outputs…": "input" is the input, not a gate."""
    text = "The input gate reads the input and the output gate outputs the output."
    assert item(grade("4.b", text), "output_gate")[0] == 0


# wordings met in the blind rounds of session 4 (8-11), each as the round's labelers read it
@pytest.mark.parametrize(
    ("part", "text", "item_id", "points"),
    [
        ("1.c", "Numerically there's no problem, the inverse is exact.", "fragile", 0),
        ("1.c", "Inverting is slow. Instead we use gradient descent.", "iterative", 0),
        (
            "1.c",
            "We use SGD on minibatches, so the data never has to fit in memory.",
            "iterative",
            1,
        ),
        (
            "2.c",
            "Each gradient is separate, since the loss depends on each weight directly.",
            "chain_rule",
            0,
        ),
        (
            "3.a",
            "It keeps a running summary of the inputs so far, updated at each step.",
            "hidden_state",
            1,
        ),
        (
            "3.b",
            "The product vanishes, so the early inputs get almost no learning signal.",
            "vanishing",
            2,
        ),
        ("3.b", "Maybe the gradients vanish, or it's overfitting, one of those.", "vanishing", 0),
        ("1.a", "Fitting = finding the best parameters for the model.", "fit", 0),
        ("1.a", "Fitting is finding the parameters of the best line through the points.", "fit", 1),
        (
            "1.a",
            "Squaring counts both signs alike and penalises small errors more.",
            "squared_penalty",
            0,
        ),
        (
            "1.a",
            "Squaring stops positive and negative residuals from cancelling out, and large "
            "errors are penalised much more.",
            "squared_penalty",
            1,
        ),
        (
            "1.c",
            "Also QR is numerically unstable, so we need to invert XᵀX explicitly.",
            "fragile",
            0,
        ),
        ("1.c", "The closed form needs the whole dataset in memory.", "fragile", 0),
        ("1.c", "Instead use itera-\ntive methods: each step is cheap, about n·p.", "iterative", 1),
        (
            "2.c",
            "Each parameter affects the other one in a link, so the chain rule helps.",
            "chain_rule",
            0,
        ),
        (
            "2.c",
            "The loss depends on w1 only through the later layers, so we need the chain rule.",
            "chain_rule",
            1,
        ),
        (
            "3.a",
            "It processes the sequence step by step, and each time step has its own separate "
            "weights that remember it.",
            "hidden_state",
            0,
        ),
        ("3.b", "Because the gradients vanish in the forward pass.", "vanishing", 0),
        (
            "3.b",
            "The learning signal fades out like a whisper passed down a line - by the time it "
            "gets back there is nothing left to learn from.",
            "vanishing",
            2,
        ),
        ("4.a", "The context is only the previous word, so a simple RNN is enough.", "context", 0),
        ("4.b", "The cell state is the long-term memory of the LSTM.", "cell_state", 0),
        (
            "4.b",
            "Forget gate 0: the memory is erased or kept, depending on the convention.",
            "forget_zero",
            0,
        ),
        ("1.c", "XᵀX is always invertible anyway, so that is not the issue.", "fragile", 0),
        ("1.c", "Gradient descent is even worse, every step also costs O(n³).", "iterative", 0),
        (
            "1.c",
            "Gradient descent converges with any learning rate, each step is O(np).",
            "iterative",
            0,
        ),
        ("4.b", "forget: throw away stuff from c\ninput: write new stuff into c", "input_gate", 1),
        (
            "4.b",
            'The input ("write") gate chooses how much new content gets added.',
            "input_gate",
            1,
        ),
        (
            "4.b",
            "forget gate — chooses which parts of the old cell state to drop, always the old ones\n"
            "input gate — chooses what new stuff to write in",
            "input_gate",
            1,
        ),
        ("3.a", "An RNN reads a sentence word after word.", "sequence", 1),
        (
            "3.d",
            "The LSTM cell state is updated multiplicatively, c_t = f_t · c_prev · i_t.",
            "additive",
            0,
        ),
        (
            "3.d",
            "The LSTM cell state is not squashed at each step: it is updated additively.",
            "additive",
            1,
        ),
        # session 5 (session 4's held-back set, moved into tuning)
        ("4.b", "forget → delete old, input → write new, output → read out.", "input_gate", 1),
        ("4.b", "forget → delete old, input → write new, output → read out.", "output_gate", 1),
        (
            "4.b",
            'Valve two ("input") decides how much of the freshly proposed content gets stored.',
            "input_gate",
            1,
        ),
        ("2.c", "Update: θ ← θ − α.", "update", 0),
        ("2.c", "Update: θ ← θ − α ∂L/∂θ.", "update", 1),
        (
            "2.c",
            "The chain rule is not needed because each weight affects the loss directly.",
            "chain_rule",
            0,
        ),
        (
            "1.c",
            "The inversion itself is numerically stable so that is not the problem.",
            "fragile",
            0,
        ),
        (
            "1.c",
            "Iterative methods like gradient descent are also cubic per step.",
            "iterative",
            0,
        ),
        (
            "1.a",
            "Fitting means the predictions match the targets exactly for every data point.",
            "fit",
            0,
        ),
        (
            "1.a",
            "Squaring treats positive and negative errors differently and penalises large errors "
            "less than small ones.",
            "squared_penalty",
            0,
        ),
        (
            "3.c",
            "There are three gates which decide what information is kept and what is given out.",
            "cell_state",
            0,
        ),
        ("3.c", "The information is carried across many time steps.", "cell_state", 1),
        ("2.c", "θ −= α·∂L/∂θ", "update", 1),
        ("2.c", "Backprop = apply the chain rule backwards through the network.", "chain_rule", 0),
        (
            "2.c",
            "chain rule needed bc L doesnt see w₁ directly — only thru z₁→a₁→z₂→a₂",
            "chain_rule",
            1,
        ),
        ("2.c", "L only sees w₁ through z₁→a₁→z₂→a₂ so we need the chain rule", "chain_rule", 1),
        (
            "2.c",
            "If α is too large the network simply learns faster, which is always better.",
            "step_size",
            0,
        ),
        ("1.a", "Fitting = learning θ so that h_θ(x⁽ⁱ⁾) ≈ y⁽ⁱ⁾ on the training data.", "fit", 1),
        ("4.b", "The output gate is the input for the next layer.", "output_gate", 0),
        # round 14
        (
            "3.c",
            "An LSTM has, in addition to the hidden state, a cell state and three gates: a "
            "forget gate, an input gate and an output gate.",
            "control",
            0,
        ),
        ("3.c", "The gates learn what to keep, what to write and what to read.", "control", 1),
        ("3.c", "The cell state is reset to zero at each time step.", "cell_state", 0),
        (
            "3.c",
            "The cell state is squashed through tanh each step, which keeps the gradient big.",
            "cell_state",
            0,
        ),
        (
            "3.c",
            "Instead of pushing the memory through a weight matrix and a tanh every step, the "
            "cell is updated by adding, so information travels over many steps unchanged.",
            "cell_state",
            1,
        ),
        ("2.c", "If α too large it overshoots, too small it is slow.", "step_size", 1),
        ("2.c", "The chain rule computes all the gradients in one forward pass.", "efficient", 0),
        ("2.c", "The chain rule computes all the gradients in one forward pass.", "chain_rule", 0),
        ("1.a", "The residual of observation i is eᵢ = yᵢ − ŷᵢ.", "fit", 0),
        ("1.a", "The squared error is the cost used in ordinary least squares.", "fit", 0),
        ("3.e", "FF – spam / not spam from word counts", "feedforward", 1),
        (
            "4.b",
            "The forget gate decides what share of the old memory is written off.",
            "forget_gate",
            1,
        ),
        ("4.b", "f = 0 deletes the old memory and f = 1 keeps it.", "forget_zero", 1),
        # round 15
        (
            "3.c",
            "An LSTM has a forget gate, an input gate and an output gate, which control the "
            "flow of information.",
            "control",
            0,
        ),
        ("3.c", "f keeps, i writes, o reads; the additive c-path lets info survive.", "control", 1),
        (
            "3.c",
            "f → what to throw from mem., i → what new to write, o → what to show as h_t",
            "control",
            1,
        ),
        (
            "4.b",
            "Forget gate decides what to remove, output gate decides what to output.",
            "output_gate",
            1,
        ),
        (
            "4.b",
            "The forget gate scales down the old cell contents, the output\n"
            "gate filters which part of the cell goes out as h_t. f = 0 → the old cell contents\n"
            "are fully dropped.",
            "output_gate",
            1,
        ),
        (
            "4.b",
            "f: how much of c_{t−1} survives; i: how much of g is written; o: how much of\n"
            "tanh(c_t) is exposed as h_t.",
            "output_gate",
            1,
        ),
        (
            "1.a",
            "Fitting means finding the best fit line, the one that minimises the distance.",
            "convex",
            0,
        ),
        (
            "1.c",
            "Solving with QR/Cholesky is even less stable than direct inversion.",
            "fragile",
            0,
        ),
        (
            "1.c",
            "Iterative methods like gradient descent cost O(n³) per step but converge in a "
            "single step.",
            "iterative",
            0,
        ),
        ("2.c", "chain rule b/c w₁ only touches L via a₁ → z₂ → a₂", "chain_rule", 1),
        ("3.e", "FFN: spam filter. RNN and LSTM: both for text.", "lstm", 0),
        ("3.e", "RNN / LSTM: text and speech.", "lstm", 0),
        ("3.e", "FF/ANN → tabular classification. RNN: next word. LSTM: speech.", "feedforward", 1),
        (
            "3.e",
            "For the feed-forward network, forecasting the sequence of stock prices.",
            "feedforward",
            0,
        ),
        ("3.e", "FFN – stock price time series", "feedforward", 0),
        # round 16
        ("3.a", "RNN: loops over t = 1..T, s_t = f(x_t, s_{t−1}), same params.", "hidden_state", 1),
        (
            "3.a",
            "RNNs process a sequence step by step. Each input is handled independently of the "
            "ones before it, just like in an ANN.",
            "hidden_state",
            0,
        ),
        ("3.a", "An RNN processes the whole sequence at once in parallel.", "sequence", 0),
        ("1.a", "Fitting means moving the data points until they lie on the line.", "fit", 0),
        (
            "1.a",
            "Squaring penalises negative errors more than positive ones.",
            "squared_penalty",
            0,
        ),
        ("1.a", "J is not convex, so a local minimum can differ from the global one.", "convex", 0),
        (
            "3.d",
            "Because the factors are larger than 1, the product shrinks exponentially.",
            "shrink",
            0,
        ),
        (
            "3.d",
            "It is not exponential: the product shrinks linearly with the number of steps.",
            "shrink",
            0,
        ),
        (
            "3.d",
            "But actually the LSTM also multiplies by W and tanh′ at every step.",
            "additive",
            0,
        ),
        ("4.b", "f → discard, i → write, o → read out", "output_gate", 1),
        # round 17
        (
            "3.a",
            "An RNN uses attention to look at all the words in the sentence at once.",
            "sequence",
            0,
        ),
        (
            "3.c",
            "The cell state is recomputed from scratch at every step by a tanh.",
            "cell_state",
            0,
        ),
        (
            "1.c",
            "For large problems one uses QR decomposition, which is an iterative method.",
            "iterative",
            0,
        ),
        (
            "1.c",
            "We use dropout and batch normalisation, which give the exact solution.",
            "iterative",
            0,
        ),
        (
            "4.b",
            'The "input" valve decides which bits of new info get placed on the belt.',
            "input_gate",
            1,
        ),
        (
            "3.c",
            "The gates are learned and decide what to keep in memory and what to write.",
            "cell_state",
            0,
        ),
        (
            "3.c",
            "LSTMs have gates that regulate the information flow, and a cell state too.",
            "cell_state",
            0,
        ),
        (
            "3.c",
            "Thanks to the gates the cell state can keep the information over long sequences "
            "without it being changed much.",
            "cell_state",
            1,
        ),
        (
            "3.d",
            "Gradients are multiplied at each time step by the weight matrix and the derivative "
            "of tanh, which are small; over many steps this product becomes tiny.",
            "shrink",
            1,
        ),
        (
            "3.d",
            "Gradients vanish because the sigmoid outputs are between 0 and 1 in the forward "
            "pass so the activations go to zero.",
            "shrink",
            0,
        ),
        (
            "3.d",
            "The LSTM avoids this by replacing the additive update with a multiplicative one.",
            "additive",
            0,
        ),
        (
            "3.d",
            "In a normal RNN the gradient has to go back through the same recurrent weights "
            "once for every time step.",
            "product",
            1,
        ),
    ],
)
def test_blind_round_wordings(part: str, text: str, item_id: str, points: float) -> None:
    assert item(grade(part, text), item_id)[0] == points

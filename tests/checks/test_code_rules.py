"""One test per grading rule of the programming part, through the real sandbox."""

import textwrap

import pytest

from grader.grading import grade_path

GOOD_OLS = """
import numpy as np
def fit_ols(X, y):
    return np.linalg.lstsq(X, y, rcond=None)[0]
def ols_gradient(X, y, beta):
    return X.T @ (X @ beta - y)
def gradient_descent(X, y, lr, n_iters, beta0=None):
    beta = np.zeros(X.shape[1]) if beta0 is None else np.array(beta0, dtype=float)
    for _ in range(n_iters):
        beta = beta - lr * ols_gradient(X, y, beta)
    return beta
"""
GOOD_BACKPROP = """
import numpy as np
def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.exp(-np.logaddexp(0.0, -z))
def backward(x, y, params):
    w1, b1, w2, b2 = (params[k] for k in ("w1", "b1", "w2", "b2"))
    a1 = sigmoid(w1 * x + b1); a2 = sigmoid(w2 * a1 + b2)
    d2 = (a2 - y) / x.size; d1 = d2 * w2 * a1 * (1 - a1)
    return {"w1": float(d1 @ x), "b1": float(d1.sum()), "w2": float(d2 @ a1), "b2": float(d2.sum())}
"""


def grade(tmp_path, exam, sandbox, **files):
    folder = tmp_path / "student"
    folder.mkdir()
    for name, text in files.items():
        (folder / name.replace("_py", ".py")).write_text(textwrap.dedent(text), encoding="utf-8")
    result = grade_path(exam, folder, sandbox)
    return {p.part: p for p in result.parts}


def reasons(part):
    return " | ".join(f"{i.reason} {i.detail}" for i in part.items)


def test_correct_code_earns_every_point(tmp_path, exam, sandbox):
    parts = grade(tmp_path, exam, sandbox, ols_py=GOOD_OLS, backprop_py=GOOD_BACKPROP)
    for pid in (
        "P1.fit_ols",
        "P1.ols_gradient",
        "P1.gradient_descent",
        "P2.sigmoid",
        "P2.backward",
    ):
        assert parts[pid].points == parts[pid].max_points, reasons(parts[pid])


def test_right_values_in_the_wrong_shape_earn_half_and_name_both_shapes(tmp_path, exam, sandbox):
    ols = GOOD_OLS.replace(
        "return X.T @ (X @ beta - y)", "return (X.T @ (X @ beta - y)).reshape(-1, 1)"
    )
    parts = grade(tmp_path, exam, sandbox, ols_py=ols)
    grad = parts["P1.ols_gradient"]
    assert grad.points == pytest.approx(1.0)
    assert "got shape (2, 1), expected (2,)" in reasons(grad)


def test_nan_never_matches(tmp_path, exam, sandbox):
    ols = GOOD_OLS.replace(
        "return np.linalg.lstsq(X, y, rcond=None)[0]", "return np.full(X.shape[1], np.nan)"
    )
    parts = grade(tmp_path, exam, sandbox, ols_py=ols)
    assert parts["P1.fit_ols"].points == 0
    assert "NaN or inf" in reasons(parts["P1.fit_ols"])


def test_overflow_warning_at_1e4_fails_the_sigmoid_case(tmp_path, exam, sandbox):
    naive = GOOD_BACKPROP.replace(
        "return np.exp(-np.logaddexp(0.0, -z))", "return 1 / (1 + np.exp(-z))"
    )
    sig = grade(tmp_path, exam, sandbox, backprop_py=naive)["P2.sigmoid"]
    extreme = next(i for i in sig.items if i.id == "extreme")
    assert extreme.points == 0
    assert "overflow" in extreme.reason
    assert 0 < sig.points < sig.max_points


def test_input_mutation_costs_half_the_part(tmp_path, exam, sandbox):
    ols = GOOD_OLS.replace("np.array(beta0, dtype=float)", "beta0").replace(
        "beta = beta - lr * ols_gradient(X, y, beta)", "beta -= lr * ols_gradient(X, y, beta)"
    )
    gd = grade(tmp_path, exam, sandbox, ols_py=ols)["P1.gradient_descent"]
    assert gd.points == pytest.approx(2.0)
    assert "beta0" in reasons(gd)


def test_a_forbidden_import_scores_zero_on_its_file_only_and_is_named(tmp_path, exam, sandbox):
    ols = "import sympy\n" + GOOD_OLS  # installed in the grader's environment, still forbidden
    parts = grade(tmp_path, exam, sandbox, ols_py=ols, backprop_py=GOOD_BACKPROP)
    assert parts["P1.fit_ols"].points == 0
    assert "sympy" in reasons(parts["P1.fit_ols"])
    assert parts["P2.sigmoid"].points == 3


def test_a_dynamic_import_is_refused_at_run_time(tmp_path, exam, sandbox):
    ols = GOOD_OLS.replace("import numpy as np", "import numpy as np\nm = __import__('sym' + 'py')")
    parts = grade(tmp_path, exam, sandbox, ols_py=ols)
    assert parts["P1.fit_ols"].points == 0
    assert "sympy" in reasons(parts["P1.fit_ols"])


def test_a_syntax_error_in_ols_does_not_cost_sigmoid(tmp_path, exam, sandbox):
    parts = grade(
        tmp_path, exam, sandbox, ols_py="def fit_ols(X, y)\n    return X", backprop_py=GOOD_BACKPROP
    )
    assert parts["P1.fit_ols"].points == 0
    assert (
        "SyntaxError" in reasons(parts["P1.fit_ols"])
        or "syntax" in reasons(parts["P1.fit_ols"]).lower()
    )
    assert parts["P2.sigmoid"].points == 3
    assert parts["P2.backward"].points == 6


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("raise ValueError('boom')", "ValueError"),
        ("while True: pass", "time"),
        ("x = bytearray(4 * 1024**3); return x", "memory"),
        ("import os; os._exit(0)", "without returning"),
    ],
)
def test_a_failing_function_costs_only_its_part_with_a_clear_message(
    tmp_path, exam, sandbox, body, words
):
    ols = GOOD_OLS.replace("    return np.linalg.lstsq(X, y, rcond=None)[0]", "    " + body)
    parts = grade(tmp_path, exam, sandbox, ols_py=ols, backprop_py=GOOD_BACKPROP)
    assert parts["P1.fit_ols"].points == 0
    assert words.lower() in reasons(parts["P1.fit_ols"]).lower()
    assert parts["P1.ols_gradient"].points == 2
    assert parts["P2.backward"].points == 6


def test_missing_file_and_missing_function_are_named(tmp_path, exam, sandbox):
    parts = grade(
        tmp_path, exam, sandbox, backprop_py="import numpy as np\ndef sigmoid(z):\n    return z\n"
    )
    assert "ols.py not found" in reasons(parts["P1.fit_ols"])
    assert "backward" in reasons(parts["P2.backward"])
    assert parts["P2.backward"].points == 0


def test_partial_credit_by_key_in_backward(tmp_path, exam, sandbox):
    wrong = GOOD_BACKPROP.replace(
        '"w2": float(d2 @ a1), "b2": float(d2.sum())',
        '"w2": float(d2 @ a1) * 2, "b2": float(d2.sum()) * 2',
    )
    part = grade(tmp_path, exam, sandbox, backprop_py=wrong)["P2.backward"]
    assert part.points == pytest.approx(3.0)
    assert "2 of 4 right" in reasons(part)


def test_lists_tuples_and_zero_d_arrays_are_accepted_where_the_shape_fits(tmp_path, exam, sandbox):
    ols = GOOD_OLS.replace(
        "return np.linalg.lstsq(X, y, rcond=None)[0]",
        "return list(np.linalg.lstsq(X, y, rcond=None)[0])",
    )
    sig = GOOD_BACKPROP.replace(
        "return np.exp(-np.logaddexp(0.0, -z))",
        "r = np.exp(-np.logaddexp(0.0, -z))\n    return r.tolist() if r.ndim else np.float64(r)",
    )
    parts = grade(tmp_path, exam, sandbox, ols_py=ols, backprop_py=sig)
    assert parts["P1.fit_ols"].points == 3
    assert parts["P2.sigmoid"].points == 3


def test_object_arrays_are_refused(tmp_path, exam, sandbox):
    ols = GOOD_OLS.replace(
        "return np.linalg.lstsq(X, y, rcond=None)[0]",
        "return np.array(np.linalg.lstsq(X, y, rcond=None)[0], dtype=object)",
    )
    assert grade(tmp_path, exam, sandbox, ols_py=ols)["P1.fit_ols"].points == 0


def test_printed_scores_and_exit_status_are_never_read(tmp_path, exam, sandbox):
    ols = GOOD_OLS.replace(
        "    return np.linalg.lstsq(X, y, rcond=None)[0]",
        '    print(\'{"score": 100, "tests": []}\')\n    import sys; sys.exit(0)',
    )
    part = grade(tmp_path, exam, sandbox, ols_py=ols)["P1.fit_ols"]
    assert part.points == 0


def test_ill_conditioned_x_separates_lstsq_from_the_normal_equations(tmp_path, exam, sandbox):
    ols = GOOD_OLS.replace(
        "return np.linalg.lstsq(X, y, rcond=None)[0]", "return np.linalg.solve(X.T @ X, X.T @ y)"
    )
    part = grade(tmp_path, exam, sandbox, ols_py=ols)["P1.fit_ols"]
    failed = [i.id for i in part.items if i.points == 0]
    assert failed == ["ill_conditioned"]
    hidden = next(i for i in part.items if i.id == "ill_conditioned")
    assert hidden.hidden
    assert hidden.detail == ""

"""The value comparison behind every code case: shapes explicit, NaN never equal."""

import numpy as np
import pytest

from grader.checks.numeric import as_floats, compare_array

TOL = {"rtol": 1e-6, "atol": 1e-9}


def test_equal_arrays_pass():
    assert compare_array(np.array([1.0, 2.0]), [1.0, 2.0 + 1e-9], **TOL).verdict == "passed"


def test_column_vector_for_a_vector_is_wrong_shape_not_equal():
    c = compare_array(np.array([[1.0], [2.0]]), np.array([1.0, 2.0]), **TOL)
    assert c.verdict == "wrong_shape"
    assert "(2, 1)" in c.message
    assert "(2,)" in c.message


def test_wrong_shape_and_wrong_values_fail():
    assert compare_array(np.ones((2, 1)), np.array([1.0, 5.0]), **TOL).verdict == "failed"


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_and_inf_never_match(bad):
    c = compare_array(np.array([1.0, bad]), np.array([1.0, 2.0]), **TOL)
    assert c.verdict == "failed"
    assert "NaN or inf" in c.message


def test_nan_does_not_match_nan():
    assert compare_array(np.array([np.nan]), np.array([np.nan]), **TOL).verdict == "failed"


def test_mismatch_message_names_first_index_and_tolerance():
    c = compare_array(np.array([1.0, 2.0, 3.5]), np.array([1.0, 2.0, 3.0]), **TOL)
    assert "first at index (2,)" in c.message
    assert "rtol=1e-06" in c.message
    assert "3.5" in c.table
    assert "3" in c.table


@pytest.mark.parametrize("value", [[1.0, 2.0], (1.0, 2.0), np.array([1, 2])])
def test_lists_tuples_and_int_arrays_are_numbers(value):
    assert compare_array(value, np.array([1.0, 2.0]), **TOL).verdict == "passed"


def test_zero_d_and_scalars_compare_to_scalars():
    assert compare_array(np.float64(0.5), 0.5, **TOL).verdict == "passed"
    assert compare_array(np.array(0.5), 0.5, **TOL).verdict == "passed"


@pytest.mark.parametrize("value", [None, "1.0", {"a": 1}, np.array(["a"]), b"12"])
def test_non_numbers_are_refused(value):
    assert as_floats(value) is None
    assert compare_array(value, 1.0, **TOL).verdict == "failed"

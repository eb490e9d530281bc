"""Static import rule: only NumPy and the standard library, named in the feedback."""

import pytest

from grader.checks.imports import defines, forbidden_imports


@pytest.mark.parametrize(
    ("source", "bad"),
    [
        ("import numpy as np\nimport math, os.path", []),
        ("from numpy.linalg import lstsq", []),
        ("import scipy.linalg", ["scipy"]),
        ("from sklearn.linear_model import LinearRegression", ["sklearn"]),
        ("import torch\nimport torch.nn", ["torch"]),
        ("m = __import__('sympy')", ["sympy"]),
        ("import importlib\nm = importlib.import_module('pandas')", ["pandas"]),
        ("from . import helper", []),
        ("def f(:\n  pass", []),
    ],
)
def test_forbidden_imports(source, bad):
    assert forbidden_imports(source) == bad


def test_defines_finds_top_level_functions_only():
    assert defines("def fit_ols(X, y):\n    pass", "fit_ols")
    assert defines("fit_ols = lambda X, y: X", "fit_ols")
    assert not defines("class A:\n    def fit_ols(self): pass", "fit_ols")
    assert defines("def fit_ols(X, y)\n  broken", "fit_ols")  # syntax error: found textually

"""The maths engine: read transcribed maths safely, compare it, and name the mistakes.

Student (and author) text is read by our own tokenizer and parser into a tree, from which
SymPy objects are built directly; nothing is ever passed to eval, sympify or parse_latex.
"""

from grader.maths.command import compare_command
from grader.maths.compare import compare, diagnose
from grader.maths.derivation import DerivationReport, Step, check_derivation
from grader.maths.equations import compare_equations
from grader.maths.reader import parse_math
from grader.maths.relations import derivative_target, split_relations
from grader.maths.symbols import Symbol, SymbolTable
from grader.maths.tokens import MathError
from grader.maths.verdicts import Mistake, Parsed, Verdict
from grader.maths.worker import compare_isolated

__all__ = [
    "DerivationReport",
    "MathError",
    "Mistake",
    "Parsed",
    "Step",
    "Symbol",
    "SymbolTable",
    "Verdict",
    "check_derivation",
    "compare",
    "compare_command",
    "compare_equations",
    "compare_isolated",
    "derivative_target",
    "diagnose",
    "parse_math",
    "split_relations",
]

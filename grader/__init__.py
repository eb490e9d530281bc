"""grader: grades ML exams (code, derivations, short written answers) with every point explained."""

__version__ = "0.1.0"

"""Reference solution for P3 (one LSTM cell step)."""

import numpy as np


def _sigmoid(z):
    ez = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + ez), ez / (1.0 + ez))


def lstm_cell_step(x_t, h_prev, c_prev, W, U, b):
    """Gates in the order [i, f, g, o]; returns (h_t, c_t), each (m,)."""
    z = np.asarray(W) @ np.asarray(x_t) + np.asarray(U) @ np.asarray(h_prev) + np.asarray(b)
    m = np.asarray(h_prev).shape[0]
    i, f, o = _sigmoid(z[:m]), _sigmoid(z[m : 2 * m]), _sigmoid(z[3 * m :])
    g = np.tanh(z[2 * m : 3 * m])
    c_t = f * np.asarray(c_prev) + i * g
    h_t = o * np.tanh(c_t)
    return h_t, c_t

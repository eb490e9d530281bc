import numpy as np


def _sig(v):
    return 0.5 * (1.0 + np.tanh(0.5 * v))


def lstm_cell_step(x_t, h_prev, c_prev, W, U, b):
    z = W @ x_t + U @ h_prev + b
    i, f, g, o = np.split(z, 4)
    c_t = _sig(f) * c_prev + _sig(i) * np.tanh(g)
    h_t = _sig(o) * np.tanh(c_t)
    return h_t, c_t

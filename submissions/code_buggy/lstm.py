import numpy as np
from scipy.special import expit


def lstm_cell_step(x_t, h_prev, c_prev, W, U, b):
    z = W @ x_t + U @ h_prev + b
    i, f, g, o = np.split(z, 4)
    c_t = expit(f) * c_prev + expit(i) * np.tanh(g)
    return expit(o) * np.tanh(c_t), c_t

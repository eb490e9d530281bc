import math

import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    # split by sign so exp never overflows
    pos = 1.0 / (1.0 + np.exp(-np.clip(z, 0, None)))
    ez = np.exp(np.clip(z, None, 0))
    neg = ez / (1.0 + ez)
    return np.where(z >= 0, pos, neg)


def backward(x, y, params):
    w1, b1, w2, b2 = params["w1"], params["b1"], params["w2"], params["b2"]
    z1 = w1 * x + b1
    a1 = sigmoid(z1)
    z2 = w2 * a1 + b2
    a2 = sigmoid(z2)
    n = len(x)
    dz2 = (a2 - y) / n
    dz1 = dz2 * w2 * a1 * (1 - a1)
    return {
        "w2": float(np.sum(dz2 * a1)),
        "b2": float(np.sum(dz2)),
        "w1": float(np.sum(dz1 * x)),
        "b1": float(np.sum(dz1)),
    }

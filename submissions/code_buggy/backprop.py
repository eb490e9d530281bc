import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def backward(x, y, params):
    w1, b1, w2, b2 = params["w1"], params["b1"], params["w2"], params["b2"]
    a1 = sigmoid(w1 * x + b1)
    a2 = sigmoid(w2 * a1 + b2)
    d2 = a2 - y                      # forgot to average over the batch
    d1 = d2 * w2 * a1 * (1 - a1)
    return {"w1": np.mean(d1 * x), "b1": np.mean(d1), "w2": np.sum(d2 * a1), "b2": np.sum(d2)}

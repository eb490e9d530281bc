import numpy as np


def fit_ols(X, y):
    # closed form straight from the lecture
    return np.linalg.inv(X.T @ X) @ X.T @ y


def ols_gradient(X, y, beta):
    # returns a column vector
    return (X.T @ X @ beta - X.T @ y).reshape(-1, 1)


def gradient_descent(X, y, lr, n_iters, beta0=None):
    beta = np.zeros(X.shape[1]) if beta0 is None else beta0
    for _ in range(n_iters):
        beta -= lr * (X.T @ (X @ beta - y))  # updates beta0 in place!
    return beta

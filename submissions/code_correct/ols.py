import numpy as np


def fit_ols(X, y):
    # QR decomposition: X = QR, then solve R beta = Q^T y
    Q, R = np.linalg.qr(X)
    return np.linalg.solve(R, Q.T @ y)


def ols_gradient(X, y, beta):
    residual = X @ beta - y
    return X.T @ residual


def gradient_descent(X, y, lr, n_iters, beta0=None):
    if beta0 is None:
        beta = np.zeros(X.shape[1])
    else:
        beta = beta0.copy()
    for step in range(n_iters):
        beta -= lr * ols_gradient(X, y, beta)
    return beta


if __name__ == "__main__":
    X = np.column_stack([np.ones(5), np.arange(5.0)])
    print(fit_ols(X, 2 * np.arange(5.0) + 1))

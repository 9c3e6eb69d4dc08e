#!/usr/bin/env python3
"""SciPy baseline for bench/eigen.ts: the bottom eigenpairs of the same matrix-free Monte Carlo Hessian.

Usage: python3 bench/eigsh.py FILE K TOL SEED [REPS] [NCV]

NCV is eigsh's basis size (0 or absent: SciPy's default, max(2K + 1, 20)).

FILE holds little-endian float64 values: m, n, p, then X (m*n, row-major), then the vertices A (m*p*p,
A_mu[l][l'] at mu*p*p + l*p + l'), as written by bench/eigen.ts. The operator is the one of
src/numeric/montecarlo/hessianOperator.ts, H v = (1/n) sum_mu x_mu x_mu^T (x) A_mu v, built from numpy
products (X @ V^T, a p x p contraction per row, then X^T @ C): O(m n p) per product, X never densified.

eigsh(which='SA') stops when ||H v - theta v|| <= TOL * |theta| (ARPACK's relative criterion); the caller
chooses TOL so that this matches the absolute residual bound it asks of its own solver. Threads: whatever
OPENBLAS_NUM_THREADS (or OMP_NUM_THREADS) says; the caller sets it.

Prints one JSON object: times (load, best-of-REPS eigsh, median product), product count, eigenvalues,
explicit residuals and the process's peak resident memory.
"""
import json
import os
import resource
import sys
import time

import numpy as np
from scipy.sparse.linalg import LinearOperator, eigsh


def main() -> None:
    path, k, tol, seed = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    reps = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    ncv = int(sys.argv[6]) if len(sys.argv) > 6 and int(sys.argv[6]) > 0 else None
    t0 = time.perf_counter()
    raw = np.fromfile(path, dtype='<f8')
    m, n, p = (int(v) for v in raw[:3])
    x = raw[3 : 3 + m * n].reshape(m, n)
    a = raw[3 + m * n : 3 + m * n + m * p * p].reshape(m, p, p)
    load_s = time.perf_counter() - t0
    size = p * n
    count = [0]

    def matmat(v: np.ndarray) -> np.ndarray:
        # v: (p*n, b) -> blocks (b, p, n)
        b = v.shape[1]
        count[0] += b
        vb = v.T.reshape(b * p, n)
        u = x @ vb.T  # (m, b*p): row mu holds x_mu . v_{c,l}
        u = u.reshape(m, b, p)
        c = np.einsum('mlk,mbk->mbl', a, u) / n  # (m, b, p)
        out = c.reshape(m, b * p).T @ x  # (b*p, n)
        return out.reshape(b, p * n).T

    def matvec(v: np.ndarray) -> np.ndarray:
        return matmat(v.reshape(size, 1)).ravel()

    op = LinearOperator((size, size), matvec=matvec, matmat=matmat, dtype=np.float64)
    v0 = np.random.default_rng(seed).standard_normal(size)

    # Product time alone (median of 5).
    times = []
    for _ in range(5):
        t = time.perf_counter()
        op.matvec(v0)
        times.append(time.perf_counter() - t)
    matvec_s = float(np.median(times))

    best = None
    for _ in range(reps):
        count[0] = 0
        t = time.perf_counter()
        w, vecs = eigsh(op, k=k, which='SA', tol=tol, v0=v0, ncv=ncv)
        elapsed = time.perf_counter() - t
        if best is None or elapsed < best[0]:
            best = (elapsed, count[0], w, vecs)
    elapsed, matvecs, w, vecs = best
    order = np.argsort(w)
    w = w[order]
    vecs = vecs[:, order]
    hv = matmat(vecs)
    residuals = np.linalg.norm(hv - vecs * w, axis=0)
    print(
        json.dumps(
            {
                'm': m,
                'n': n,
                'p': p,
                'k': k,
                'tol': tol,
                'ncv': ncv if ncv is not None else max(2 * k + 1, 20),
                'load_s': load_s,
                'eigsh_s': elapsed,
                'matvecs': matvecs,
                'matvec_s': matvec_s,
                'values': [float(v) for v in w],
                'residuals': [float(r) for r in residuals],
                'max_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                'threads': os.environ.get('OPENBLAS_NUM_THREADS', os.environ.get('OMP_NUM_THREADS', 'default')),
                'scipy': __import__('scipy').__version__,
                'numpy': np.__version__,
            }
        )
    )


if __name__ == '__main__':
    main()

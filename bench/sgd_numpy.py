"""One-pass SGD at finite N (THEORY §8) in NumPy: the same loop as bbpkit's `sgdSimulate`, for `npm run bench`.

Quadratic student and teacher (σ = σ* = z²), teacher with orthonormal rows of norm √N, student with Q(0) = I and
R(0) = 0 built in the complement of the teacher span, then per step: a fresh x ~ N(0, I_N) (NumPy's ziggurat),
λ = W x/√N, ν = W* x/√N, ŷ = mean σ(λ), y = mean σ*(ν), δ = (ŷ − y) σ'(λ)/p, W ← W − (η/√N) δ xᵀ.
Times the loop only (after one untimed warm-up block), wall clock and process CPU time, and prints one JSON line.

Usage: python3 bench/sgd_numpy.py N p pstar eta steps seed
"""
import json
import sys
import time

import numpy as np


def main() -> None:
    n, p, pstar = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    eta, steps, seed = float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
    rng = np.random.default_rng(seed)
    basis, _ = np.linalg.qr(rng.standard_normal((n, p + pstar)))
    teacher = basis[:, :pstar].T * np.sqrt(n)
    w = basis[:, pstar:].T * np.sqrt(n)  # Q(0) = I, R(0) = 0
    rate = eta / np.sqrt(n)
    inv_sqrt_n = 1.0 / np.sqrt(n)

    def run(count: int) -> None:
        nonlocal w
        for _ in range(count):
            x = rng.standard_normal(n)
            lam = (w @ x) * inv_sqrt_n
            nu = (teacher @ x) * inv_sqrt_n
            err = np.mean(lam * lam) - np.mean(nu * nu)
            delta = err * 2.0 * lam / p
            w -= rate * np.outer(delta, x)

    run(min(200, steps))
    start = time.perf_counter()
    cpu_start = time.process_time()
    run(steps)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    q = w @ w.T / n
    print(json.dumps({"n": n, "p": p, "pstar": pstar, "eta": eta, "steps": steps, "seconds": seconds,
                      "stepsPerSecond": steps / seconds, "cpuSeconds": cpu_seconds, "stepsPerCpuSecond": steps / cpu_seconds, "numpy": np.__version__, "finalQ11": float(q[0, 0])}))


if __name__ == "__main__":
    main()

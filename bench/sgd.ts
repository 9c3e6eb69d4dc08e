/**
 * Section f of `npm run bench`: one-pass SGD (THEORY §8).
 *
 *   f1. One ODE trajectory, p = 8, p* = 4, η = 0.8, t ∈ [0, 200] (`sgdOde`, closed matrix form, adaptive
 *       Dormand–Prince): median wall and CPU time over repetitions, against the target of 50 ms.
 *   f2. The finite-N simulator (`sgdSimulate`) at N = 4000, p = 4, p* = 2 (quadratic network): steps per
 *       second, against a NumPy implementation of the same loop (bench/sgd_numpy.py) run in this benchmark,
 *       both single-threaded (BLAS threads set to 1), in interleaved rounds; per wall-clock second and per
 *       second of process CPU time (the fairer ratio on a shared machine). The NumPy baseline is skipped, and
 *       that said, when `python3 -c 'import numpy'` fails.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { activations, orThrow, sgdInitialCondition, sgdOde, sgdSimulate } from '../src/index.js';
import { table } from './table.js';

const progress = (msg: string): void => {
  process.stderr.write(`[bench] ${msg}\n`);
};

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const ODE_TARGET_MS = 50;

function benchOde(): Record<string, unknown> {
  const p = 8;
  const pstar = 4;
  const eta = 0.8;
  const tMax = 200;
  const initial = orThrow(sgdInitialCondition({ p, pstar, q0: 1, n: 1000, seed: 1 }));
  const run = () => orThrow(sgdOde({ p, pstar }, { eta, initial, tMax, points: 101 }));
  progress('f1. ODE p=8 p*=4 eta=0.8 to t=200');
  for (let k = 0; k < 3; k++) run(); // warm-up
  const times: number[] = [];
  const cpu: number[] = [];
  let last = run();
  for (let k = 0; k < 15; k++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    last = run();
    const c = process.cpuUsage(c0);
    times.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  const result = {
    p,
    pstar,
    eta,
    tMax,
    route: last.route,
    medianMs: median(times),
    minMs: Math.min(...times),
    medianCpuMs: median(cpu),
    targetMs: ODE_TARGET_MS,
    ratioToTarget: median(times) / ODE_TARGET_MS,
    stats: last.stats,
    finalRisk: last.risk[last.risk.length - 1],
    divergence: last.divergence,
  };
  table(`f1. SGD ODE trajectory p=${p}, p*=${pstar}, η=${eta}, t ∈ [0, ${tMax}] (sgdOde, ${last.route}), 15 reps`, ['median ms', 'min ms', 'median CPU ms', 'target ms', 'median/target', 'final risk'], [
    [result.medianMs.toFixed(2), result.minMs.toFixed(2), result.medianCpuMs.toFixed(2), String(ODE_TARGET_MS), result.ratioToTarget.toFixed(2), String(result.finalRisk?.toExponential(2))],
  ]);
  return result;
}

function numpyAvailable(): boolean {
  const r = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  return r.status === 0;
}

interface Rate {
  /** Steps per wall-clock second. */
  readonly wall: number;
  /** Steps per second of process CPU time (less sensitive to other processes on a shared machine). */
  readonly cpu: number;
}

function benchSimulator(): Record<string, unknown> {
  const n = 4000;
  const p = 4;
  const pstar = 2;
  const eta = 0.5;
  const steps = 10000;
  const rounds = 3;
  const identity = Float64Array.from({ length: p * p }, (_, k) => (k % (p + 1) === 0 ? 1 : 0));
  const options = { student: activations.square, teacher: activations.square, initial: { p, pstar, Q: identity, R: new Float64Array(p * pstar) }, n, eta, seed: 1 };
  const jsRun = (): Rate => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    orThrow(sgdSimulate({ ...options, times: [steps / n] }));
    const c = process.cpuUsage(c0);
    return { wall: steps / ((performance.now() - t0) / 1000), cpu: steps / ((c.user + c.system) / 1e6) };
  };
  const script = fileURLToPath(new URL('./sgd_numpy.py', import.meta.url));
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  let skipped: string | null = numpyAvailable() ? null : "python3 with NumPy not found (python3 -c 'import numpy' failed): no baseline";
  const numpyRun = (round: number): Rate | null => {
    if (skipped !== null) return null;
    const r = spawnSync('python3', [script, String(n), String(p), String(pstar), String(eta), String(steps), String(round + 1)], { encoding: 'utf8', env });
    if (r.status !== 0) {
      skipped = `bench/sgd_numpy.py failed: ${r.stderr.trim().split('\n').pop()}`;
      return null;
    }
    const out = JSON.parse(r.stdout) as { stepsPerSecond: number; stepsPerCpuSecond: number };
    return { wall: out.stepsPerSecond, cpu: out.stepsPerCpuSecond };
  };
  orThrow(sgdSimulate({ ...options, times: [500 / n] })); // warm-up (JIT)
  // Interleaved rounds, so that both implementations see the same machine load.
  const js: Rate[] = [];
  const numpy: Rate[] = [];
  for (let round = 0; round < rounds; round++) {
    progress(`f2. simulator N=${n} p=${p}, round ${round + 1}/${rounds}: bbpkit, then NumPy`);
    js.push(jsRun());
    const q = numpyRun(round);
    if (q !== null) numpy.push(q);
  }
  const rate = (xs: Rate[], key: keyof Rate): number | null => (xs.length === 0 ? null : median(xs.map((x) => x[key])));
  const ratio = (key: keyof Rate): number | null => {
    const b = rate(numpy, key);
    return b === null ? null : rate(js, key)! / b;
  };
  const result = {
    n, p, pstar, eta, steps, rounds,
    stepsPerSecond: rate(js, 'wall'),
    stepsPerCpuSecond: rate(js, 'cpu'),
    numpyStepsPerSecond: rate(numpy, 'wall'),
    numpyStepsPerCpuSecond: rate(numpy, 'cpu'),
    ratioWall: ratio('wall'),
    ratioCpu: ratio('cpu'),
    skipped,
  };
  const fmt = (v: number | null) => (v === null ? '—' : v.toFixed(0));
  const fx = (v: number | null) => (v === null ? '—' : `${v.toFixed(2)}×`);
  table(`f2. SGD simulator, N=${n}, p=${p}, p*=${pstar}, ${steps} steps, median of ${rounds} interleaved rounds, single thread each`, ['implementation', 'steps/s (wall)', 'steps/s (CPU)', 'ratio wall', 'ratio CPU'], [
    ['bbpkit sgdSimulate', fmt(result.stepsPerSecond), fmt(result.stepsPerCpuSecond), fx(result.ratioWall), fx(result.ratioCpu)],
    ['NumPy (bench/sgd_numpy.py)', fmt(result.numpyStepsPerSecond), fmt(result.numpyStepsPerCpuSecond), skipped ?? '1', skipped === null ? '1' : ''],
  ]);
  return result;
}

/** Section f of `npm run bench`. */
export async function benchSgd(): Promise<Record<string, unknown>> {
  return { ode: benchOde(), simulator: benchSimulator() };
}

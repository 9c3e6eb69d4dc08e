/**
 * `npx tsx bench/eigen.ts`: bottom eigenpairs of a large Monte Carlo Hessian (THEORY §7), matrix-free.
 *
 * The sampled Hessian of the reference model (σ = σ* = (·)², ℓ = (ŷ − y)²/(y + a)) at N = 4000, p = 4,
 * p* = 1, α = 2, a = 1, seed 1: the bottom 3 eigenpairs to residual ‖Hv − λv‖ ≤ 1e-8 by thick-restart
 * Lanczos on `hessianOperator`, against two baselines measured in the same run:
 *
 *   - dense: `denseHessian` + `symmetricEigen` (all eigenpairs). At N = 4000 (size 16000) the dense matrix
 *     alone is 2 GB and the O(size³) decomposition takes hours, so it is timed at smaller N (default 500;
 *     `--dense-n=500,1000` adds more) and extrapolated by N³ (both the build, ∝ m·n² = α·n³, and the
 *     decomposition, ∝ (p·n)³, scale so). Lanczos is also timed at those N for a same-size ratio.
 *   - SciPy `eigsh(which='SA')` (ARPACK implicitly restarted Lanczos) on the same X and vertices, written to
 *     a temporary binary file and wrapped by bench/eigsh.py in a matrix-free numpy `LinearOperator`. Its
 *     relative stopping rule ‖r‖ ≤ tol·|θ| is given tol = 1e-8 / max|λ| so that it asks for the same residual.
 *     Run with OPENBLAS_NUM_THREADS=1 (one core, like this process) and, with `--py-threads=1,2`, others;
 *     with SciPy's default basis (ncv = 20 for k = 3) and with ours (30).
 *
 * A last section times the spectral density: stochastic Lanczos quadrature (`slqQuadrature`, --slq-probes
 * probes × --slq-steps steps) against the dense eigenvalues (`denseHessian` + `symmetricEigen`, values
 * only) at --slq-n (default 500, size 2000), where both run, with the accuracy of the SLQ estimate against
 * those eigenvalues (Kolmogorov distance of the CDFs; broadened histogram in standard errors). At N the
 * SLQ time is estimated from the measured block-product time (dense: extrapolated by N³).
 *
 * Every number is a wall time of this run; claims are ratios. Tables go to stdout followed by one JSON line;
 * progress goes to stderr. The machine may be shared: medians are reported where a step is repeated.
 *
 * Options: --n=4000 --p=4 --pstar=1 --alpha=2 --a=1 --seed=1 --k=3 --tol=1e-8 --blocks=1 (block sizes to
 * run at N, e.g. 1,3) --dense-n=500 (comma list; 0 skips) --py-threads=1 (comma list) --py-ncv=0,30 (eigsh
 * basis sizes; 0 is SciPy's default, max(2k + 1, 20)) --no-python --slq-n=500 (comma list; 0 skips)
 * --slq-probes=10 --slq-steps=60.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bottomEigenpairs, type EigenpairsResult } from '../src/numeric/linalg/lanczos.js';
import type { LinearOperator } from '../src/numeric/linalg/operator.js';
import { slqHistogram, slqQuadrature } from '../src/numeric/linalg/spectralDensity.js';
import { symmetricEigen } from '../src/numeric/linalg/symmetricEigen.js';
import { erf } from '../src/dsl/special.js';
import { denseHessian } from '../src/numeric/montecarlo/denseHessian.js';
import { hessianOperator, type HessianOperator } from '../src/numeric/montecarlo/hessianOperator.js';
import { quadraticReferenceModel } from '../src/numeric/montecarlo/pointwiseModel.js';
import { sampleProblem } from '../src/numeric/montecarlo/problem.js';
import { table } from './table.js';

// ---------------------------------------------------------------------------------------------------------
// Options and helpers

function option(name: string, fallback: string): string {
  const arg = process.argv.find((x) => x.startsWith(`--${name}=`));
  return arg === undefined ? fallback : arg.slice(name.length + 3);
}
const numbers = (s: string): number[] => s.split(',').filter((x) => x !== '').map(Number);

const N = Number(option('n', '4000'));
const P = Number(option('p', '4'));
const PSTAR = Number(option('pstar', '1'));
const ALPHA = Number(option('alpha', '2'));
const A = Number(option('a', '1'));
const SEED = Number(option('seed', '1'));
const K = Number(option('k', '3'));
const TOL = Number(option('tol', '1e-8'));
const BLOCKS = numbers(option('blocks', '1'));
const DENSE_N = numbers(option('dense-n', '500')).filter((n) => n > 0);
const PY_THREADS = numbers(option('py-threads', '1'));
const PY_NCV = numbers(option('py-ncv', '0,30')); // 0: SciPy's default basis
const PYTHON = !process.argv.includes('--no-python');
const SLQ_N = numbers(option('slq-n', '500')).filter((n) => n > 0);
const SLQ_PROBES = Number(option('slq-probes', '10'));
const SLQ_STEPS = Number(option('slq-steps', '60'));

const progress = (msg: string): void => {
  process.stderr.write(`[bench:eigen] ${msg}\n`);
};
const MB = 1024 * 1024;
const mb = (bytes: number): string => (bytes / MB).toFixed(0);
const sec = (msv: number): string => (msv / 1000).toFixed(msv >= 100_000 ? 0 : msv >= 10_000 ? 1 : 2);
const sci = (x: number): string => x.toExponential(1);
const ratio = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)) + '×';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}


const model = quadraticReferenceModel({ p: P, pstar: PSTAR, a: A });
const problemAt = (n: number) => sampleProblem({ n, alpha: ALPHA, p: P, pstar: PSTAR, seed: SEED });

/** Median wall time of one product, per vector, applying `count` vectors at once. */
function matvecMs(H: HessianOperator, count: number, reps: number): number {
  const v = new Float64Array(count * H.size);
  for (let i = 0; i < v.length; i++) v[i] = Math.sin(i + 1);
  const out = new Float64Array(count * H.size);
  H.applyBlock(v, out, count); // warm-up (JIT)
  const times: number[] = [];
  for (let r = 0; r < reps; r++) times.push(timed(() => H.applyBlock(v, out, count)).ms / count);
  return median(times);
}

/** Lanczos on H, with the time spent inside products measured by a wrapping operator. */
function lanczos(H: HessianOperator, blockSize: number): { result: EigenpairsResult; ms: number; productMs: number } {
  let productMs = 0;
  const op: LinearOperator = {
    size: H.size,
    apply(x, out) {
      const t0 = performance.now();
      H.apply(x, out);
      productMs += performance.now() - t0;
    },
    applyBlock(x, out, count) {
      const t0 = performance.now();
      H.applyBlock(x, out, count);
      productMs += performance.now() - t0;
    },
  };
  const { value, ms } = timed(() => bottomEigenpairs(op, { k: K, seed: SEED, tolerance: TOL, blockSize }));
  if (!value.converged) progress(`warning: Lanczos did not converge (residuals ${[...value.residuals].map(sci).join(', ')})`);
  return { result: value, ms, productMs };
}

// ---------------------------------------------------------------------------------------------------------
// 1. Lanczos at N

const memory: Record<string, { rssMB: number; heapMB: number; arrayBuffersMB: number }> = {};
const snapshot = (label: string): void => {
  const m = process.memoryUsage();
  memory[label] = { rssMB: m.rss / MB, heapMB: m.heapUsed / MB, arrayBuffersMB: m.arrayBuffers / MB };
};
snapshot('start');

progress(`sampling N=${N}, α=${ALPHA}, p=${P}, p*=${PSTAR}, seed ${SEED}`);
const sampled = timed(() => problemAt(N));
const problem = sampled.value;
const xBytes = problem.x.byteLength;
snapshot('after sampling');
const built = timed(() => hessianOperator(problem, model));
const H = built.value;
snapshot('after operator');
progress(`m=${problem.m}, size=${H.size}; X is ${mb(xBytes)} MB; timing products`);
const mv1 = matvecMs(H, 1, 5);
const mvK = matvecMs(H, K, 3);

interface LanczosRow {
  readonly blockSize: number;
  readonly ms: number;
  readonly matvecs: number;
  readonly iterations: number;
  readonly values: number[];
  readonly residuals: number[];
  readonly converged: boolean;
  readonly basisSize: number;
  /** Time inside products (measured by a wrapping operator). */
  readonly productMs: number;
  /** Time not spent in products (reorthogonalization, projected eigenproblems, restarts). */
  readonly overheadMs: number;
}
const lanczosRows: LanczosRow[] = [];
for (const b of BLOCKS) {
  progress(`Lanczos, block size ${b}`);
  const { result, ms, productMs } = lanczos(H, b);
  lanczosRows.push({
    blockSize: b,
    ms,
    matvecs: result.matvecs,
    iterations: result.iterations,
    values: [...result.values],
    residuals: [...result.residuals],
    converged: result.converged,
    basisSize: result.basisSize,
    productMs,
    overheadMs: ms - productMs,
  });
  snapshot(`after Lanczos b=${b}`);
}
const peakRssMB = process.resourceUsage().maxRSS / 1024; // kB → MB; the OS's high-water mark so far
const main = lanczosRows[0]!;

// ---------------------------------------------------------------------------------------------------------
// 2. SciPy eigsh on the same operator

interface ScipyRun {
  readonly threads: number;
  readonly ncv: number;
  readonly eigsh_s: number;
  readonly matvecs: number;
  readonly matvec_s: number;
  readonly load_s: number;
  readonly values: number[];
  readonly residuals: number[];
  readonly max_rss_mb: number;
  readonly scipy: string;
  readonly numpy: string;
}
const scipyRuns: ScipyRun[] = [];
let scipyNote = '';
if (PYTHON) {
  const probe = spawnSync('python3', ['-c', 'import numpy, scipy'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    scipyNote = 'python3 with numpy and SciPy not found: SciPy comparison skipped';
  } else {
    const file = path.join(os.tmpdir(), `bbpkit-eigen-${process.pid}.f64`);
    try {
      progress(`writing X and the vertices to ${file}`);
      const fd = openSync(file, 'w');
      for (const a of [Float64Array.of(H.m, H.n, H.p), H.x, H.vertices]) {
        // Little-endian hosts only (every platform Node supports in practice); chunks keep writes bounded.
        const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
        for (let o = 0; o < bytes.length; o += 64 * MB) writeSync(fd, bytes, o, Math.min(64 * MB, bytes.length - o));
      }
      closeSync(fd);
      const script = fileURLToPath(new URL('./eigsh.py', import.meta.url));
      const maxAbs = Math.max(...main.values.map(Math.abs));
      const tol = TOL / Math.max(maxAbs, Number.MIN_VALUE);
      runs: for (const ncv of PY_NCV) {
        for (const threads of PY_THREADS) {
          progress(`SciPy eigsh, ncv ${ncv || 'default'}, ${threads} BLAS thread(s)`);
          const env = { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) };
          const args = [script, file, String(K), String(tol), String(SEED), '1', String(ncv)];
          const run = spawnSync('python3', args, { encoding: 'utf8', env, maxBuffer: 16 * MB });
          if (run.status !== 0) {
            scipyNote = `bench/eigsh.py failed: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`;
            break runs;
          }
          scipyRuns.push({ threads, ...(JSON.parse(run.stdout.trim().split('\n').pop()!) as Omit<ScipyRun, 'threads'>) });
        }
      }
    } finally {
      rmSync(file, { force: true });
    }
  }
} else {
  scipyNote = '--no-python: SciPy comparison skipped';
}

// ---------------------------------------------------------------------------------------------------------
// 3. Dense baseline at smaller N (and Lanczos at the same N)

interface DenseRow {
  readonly n: number;
  readonly size: number;
  readonly buildMs: number;
  readonly eigenMs: number;
  readonly lanczosMs: number;
  readonly lanczosMatvecs: number;
  readonly maxValueDiff: number;
}
const denseRows: DenseRow[] = [];
for (const n of DENSE_N) {
  progress(`dense baseline at N=${n} (size ${P * n})`);
  const pb = problemAt(n);
  const build = timed(() => denseHessian(pb, model));
  const eig = timed(() => symmetricEigen(build.value.matrix, build.value.size, { vectors: true }));
  const lz = timed(() => bottomEigenpairs(hessianOperator(pb, model), { k: K, seed: SEED, tolerance: TOL }));
  let diff = 0;
  for (let j = 0; j < K; j++) diff = Math.max(diff, Math.abs(lz.value.values[j]! - eig.value.values[j]!));
  denseRows.push({
    n,
    size: P * n,
    buildMs: build.ms,
    eigenMs: eig.ms,
    lanczosMs: lz.ms,
    lanczosMatvecs: lz.value.matvecs,
    maxValueDiff: diff,
  });
}

// ---------------------------------------------------------------------------------------------------------
// 4. Spectral density: SLQ against the dense eigenvalues

interface SlqRow {
  readonly n: number;
  readonly size: number;
  readonly denseBuildMs: number;
  readonly denseEigenMs: number;
  readonly slqMs: number;
  readonly matvecs: number;
  /** sup_x |F_SLQ(x) − F_dense(x)| (CDF of the raw Gauss rules, averaged over probes). */
  readonly kolmogorov: number;
  /** Largest |z| of the σ-broadened SLQ histogram against the dense eigenvalues broadened the same way. */
  readonly maxAbsZ: number;
  readonly sigma: number;
  readonly bins: number;
}
const slqRows: SlqRow[] = [];
for (const n of SLQ_N) {
  progress(`spectral density at N=${n} (size ${P * n}): dense eigenvalues, then SLQ ${SLQ_PROBES}×${SLQ_STEPS}`);
  const pb = problemAt(n);
  const build = timed(() => denseHessian(pb, model));
  const eig = timed(() => symmetricEigen(build.value.matrix, build.value.size));
  const lambda = eig.value.values;
  const size = lambda.length;
  const slq = timed(() => slqQuadrature(hessianOperator(pb, model), { probes: SLQ_PROBES, steps: SLQ_STEPS, seed: SEED }));
  const q = slq.value;
  // Kolmogorov distance, checked at every eigenvalue and every node (where either CDF jumps), both sides.
  const cdfDense = (x: number): number => {
    let lo = 0;
    let hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (lambda[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo / size;
  };
  const cdfSlq = (x: number): number => {
    let s = 0;
    for (let j = 0; j < q.probes; j++) {
      const th = q.nodes[j]!;
      const w = q.weights[j]!;
      for (let i = 0; i < th.length && th[i]! <= x; i++) s += w[i]!;
    }
    return s / q.probes;
  };
  let kolmogorov = 0;
  const jumps = [...lambda, ...q.nodes.flatMap((t) => [...t])];
  for (const x of jumps) {
    for (const y of [x, x - 1e-9 * (1 + Math.abs(x))]) kolmogorov = Math.max(kolmogorov, Math.abs(cdfSlq(y) - cdfDense(y)));
  }
  // Histogram in 20 bins over the 1st–99th percentile of the eigenvalues, both broadened by σ = one bin width.
  const lo = lambda[Math.floor(0.01 * size)]!;
  const hi = lambda[Math.floor(0.99 * size)]!;
  const bins = 20;
  const edges = Array.from({ length: bins + 1 }, (_, b) => lo + ((hi - lo) * b) / bins);
  const sigma = (hi - lo) / bins;
  const h = slqHistogram(q, { edges, sigma });
  let maxAbsZ = 0;
  for (let b = 0; b < bins; b++) {
    let mass = 0;
    for (const l of lambda) mass += 0.5 * (erf((edges[b + 1]! - l) / (sigma * Math.SQRT2)) - erf((edges[b]! - l) / (sigma * Math.SQRT2)));
    const ref = mass / size / (edges[b + 1]! - edges[b]!);
    maxAbsZ = Math.max(maxAbsZ, Math.abs(h.mean[b]! - ref) / h.standardError[b]!);
  }
  slqRows.push({ n, size, denseBuildMs: build.ms, denseEigenMs: eig.ms, slqMs: slq.ms, matvecs: q.matvecs, kolmogorov, maxAbsZ, sigma, bins });
}

// ---------------------------------------------------------------------------------------------------------
// Report

console.log(
  `Bottom ${K} eigenpairs of the sampled Hessian: reference model (σ = (·)², a = ${A}), N = ${N}, p = ${P}, p* = ${PSTAR}, ` +
    `α = ${ALPHA} (m = ${problem.m}), size ${H.size}, seed ${SEED}; residual target ${TOL}. Node ${process.version}, ` +
    `${os.cpus().length} CPUs, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} at the end.`,
);
table(
  'Setup (wall times)',
  ['step', 'time (s)'],
  [
    ['sample X, student, teacher', sec(sampled.ms)],
    ['vertices A_μ (hessianOperator)', sec(built.ms)],
    ['one product H·v (median of 5)', sec(mv1)],
    [`product per vector in blocks of ${K} (median of 3)`, sec(mvK)],
  ],
);
table(
  `Lanczos (thick restart, basis ${main.basisSize}), N = ${N}`,
  ['block', 'time (s)', 'products', 'in products (s)', 'other (s)', 'fills', 'max residual', 'eigenvalues'],
  lanczosRows.map((r) => [
    String(r.blockSize),
    sec(r.ms),
    String(r.matvecs),
    sec(r.productMs),
    sec(r.overheadMs),
    String(r.iterations),
    sci(Math.max(...r.residuals)),
    r.values.map((v) => v.toFixed(10)).join(' '),
  ]),
);

const rows: string[][] = [];
for (const s of scipyRuns) {
  const maxDiff = Math.max(...s.values.map((v, j) => Math.abs(v - main.values[j]!)));
  rows.push([
    `SciPy eigsh ncv=${s.ncv}, ${s.threads} thread(s)`,
    s.eigsh_s.toFixed(2),
    String(s.matvecs),
    (s.matvec_s * 1000).toFixed(1),
    sci(Math.max(...s.residuals)),
    sci(maxDiff),
    ratio((main.ms / 1000) / s.eigsh_s),
  ]);
}
table(
  `Against SciPy on the same operator (${scipyRuns[0] ? `SciPy ${scipyRuns[0].scipy}, numpy ${scipyRuns[0].numpy}` : 'not run'})`,
  ['solver', 'time (s)', 'products', 'ms/product', 'max residual', 'max |Δλ| vs ours', 'ours / theirs'],
  [
    [`bbpkit Lanczos basis=${main.basisSize} (1 thread)`, sec(main.ms), String(main.matvecs), (main.productMs / main.matvecs).toFixed(1), sci(Math.max(...main.residuals)), '—', '1'],
    ...rows,
  ],
);
if (scipyNote) console.log(scipyNote);

const scale = (n: number): number => (N / n) ** 3;
table(
  `Against the dense decomposition (denseHessian + symmetricEigen with vectors), extrapolated to N = ${N} by N³`,
  ['N', 'size', 'build (s)', 'eigen (s)', 'dense total (s)', 'Lanczos (s)', 'dense/Lanczos same N', `dense @${N} est. (s)`, `est. / Lanczos @${N}`, 'max |Δλ|'],
  denseRows.map((d) => {
    const total = d.buildMs + d.eigenMs;
    return [
      String(d.n),
      String(d.size),
      sec(d.buildMs),
      sec(d.eigenMs),
      sec(total),
      sec(d.lanczosMs),
      ratio(total / d.lanczosMs),
      sec(total * scale(d.n)),
      ratio((total * scale(d.n)) / main.ms),
      sci(d.maxValueDiff),
    ];
  }),
);
console.log(
  `(The dense matrix at N = ${N} would take ${mb(8 * H.size * H.size)} MB; it is never built here.)`,
);

if (slqRows.length > 0) {
  // At N: SLQ = probes·steps products in blocks of min(probes, 8) (per-vector time measured above in blocks
  // of K, a slight overestimate) — the reorthogonalization, 2·probes·steps²·size flops, is small beside it.
  const slqAtN = SLQ_PROBES * SLQ_STEPS * mvK;
  table(
    `Spectral density: SLQ (${SLQ_PROBES} probes × ${SLQ_STEPS} steps) vs dense eigenvalues (denseHessian + symmetricEigen, values only)`,
    ['N', 'size', 'dense build (s)', 'dense eigen (s)', 'dense total (s)', 'SLQ (s)', 'products', 'dense/SLQ', 'Kolmogorov dist.', `max |z| (${slqRows[0]!.bins} bins, broadened)`],
    slqRows.map((r) => [
      String(r.n), String(r.size), sec(r.denseBuildMs), sec(r.denseEigenMs), sec(r.denseBuildMs + r.denseEigenMs), sec(r.slqMs), String(r.matvecs),
      ratio((r.denseBuildMs + r.denseEigenMs) / r.slqMs), r.kolmogorov.toFixed(4), r.maxAbsZ.toFixed(2),
    ]),
  );
  const r0 = slqRows[0]!;
  const denseAtN = (r0.denseBuildMs + r0.denseEigenMs) * (N / r0.n) ** 3;
  console.log(
    `At N = ${N}: SLQ ≈ ${sec(slqAtN)} s (${SLQ_PROBES * SLQ_STEPS} products × ${mvK.toFixed(1)} ms, estimated from the measured product time); ` +
      `dense eigenvalues ≈ ${sec(denseAtN)} s (N = ${r0.n} × (${N}/${r0.n})³), ratio ≈ ${ratio(denseAtN / slqAtN)}, and a ${mb(8 * H.size * H.size)} MB matrix.`,
  );
}

table(
  'Memory (process.memoryUsage; peak = OS high-water mark after the Lanczos runs, before the baselines)',
  ['point', 'rss (MB)', 'heap (MB)', 'array buffers (MB)'],
  Object.entries(memory).map(([label, m]) => [label, m.rssMB.toFixed(0), m.heapMB.toFixed(0), m.arrayBuffersMB.toFixed(0)]),
);
const basisMB = ((main.basisSize + main.blockSize + K) * H.size * 8) / MB;
console.log(
  `X = ${mb(xBytes)} MB (m·n doubles); vertices ${mb(H.vertices.byteLength)} MB; Lanczos basis ≈ ${basisMB.toFixed(1)} MB. ` +
    `Peak RSS ${peakRssMB.toFixed(0)} MB = ${(peakRssMB / (xBytes / MB)).toFixed(2)}× X; above the ${memory['start']!.rssMB.toFixed(0)} MB ` +
    `of a bare process: ${(peakRssMB - memory['start']!.rssMB).toFixed(0)} MB = ${((peakRssMB - memory['start']!.rssMB) / (xBytes / MB)).toFixed(2)}× X` +
    (scipyRuns[0] ? `; SciPy process peak RSS ${scipyRuns[0].max_rss_mb.toFixed(0)} MB.` : '.'),
);

console.log(
  JSON.stringify({
    params: { n: N, p: P, pstar: PSTAR, alpha: ALPHA, a: A, seed: SEED, k: K, tolerance: TOL, m: problem.m, size: H.size },
    setup: { sampleMs: sampled.ms, operatorMs: built.ms, matvecMs: mv1, matvecPerVectorInBlockMs: mvK },
    lanczos: lanczosRows,
    scipy: scipyRuns,
    scipyNote,
    dense: denseRows.map((d) => ({ ...d, extrapolatedMs: (d.buildMs + d.eigenMs) * scale(d.n) })),
    slq: { probes: SLQ_PROBES, steps: SLQ_STEPS, rows: slqRows, estimatedMsAtN: SLQ_PROBES * SLQ_STEPS * mvK },
    memory: { xMB: xBytes / MB, peakRssMB, snapshots: memory },
    loadavg: os.loadavg(),
  }),
);

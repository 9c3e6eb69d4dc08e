/**
 * Density and moments of the spectrum for a p×p matrix vertex law (THEORY §3), in the permutation-invariant
 * ansatz `G = g₁·P₁ + g⊥·P⊥` of `solver.ts`, continued into the complex plane.
 *
 * Density: `ρ(λ) = −Im g(λ + i0⁺)/π` with the trace `g = (g₁ + (p−1)g⊥)/p`, from complex Newton on the two
 * equations `1/g_a + σ_a(g₁, g⊥) = λ + iη` (`a = 1, ⊥`; the Jacobian is the holomorphic continuation of the
 * real one of `solver.ts`), continued along the grid, with an `η`-continuation start (from `η` of the order
 * of the spectrum's width down to 0, as in `numeric/spectral/density.ts`) wherever Newton has nothing to
 * continue from. The physical sheet is `Im g₁, Im g⊥ ≤ 0` (`Im G` negative semi-definite).
 *
 * Moments: the self-energy series `Σ(G) = α Σₙ E[A (GA)ⁿ]` solved order by order in `w = 1/z` with truncated
 * power series (`G(w) = w/(1 − wΣ(G(w)))`, one order gained per pass), `m_k = [w^{k+1}] g(w)`.
 *
 * @module
 */
import { fail, invalidArgument } from '../../../errors.js';
import type { MatrixVertexLaw } from './law.js';
import type { MatrixSpectralSolver } from './solver.js';

/**
 * The density of a matrix law on a grid.
 * @category Solvers
 * @since 0.2.0
 * @example
 * const c = orThrow(compileMatrixModel(model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.tanh }),
 *   loss: losses.normalizedSquare(1),
 * })));
 * const d: MatrixDensityResult = matrixDensityOnGrid(createMatrixSolver(c.law({ gaussianStep: 0.8, step: 0.8 })), 30, Float64Array.of(0, 2), 3);
 * d.density; // ρ at λ = 0 and λ = 2
 */
export interface MatrixDensityResult {
  /** The grid. */
  readonly lambda: Float64Array;
  /** `ρ(λ) = −Im g/π` at each grid point (0 below the edge). */
  readonly density: Float64Array;
  /** `Re g₁`, `Im g₁`, `Re g⊥`, `Im g⊥` at each grid point (`4 × points`, row-major; 0 below the edge). */
  readonly resolvent: Float64Array;
  /** Largest residual `max_a |1/g_a + σ_a − λ|` over the grid points above the edge. */
  readonly maxResidual: number;
  /** Mass of the atom at λ = 0: `max(0, 1 − α·E[#{j: c_j ≠ 0}]/p)`; not part of `density`. */
  readonly atom: number;
}

/**
 * Mass of the atom at λ = 0 of a discretized matrix law: `H` has rank at most `αN·E[rank A]`, so the atom
 * is `max(0, 1 − α·E[rank A]/p)`, with the rank counted per node (eigenvalues exactly 0). Nodes where `A`
 * is singular only on a null set of the continuous law (e.g. `z = 0` for an odd activation, `σ''(0) = 0`)
 * count with their quadrature weight: the value tends to the continuous one as the rule is refined.
 * @category Solvers
 * @since 0.2.0
 * @example
 * const c = orThrow(compileMatrixModel(model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.tanh }),
 *   loss: losses.normalizedSquare(1),
 * })));
 * matrixAtomAtZero(c.law({ gaussianStep: 0.8, step: 0.8 }), 0.5); // 0.5254…: the node z = (0, 0) has rank 1 (tanh″(0) = 0)
 * matrixAtomAtZero(c.law({ gaussianStep: 0.2 }), 0.5); // 0.5015…, → 0.5 (A has full rank almost surely)
 */
export function matrixAtomAtZero(law: MatrixVertexLaw, alpha: number): number {
  const { p, size, weight, eigen } = law;
  let rank = 0;
  for (let i = 0; i < size; i++) {
    let r = 0;
    for (let j = 0; j < p; j++) if (eigen[i * p + j] !== 0) r++;
    rank += weight[i]! * r;
  }
  return Math.max(0, 1 - (alpha * rank) / p);
}

/**
 * One pass at complex `(g₁, g⊥)`: into `out` the real and imaginary parts of
 * `[E x₁₁, E x⊥/(p−1), E T₁₁, E T₁⊥, E T⊥⊥/(p−1)]` (the sums of `solver.ts`, 10 numbers, re/im interleaved).
 */
function complexPass(law: MatrixVertexLaw, g1r: number, g1i: number, gpr: number, gpi: number, out: Float64Array): void {
  const { p, size, weight, eigen, projection } = law;
  const q = Math.max(1, p - 1);
  const dr = g1r - gpr;
  const di = g1i - gpi;
  let x1r = 0, x1i = 0, xpr = 0, xpi = 0, t11r = 0, t11i = 0, t1pr = 0, t1pi = 0, tppr = 0, tppi = 0;
  for (let i = 0; i < size; i++) {
    let trBr = 0, trBi = 0, trB2r = 0, trB2i = 0, b0r = 0, b0i = 0, b1r = 0, b1i = 0, b2r = 0, b2i = 0;
    const o = i * p;
    for (let j = 0; j < p; j++) {
      const c = eigen[o + j]!;
      const a = projection[o + j]!;
      // β = c/(1 − g⊥c)
      const nr = 1 - gpr * c;
      const ni = -gpi * c;
      const inv = c / (nr * nr + ni * ni);
      const br = nr * inv;
      const bi = -ni * inv;
      const sr = br * br - bi * bi;
      const si = 2 * br * bi;
      const cr = sr * br - si * bi;
      const ci = sr * bi + si * br;
      trBr += br; trBi += bi;
      trB2r += sr; trB2i += si;
      b0r += a * br; b0i += a * bi;
      b1r += a * sr; b1i += a * si;
      b2r += a * cr; b2i += a * ci;
    }
    // r = 1/(1 − δ b₀), κ = δ r
    const er = 1 - (dr * b0r - di * b0i);
    const ei = -(dr * b0i + di * b0r);
    const en = er * er + ei * ei;
    const rr = er / en;
    const ri = -ei / en;
    const kr = dr * rr - di * ri;
    const ki = dr * ri + di * rr;
    const e11r = b0r * rr - b0i * ri;
    const e11i = b0r * ri + b0i * rr;
    const trXr = trBr + (kr * b1r - ki * b1i);
    const trXi = trBi + (kr * b1i + ki * b1r);
    const r2r = rr * rr - ri * ri;
    const r2i = 2 * rr * ri;
    const ex2r = b1r * r2r - b1i * r2i;
    const ex2i = b1r * r2i + b1i * r2r;
    const kbr = kr * b1r - ki * b1i; // κ b₁
    const kbi = kr * b1i + ki * b1r;
    const trX2r = trB2r + 2 * (kr * b2r - ki * b2i) + (kbr * kbr - kbi * kbi);
    const trX2i = trB2i + 2 * (kr * b2i + ki * b2r) + 2 * kbr * kbi;
    const T11r = e11r * e11r - e11i * e11i;
    const T11i = 2 * e11r * e11i;
    const w = weight[i]!;
    x1r += w * e11r; x1i += w * e11i;
    xpr += w * (trXr - e11r); xpi += w * (trXi - e11i);
    t11r += w * T11r; t11i += w * T11i;
    t1pr += w * (ex2r - T11r); t1pi += w * (ex2i - T11i);
    tppr += w * (trX2r - 2 * ex2r + T11r); tppi += w * (trX2i - 2 * ex2i + T11i);
  }
  out[0] = x1r; out[1] = x1i; out[2] = xpr / q; out[3] = xpi / q;
  out[4] = t11r; out[5] = t11i; out[6] = t1pr; out[7] = t1pi; out[8] = tppr / q; out[9] = tppi / q;
}

/**
 * Newton on `1/g_a + α s_a − (λ + iη) = 0` from `state = [g₁r, g₁i, g⊥r, g⊥i, residual]`, staying on the
 * physical sheet. Returns whether it converged.
 */
function newton(law: MatrixVertexLaw, alpha: number, lambda: number, eta: number, state: Float64Array, s: Float64Array, maxIterations = 80): boolean {
  const q = Math.max(1, law.p - 1);
  let g1r = state[0]!, g1i = state[1]!, gpr = state[2]!, gpi = state[3]!;
  let resid = Infinity;
  let sr1 = 0, si1 = 0, sr2 = 0, si2 = 0;
  for (let it = 0; it < maxIterations; it++) {
    complexPass(law, g1r, g1i, gpr, gpi, s);
    const n1 = g1r * g1r + g1i * g1i;
    const np = gpr * gpr + gpi * gpi;
    const f1r = g1r / n1 + alpha * s[0]! - lambda;
    const f1i = -g1i / n1 + alpha * s[1]! - eta;
    const f2r = gpr / np + alpha * s[2]! - lambda;
    const f2i = -gpi / np + alpha * s[3]! - eta;
    const r = Math.max(Math.hypot(f1r, f1i), Math.hypot(f2r, f2i));
    if (!(r <= resid) && it > 0) {
      // not decreasing: halve the previous step
      sr1 /= 2; si1 /= 2; sr2 /= 2; si2 /= 2;
      g1r = state[0]! - sr1; g1i = state[1]! - si1; gpr = state[2]! - sr2; gpi = state[3]! - si2;
      if (Math.max(Math.abs(sr1), Math.abs(si1), Math.abs(sr2), Math.abs(si2)) < 1e-16 * Math.hypot(g1r, g1i)) break;
      continue;
    }
    state[0] = g1r; state[1] = g1i; state[2] = gpr; state[3] = gpi;
    resid = r;
    if (r < 1e-13 * (1 + Math.abs(lambda))) break;
    // J = [[−1/g₁² + α T₁₁, α T₁⊥], [α T₁⊥/q, −1/g⊥² + α T⊥⊥]]
    const a11r = -(g1r * g1r - g1i * g1i) / (n1 * n1) + alpha * s[4]!;
    const a11i = (2 * g1r * g1i) / (n1 * n1) + alpha * s[5]!;
    const a12r = alpha * s[6]!;
    const a12i = alpha * s[7]!;
    const a21r = a12r / q;
    const a21i = a12i / q;
    const a22r = -(gpr * gpr - gpi * gpi) / (np * np) + alpha * s[8]!;
    const a22i = (2 * gpr * gpi) / (np * np) + alpha * s[9]!;
    const detr = a11r * a22r - a11i * a22i - (a12r * a21r - a12i * a21i);
    const deti = a11r * a22i + a11i * a22r - (a12r * a21i + a12i * a21r);
    const dn = detr * detr + deti * deti;
    // s₁ = (F₁J₂₂ − J₁₂F₂)/det, s₂ = (J₁₁F₂ − J₂₁F₁)/det
    const u1r = f1r * a22r - f1i * a22i - (a12r * f2r - a12i * f2i);
    const u1i = f1r * a22i + f1i * a22r - (a12r * f2i + a12i * f2r);
    const u2r = a11r * f2r - a11i * f2i - (a21r * f1r - a21i * f1i);
    const u2i = a11r * f2i + a11i * f2r - (a21r * f1i + a21i * f1r);
    sr1 = (u1r * detr + u1i * deti) / dn;
    si1 = (u1i * detr - u1r * deti) / dn;
    sr2 = (u2r * detr + u2i * deti) / dn;
    si2 = (u2i * detr - u2r * deti) / dn;
    if (!(Number.isFinite(sr1) && Number.isFinite(si1) && Number.isFinite(sr2) && Number.isFinite(si2))) break;
    // stay on the physical sheet: never step into Im g_a > 0
    let t = 1;
    while ((g1i - t * si1 > 0 || gpi - t * si2 > 0) && t > 1e-6) t /= 2;
    sr1 *= t; si1 *= t; sr2 *= t; si2 *= t;
    g1r -= sr1; g1i -= si1; gpr -= sr2; gpi -= si2;
  }
  state[4] = resid;
  if (!(resid < 1e-10 * (1 + Math.abs(lambda)) && state[1]! <= 0 && state[3]! <= 0)) return false;
  if (eta === 0 && -(state[1]! + state[3]!) < 1e-12 * Math.hypot(state[0]!, state[2]!)) {
    // a real root is physical only where the trace decreases with λ (outside the support)
    complexPass(law, state[0]!, 0, state[2]!, 0, s);
    const p = law.p;
    const j11 = -1 / (state[0]! * state[0]!) + alpha * s[4]!;
    const j1p = alpha * s[6]!;
    const jp1 = j1p / q;
    const jpp = -1 / (state[2]! * state[2]!) + alpha * s[8]!;
    const det = j11 * jpp - j1p * jp1;
    const den = (jpp - j1p + (p - 1) * (j11 - jp1)) / p;
    if (!(det / den < 0)) return false;
  }
  return true;
}

/**
 * From the free value `1/(λ + iη)` at η = `width`, lower η geometrically (factor 8), a few Newton steps per
 * stage, then converge at η = 0.
 */
function etaContinuation(law: MatrixVertexLaw, alpha: number, lambda: number, width: number, state: Float64Array, s: Float64Array): boolean {
  let eta = width;
  const n = lambda * lambda + eta * eta;
  state[0] = lambda / n;
  state[1] = -eta / n;
  state[2] = state[0]!;
  state[3] = state[1]!;
  while (eta >= 1e-10 * width) {
    newton(law, alpha, lambda, eta, state, s, 8);
    eta /= 8;
  }
  return newton(law, alpha, lambda, 0, state, s);
}

/**
 * The density of a matrix law on a grid: 0 at and below the solver's left edge, complex Newton (continued
 * along the grid, `η`-continuation where that fails) above it. `width` is the scale of the spectrum (its
 * standard deviation): it sets where the `η`-continuation starts.
 * @category Solvers
 * @since 0.2.0
 * @example
 * const c = orThrow(compileMatrixModel(model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.tanh }),
 *   loss: losses.normalizedSquare(1),
 * })));
 * const solver = createMatrixSolver(c.law({ gaussianStep: 0.8, step: 0.8 }));
 * matrixDensityOnGrid(solver, 30, Float64Array.of(-6, 0, 2), 3).density; // [0 (below the edge), ρ(0), ρ(2)]
 */
export function matrixDensityOnGrid(solver: MatrixSpectralSolver, alpha: number, grid: Float64Array, width: number): MatrixDensityResult {
  if (!(width > 0 && Number.isFinite(width))) fail(invalidArgument('width', width, 'a positive finite scale'));
  const law = solver.law;
  const p = law.p;
  const n = grid.length;
  const density = new Float64Array(n);
  const resolvent = new Float64Array(4 * n);
  const edge = solver.edge(alpha).lambda;
  const atom = matrixAtomAtZero(law, alpha);
  const s = new Float64Array(10);
  const state = new Float64Array(5);
  let maxResidual = 0;
  let have = false; // the previous point is inside the support: continue from it
  let right = 0; // trace g > 0 of the previous point when it is right of the whole support, else 0
  let mass = 0; // trapezoid mass of the grid so far
  for (let k = 0; k < n; k++) {
    const lambda = atom > 0 && grid[k] === 0 ? 1e-9 * width : grid[k]!;
    if (lambda <= edge) {
      have = false;
      right = 0;
      continue;
    }
    const prev = state.slice(0, 4);
    let done = have && newton(law, alpha, lambda, 0, state, s) && !isReal(state);
    if (!done && right > 0 && mass >= 0.98 * (1 - atom)) {
      // Right of the support g is real, positive and decreasing to 0 as λ grows: a real root below the
      // previous one (reached by Newton from it) is on that branch. From a real g Newton stays real, so
      // this is used only once the grid has seen 98% of the mass (no bulk component left to miss but a tiny one).
      state.set(prev);
      done = newton(law, alpha, lambda, 0, state, s) && isReal(state) && trace(p, state) > 0 && trace(p, state) <= right;
    }
    if (!done) etaContinuation(law, alpha, lambda, width, state, s);
    have = !isReal(state);
    right = !have && state[0]! > 0 && state[2]! > 0 ? trace(p, state) : 0;
    maxResidual = Math.max(maxResidual, state[4]!);
    resolvent.set(state.subarray(0, 4), 4 * k);
    density[k] = Math.max(0, -(state[1]! + (p - 1) * state[3]!) / (p * Math.PI));
    if (k > 0) mass += 0.5 * (density[k]! + density[k - 1]!) * (grid[k]! - grid[k - 1]!);
  }
  return { lambda: grid, density, resolvent, maxResidual, atom };
}

/** The real part of the trace `(g₁ + (p−1)g⊥)/p` of a Newton state. */
const trace = (p: number, state: Float64Array): number => (state[0]! + (p - 1) * state[2]!) / p;

/** Whether a Newton state is real up to rounding (outside the support). */
const isReal = (state: Float64Array): boolean => -state[1]! <= 1e-9 * Math.abs(state[0]!) && -state[3]! <= 1e-9 * Math.abs(state[2]!);

/** c = a·b for truncated series of length L. */
function seriesMul(a: Float64Array, b: Float64Array, c: Float64Array): void {
  const L = c.length;
  for (let k = 0; k < L; k++) {
    let s = 0;
    for (let j = 0; j <= k; j++) s += a[j]! * b[k - j]!;
    c[k] = s;
  }
}

/** c = 1/a for a truncated series with a₀ ≠ 0. */
function seriesInv(a: Float64Array, c: Float64Array): void {
  const L = c.length;
  c[0] = 1 / a[0]!;
  for (let k = 1; k < L; k++) {
    let s = 0;
    for (let j = 1; j <= k; j++) s += a[j]! * c[k - j]!;
    c[k] = -s * c[0]!;
  }
}

/**
 * Moments `∫λᵏρ`, `k = 1..order`, of the spectrum of a matrix law at `α`, from the self-energy series solved
 * order by order (THEORY §3): the diagrams `α E[A (GA)ⁿ]` with `G` itself a series in `1/z`. Includes the
 * atom at 0 and ignores the `O(1/N)` outliers, like the density.
 * @category Solvers
 * @since 0.2.0
 * @example
 * const c = orThrow(compileMatrixModel(model({
 *   teacher: teacher({ width: 1, activation: activations.square }),
 *   student: student({ width: 2, activation: activations.tanh }),
 *   loss: losses.normalizedSquare(1),
 * })));
 * matrixSpectralMoments(c.law({ gaussianStep: 0.8, step: 0.8 }), 30, 3); // [m₁, m₂, m₃]
 */
export function matrixSpectralMoments(law: MatrixVertexLaw, alpha: number, order: number): Float64Array {
  if (!(Number.isInteger(order) && order >= 1 && order <= 12)) fail(invalidArgument('order', order, 'an integer from 1 to 12'));
  const { p, size, weight, eigen, projection } = law;
  const q = Math.max(1, p - 1);
  const L = order + 2; // coefficients of w⁰..w^{order+1}
  const g1 = new Float64Array(L);
  const gp = new Float64Array(L);
  g1[1] = 1;
  gp[1] = 1;
  const delta = new Float64Array(L);
  const den = new Float64Array(L);
  const beta = new Float64Array(L);
  const beta2 = new Float64Array(L);
  const tmp = new Float64Array(L);
  const r = new Float64Array(L);
  const b0 = new Float64Array(L);
  const b1 = new Float64Array(L);
  const trB = new Float64Array(L);
  const e11 = new Float64Array(L);
  const trX = new Float64Array(L);
  const s1 = new Float64Array(L);
  const sp = new Float64Array(L);
  for (let pass = 0; pass < order; pass++) {
    for (let k = 0; k < L; k++) delta[k] = g1[k]! - gp[k]!;
    s1.fill(0);
    sp.fill(0);
    for (let i = 0; i < size; i++) {
      b0.fill(0);
      b1.fill(0);
      trB.fill(0);
      for (let j = 0; j < p; j++) {
        const c = eigen[i * p + j]!;
        const a = projection[i * p + j]!;
        // β = c/(1 − g⊥c)
        for (let k = 0; k < L; k++) den[k] = (k === 0 ? 1 : 0) - c * gp[k]!;
        seriesInv(den, tmp);
        for (let k = 0; k < L; k++) beta[k] = c * tmp[k]!;
        seriesMul(beta, beta, beta2);
        for (let k = 0; k < L; k++) {
          trB[k] = trB[k]! + beta[k]!;
          b0[k] = b0[k]! + a * beta[k]!;
          b1[k] = b1[k]! + a * beta2[k]!;
        }
      }
      // r = 1/(1 − δ b₀); e₁₁ = b₀ r; tr X = tr B + δ r b₁
      seriesMul(delta, b0, tmp);
      for (let k = 0; k < L; k++) den[k] = (k === 0 ? 1 : 0) - tmp[k]!;
      seriesInv(den, r);
      seriesMul(b0, r, e11);
      seriesMul(delta, r, tmp);
      seriesMul(tmp, b1, trX);
      const w = weight[i]!;
      for (let k = 0; k < L; k++) {
        s1[k] = s1[k]! + w * e11[k]!;
        sp[k] = sp[k]! + (w * (trB[k]! + trX[k]! - e11[k]!)) / q;
      }
    }
    // g_a = w/(1 − w σ_a): den = 1 − w σ_a, then shift by one order
    for (const [g, sg] of [[g1, s1], [gp, sp]] as const) {
      den[0] = 1;
      for (let k = 1; k < L; k++) den[k] = -alpha * sg[k - 1]!;
      seriesInv(den, tmp);
      g[0] = 0;
      for (let k = 1; k < L; k++) g[k] = tmp[k - 1]!;
    }
  }
  const out = new Float64Array(order);
  for (let k = 1; k <= order; k++) out[k - 1] = (g1[k + 1]! + (p - 1) * gp[k + 1]!) / p;
  return out;
}

/**
 * Local entropy of the binary perceptron (THEORY §9): the Franz–Parisi free entropy `φ_FP(d; κ̃, κ)` of the
 * solutions of margin `κ` at Hamming distance `d` from a reference solution of margin `κ̃`, the isolation of
 * typical solutions, and the local-entropy transition `α_LE(κ)`: the load above which even maximal-margin
 * references (`κ̃ = κ_max(α)`) have a non-monotone `φ_FP(d)`.
 *
 * The public entry points validate their input and return `Either<BbpError, A>`; the saddle point is solved in
 * `src/analytic/binary/franzParisi.ts`, the reference by the storage solver.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { attempt, fail, invalidArgument, notConverged, notFound, type BbpError } from './errors.js';
import { brent } from './numeric/roots/brent.js';
import { solveStorage, storageCapacity, storageKappaMax } from './analytic/binary/storage.js';
import { checkConverged, checkMargin, checkPositive } from './analytic/binary/validate.js';
import {
  checkDistance,
  solveFranzParisi,
  type FranzParisiPoint,
  type FranzParisiReference,
  type FranzParisiStart,
} from './analytic/binary/franzParisi.js';
import {
  DEFAULT_FP_QUADRATURE,
  FranzParisiIntegrator,
  refinedFranzParisiQuadrature,
} from './analytic/binary/franzParisiIntegrals.js';

export type { FranzParisiPoint, FranzParisiReference } from './analytic/binary/franzParisi.js';

/**
 * What to compute with {@link franzParisi}: one distance `d` or a grid `dGrid`.
 * @category Local entropy
 * @since 0.2.0
 * @example
 * const input: FranzParisiInput = { alpha: 0.6, kappa: 0, kappaRef: 'max', dGrid: [0.01, 0.05, 0.1] };
 */
export interface FranzParisiInput {
  /** Load `α = P/N > 0`. */
  readonly alpha: number;
  /** Margin `κ ≥ 0` of the counted solutions. */
  readonly kappa: number;
  /** Margin `κ̃ ≥ 0` of the reference, or `'max'` for `κ_max(α)` (default: `kappa`, a typical solution). */
  readonly kappaRef?: number | 'max';
  /** One distance in `(0, ½]`. */
  readonly d?: number;
  /** Several distances in `(0, ½]` (solved from the largest down, each warm-started from the last). */
  readonly dGrid?: readonly number[];
}

/**
 * Numerical options of the local-entropy functions.
 * @category Local entropy
 * @since 0.2.0
 * @example
 * franzParisi({ alpha: 0.5, kappa: 0, d: 0.05 }, { tolerance: 1e-12, check: true });
 */
export interface LocalEntropyOptions {
  /** Tolerance on the Franz–Parisi fixed-point residual (default 1e-11). */
  readonly tolerance?: number;
  /** Also solve with the tolerance divided by 100 and with every quadrature rule doubled; report the changes. */
  readonly check?: boolean;
  /** Drop the distances whose saddle point does not converge (listed in `unconverged`) instead of failing. */
  readonly skipUnconverged?: boolean;
}

/**
 * How much `φ_FP` moves when the solver is tightened (`check: true`), largest over the points.
 * @category Local entropy
 * @since 0.2.0
 * @example
 * orThrow(franzParisi({ alpha: 0.5, kappa: 0, d: 0.05 }, { check: true })).check; // { toleranceChange: ~1e-14, quadratureChange: ~1e-12 }
 */
export interface LocalEntropyCheck {
  /** Largest |φ_FP(tolerance / 100) − φ_FP|. */
  readonly toleranceChange: number;
  /** Largest |φ_FP(doubled quadrature) − φ_FP|. */
  readonly quadratureChange: number;
}

/**
 * The reference of a Franz–Parisi curve: its storage saddle point and free entropy.
 * @category Local entropy
 * @since 0.2.0
 * @example
 * orThrow(franzParisi({ alpha: 0.5, kappa: 0, d: 0.1 })).reference; // { q: 0.3224, qHat: 0.6680, phi: 0.3144 }
 */
export interface FranzParisiReferenceSolution extends FranzParisiReference {
  /** The reference's free entropy `φ(α, κ̃)`. */
  readonly phi: number;
}

/**
 * A Franz–Parisi curve `φ_FP(d)` around one reference.
 * @category Local entropy
 * @since 0.2.0
 * @example
 * const r = orThrow(franzParisi({ alpha: 0.5, kappa: 0, dGrid: [0.001, 0.01, 0.1] }));
 * [r.isolated, r.points.map((p) => p.phi)];
 */
export interface FranzParisiResult {
  /** Load `α`. */
  readonly alpha: number;
  /** Margin `κ` of the counted solutions. */
  readonly kappa: number;
  /** Margin `κ̃` of the reference (resolved when `'max'` was asked). */
  readonly kappaRef: number;
  /** The reference's saddle point `(q̃, q̂̃)` and its free entropy `φ(α, κ̃)`. */
  readonly reference: FranzParisiReferenceSolution;
  /** The points, by increasing `d`. */
  readonly points: readonly FranzParisiPoint[];
  /** Distances dropped because their saddle point did not converge (with `skipUnconverged`). */
  readonly unconverged: readonly number[];
  /** `φ_FP < 0` at the smallest `d`: no solutions that close to the reference (it is isolated). */
  readonly isolated: boolean;
  /** No point with a negative slope `dφ_FP/dd` is followed by one with a positive slope. */
  readonly monotone: boolean;
  /** Changes under a tightened solver, when `check` was asked for. */
  readonly check?: LocalEntropyCheck;
}

/** Resolve `kappaRef` and solve the reference's storage saddle point. */
function reference(alpha: number, kappa: number, kappaRef: number | 'max' | undefined): { kappaRef: number; ref: FranzParisiReferenceSolution } {
  let kr: number;
  if (kappaRef === 'max') {
    kr = storageKappaMax(alpha);
    if (!(kr >= kappa)) fail(notFound('reference', `kappaMax(alpha = ${alpha}) = ${kr} is below kappa = ${kappa}: no reference at kappa_max has margin kappa`));
  } else {
    kr = kappaRef ?? kappa;
    checkMargin('kappaRef', kr);
  }
  const sol = solveStorage({ alpha, kappa: kr });
  checkConverged('storage (reference)', sol, { alpha, kappa: kr });
  return { kappaRef: kr, ref: { q: sol.q, qHat: sol.qHat, phi: sol.phi } };
}

/** Solve a grid of distances (from the largest down, warm-started), ascending output. */
function curve(
  params: { alpha: number; kappa: number; kappaRef: number; reference: FranzParisiReference },
  grid: readonly number[],
  tolerance: number,
  integrator: FranzParisiIntegrator,
  skip: boolean,
): { points: FranzParisiPoint[]; unconverged: number[] } {
  const order = [...grid].sort((a, b) => b - a);
  const points: FranzParisiPoint[] = [];
  const unconverged: number[] = [];
  let start: FranzParisiStart | undefined;
  for (const d of order) {
    const p = solveFranzParisi({ ...params, d }, start === undefined ? { tolerance, integrator } : { tolerance, integrator, start });
    if (!p.converged) {
      if (skip) {
        unconverged.push(d);
        continue;
      }
      fail(
        notConverged('Franz-Parisi saddle point', `${p.failure ?? 'no convergence'} at d = ${d} (alpha = ${params.alpha}, kappa = ${params.kappa}, kappaRef = ${params.kappaRef})`, {
          d,
          alpha: params.alpha,
          kappa: params.kappa,
          kappaRef: params.kappaRef,
          residual: p.residual,
          evaluations: p.evaluations,
        }),
      );
    }
    points.push(p);
    start = { q: p.q, t: p.t, sHat: p.sHat };
  }
  points.reverse();
  unconverged.reverse();
  return { points, unconverged };
}

/** Non-monotone: a negative slope followed (at larger d) by a positive one. */
function isMonotone(points: readonly FranzParisiPoint[]): boolean {
  let sawNegative = false;
  for (const p of points) {
    if (p.slope < 0) sawNegative = true;
    else if (sawNegative && p.slope > 0) return false;
  }
  return true;
}

function distances(input: FranzParisiInput): readonly number[] {
  if (input.d !== undefined && input.dGrid !== undefined) fail(invalidArgument('d', input.d, 'either d or dGrid, not both'));
  if (input.dGrid !== undefined) {
    if (!Array.isArray(input.dGrid) || input.dGrid.length === 0) fail(invalidArgument('dGrid', input.dGrid, 'a non-empty list of distances in (0, 0.5]'));
    input.dGrid.forEach((d, i) => checkDistance(`dGrid[${i}]`, d));
    return input.dGrid;
  }
  if (input.d === undefined) fail(invalidArgument('d', input.d, 'a distance in (0, 0.5] (or a dGrid)'));
  checkDistance('d', input.d);
  return [input.d];
}

/**
 * The Franz–Parisi local free entropy `φ_FP(d; κ̃, κ)` of the storage problem at one distance or on a grid,
 * with the slope `dφ_FP/dd` of every point, whether the curve is monotone, and whether the reference is
 * isolated (`φ_FP < 0` at the smallest `d`). Fails with `InvalidArgument` for `α ≤ 0`, `κ < 0`, `κ̃ < 0` or
 * `d ∉ (0, ½]`, with `NotConverged` when a saddle point does not converge (unless `skipUnconverged`).
 * @category Local entropy
 * @since 0.2.0
 * @example
 * // typical solutions at alpha = 0.5 are isolated: phi_FP < 0 close to them
 * const r = orThrow(franzParisi({ alpha: 0.5, kappa: 0, dGrid: [0.001, 0.01] }));
 * r.isolated; // true
 */
export function franzParisi(input: FranzParisiInput, options: LocalEntropyOptions = {}): Either<BbpError, FranzParisiResult> {
  return attempt(() => {
    const { alpha, kappa } = input;
    checkPositive('alpha', alpha);
    checkMargin('kappa', kappa);
    if (input.kappaRef !== undefined && input.kappaRef !== 'max') checkMargin('kappaRef', input.kappaRef);
    const grid = distances(input);
    const tolerance = options.tolerance ?? 1e-11;
    if (!(tolerance > 0 && tolerance < 1e-3)) fail(invalidArgument('tolerance', tolerance, 'a number in (0, 1e-3)'));
    const { kappaRef, ref } = reference(alpha, kappa, input.kappaRef);
    const params = { alpha, kappa, kappaRef, reference: { q: ref.q, qHat: ref.qHat } };
    const integrator = new FranzParisiIntegrator(DEFAULT_FP_QUADRATURE);
    const { points, unconverged } = curve(params, grid, tolerance, integrator, options.skipUnconverged === true);
    const first = points[0];
    const result: FranzParisiResult = {
      alpha,
      kappa,
      kappaRef,
      reference: ref,
      points,
      unconverged,
      isolated: first !== undefined && first.phi < 0,
      monotone: isMonotone(points),
    };
    if (options.check !== true) return result;
    const tight = curve(params, points.map((p) => p.d), tolerance / 100, integrator, true).points;
    const fine = curve(params, points.map((p) => p.d), tolerance, new FranzParisiIntegrator(refinedFranzParisiQuadrature(DEFAULT_FP_QUADRATURE)), true).points;
    const change = (other: readonly FranzParisiPoint[]): number =>
      other.length !== points.length ? NaN : Math.max(...points.map((p, i) => Math.abs(other[i]!.phi - p.phi)));
    return { ...result, check: { toleranceChange: change(tight), quadratureChange: change(fine) } };
  });
}

/**
 * Options of {@link alphaLE}.
 * @category Local entropy
 * @since 0.2.0
 * @example
 * alphaLE(0, { alphaTolerance: 1e-3, dRange: [0.001, 0.1] });
 */
export interface AlphaLEOptions {
  /** Absolute tolerance on `α_LE` of Brent's method (default 1e-4). */
  readonly alphaTolerance?: number;
  /** Search bracket in `α` (default `[0.6, 0.97]·α_c(κ)`); `f` must change sign on it. */
  readonly bracket?: readonly [number, number];
  /** Distances searched for a negative slope (default `[0.0005, 0.1]`, below the peak of `φ_FP`). */
  readonly dRange?: readonly [number, number];
  /** Points of the log-spaced scan in `d` before the minimum is refined (default 10). */
  readonly scanPoints?: number;
  /** Tolerance of each Franz–Parisi saddle point (default 1e-10). */
  readonly tolerance?: number;
}

/**
 * The local-entropy transition at a margin.
 * @category Local entropy
 * @since 0.2.0
 * @example
 * orThrow(alphaLE(0, { alphaTolerance: 1e-3 })).alphaLE;
 */
export interface AlphaLEResult {
  /** Margin `κ` of the counted solutions. */
  readonly kappa: number;
  /** `α_LE(κ)`: above it, even `κ_max(α)` references have a non-monotone `φ_FP(d)`. */
  readonly alphaLE: number;
  /** `κ_max(α_LE)`, the reference margin at the transition. */
  readonly kappaMax: number;
  /** Where the slope `dφ_FP/dd` touches zero at the transition. */
  readonly dTouch: number;
  /** The capacity `α_c(κ)` (`α_LE < α_c`). */
  readonly alphaC: number;
  /** Final Brent bracket in `α`. */
  readonly bracket: readonly [number, number];
  /** Evaluations of the criterion (each: `κ_max`, a reference and a scan of `φ_FP(d)`). */
  readonly evaluations: number;
  /** The tolerance on `α` asked for. */
  readonly alphaTolerance: number;
  /** The distances searched. */
  readonly dRange: readonly [number, number];
}

/** min over d ∈ dRange of dφ_FP/dd for the κ_max(α) reference, with its location. */
function minimumSlope(
  alpha: number,
  kappa: number,
  dRange: readonly [number, number],
  scanPoints: number,
  tolerance: number,
  integrator: FranzParisiIntegrator,
): { slope: number; d: number; kappaMax: number } {
  const { kappaRef, ref } = reference(alpha, kappa, 'max');
  const params = { alpha, kappa, kappaRef, reference: { q: ref.q, qHat: ref.qHat } };
  const [d0, d1] = dRange;
  const grid = Array.from({ length: scanPoints }, (_, i) => d0 * Math.pow(d1 / d0, i / (scanPoints - 1)));
  const { points } = curve(params, grid, tolerance, integrator, false);
  let best = 0;
  for (let i = 1; i < points.length; i++) if (points[i]!.slope < points[best]!.slope) best = i;
  // Refine an interior minimum by golden-section search in log d.
  if (best > 0 && best < points.length - 1) {
    let a = Math.log(points[best - 1]!.d);
    let b = Math.log(points[best + 1]!.d);
    const g = (Math.sqrt(5) - 1) / 2;
    let start: FranzParisiStart = { q: points[best]!.q, t: points[best]!.t, sHat: points[best]!.sHat };
    const slopeAt = (x: number): number => {
      const p = solveFranzParisi({ ...params, d: Math.exp(x) }, { tolerance, integrator, start });
      if (!p.converged) fail(notConverged('Franz-Parisi saddle point', `${p.failure ?? 'no convergence'} at d = ${Math.exp(x)} (alpha = ${alpha})`, { d: Math.exp(x), alpha }));
      start = { q: p.q, t: p.t, sHat: p.sHat };
      return p.slope;
    };
    let x1 = b - g * (b - a);
    let x2 = a + g * (b - a);
    let f1 = slopeAt(x1);
    let f2 = slopeAt(x2);
    while (b - a > 0.02) {
      if (f1 < f2) {
        b = x2;
        x2 = x1;
        f2 = f1;
        x1 = b - g * (b - a);
        f1 = slopeAt(x1);
      } else {
        a = x1;
        x1 = x2;
        f1 = f2;
        x2 = a + g * (b - a);
        f2 = slopeAt(x2);
      }
    }
    const [x, f] = f1 < f2 ? [x1, f1] : [x2, f2];
    if (f < points[best]!.slope) return { slope: f, d: Math.exp(x), kappaMax: kappaRef };
  }
  return { slope: points[best]!.slope, d: points[best]!.d, kappaMax: kappaRef };
}

/**
 * The local-entropy transition `α_LE(κ)` by the study's criterion: the load above which even the
 * maximal-margin references (`κ̃ = κ_max(α)`) have a non-monotone `φ_FP(d)`. Brent's method on
 * `f(α) = min_d dφ_FP/dd` over `dRange`, positive below `α_LE` and negative above. Each evaluation solves
 * `κ_max(α)`, its reference and a scan of Franz–Parisi points, so one `α_LE` takes minutes, not seconds.
 * Fails with `InvalidArgument` for `κ < 0` and `NotFound` when `f` does not change sign on the bracket.
 * @category Local entropy
 * @since 0.2.0
 * @example
 * const r = orThrow(alphaLE(0, { alphaTolerance: 1e-3 }));
 * r.alphaLE < r.alphaC; // true
 */
export function alphaLE(kappa: number, options: AlphaLEOptions = {}): Either<BbpError, AlphaLEResult> {
  return attempt(() => {
    checkMargin('kappa', kappa);
    const alphaTolerance = options.alphaTolerance ?? 1e-4;
    if (!(alphaTolerance > 0 && alphaTolerance < 0.1)) fail(invalidArgument('alphaTolerance', alphaTolerance, 'a number in (0, 0.1)'));
    const dRange = options.dRange ?? [0.0005, 0.1];
    if (!(dRange.length === 2 && dRange[0] > 0 && dRange[1] > dRange[0] && dRange[1] <= 0.5))
      fail(invalidArgument('dRange', dRange, 'two distances 0 < from < to <= 0.5'));
    const scanPoints = options.scanPoints ?? 10;
    if (!Number.isInteger(scanPoints) || scanPoints < 3) fail(invalidArgument('scanPoints', scanPoints, 'an integer >= 3'));
    const tolerance = options.tolerance ?? 1e-10;
    const alphaC = storageCapacity(kappa);
    const bracket = options.bracket ?? [0.6 * alphaC, 0.97 * alphaC];
    if (!(bracket.length === 2 && bracket[0] > 0 && bracket[1] > bracket[0] && bracket[1] < alphaC))
      fail(invalidArgument('bracket', bracket, `two loads 0 < from < to < alphaC(kappa) = ${alphaC}`));
    const integrator = new FranzParisiIntegrator(DEFAULT_FP_QUADRATURE);
    let evaluations = 0;
    let last = { slope: NaN, d: NaN, kappaMax: NaN };
    let lastAlpha = NaN;
    const f = (alpha: number): number => {
      evaluations++;
      lastAlpha = alpha;
      last = minimumSlope(alpha, kappa, dRange, scanPoints, tolerance, integrator);
      return last.slope;
    };
    const fLo = f(bracket[0]);
    const fHi = f(bracket[1]);
    if (!(fLo > 0 && fHi < 0))
      fail(notFound('alphaLE', `the minimal slope of phi_FP does not change sign on alpha in [${bracket[0]}, ${bracket[1]}] (${fLo}, ${fHi}) at kappa = ${kappa}`));
    const root = brent(f, bracket[0], bracket[1], { xtol: alphaTolerance, rtol: 0 });
    if (!root.converged) fail(notConverged('brent', `alphaLE bracket did not shrink to ${alphaTolerance}`, { bracket: root.bracket }));
    if (lastAlpha !== root.root) f(root.root);
    return {
      kappa,
      alphaLE: root.root,
      kappaMax: last.kappaMax,
      dTouch: last.d,
      alphaC,
      bracket: root.bracket,
      evaluations,
      alphaTolerance,
      dRange,
    };
  });
}

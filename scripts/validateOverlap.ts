/**
 * `npm run validate:overlap`: the finite-N overlap curve m²(α) and the φ(α, N) statistic for p = 2, p* = 1
 * (THEORY §5, §7), at N = 1000, 2000, 4000, for a continuous transition (a = 0.7) and a discontinuous one
 * (a = 1.5, α_BBP ≈ 1.3229), against the large-N theory; it shows the premature recovery: a finite overlap
 * below α_BBP at a = 1.5.
 *
 * Per (N, a, α, seed): sample the problem, take the bottom k = 4 eigenpairs of the matrix-free Hessian by
 * thick-restart Lanczos (absolute residual ≤ 1e-6), and record the eigenvalues, residuals and the teacher
 * overlap of each eigenvector. Observables over seeds (mean ± SE):
 *   - `bottom`: the overlap of the bottom eigenvector (the m² the figure shows);
 *   - `pair`: the mean overlap of the two bottom eigenvectors. For p = 2, p* = 1 the outlier is 2-fold
 *     degenerate at N = ∞ and splits at finite N; the bottom one of the pair leans more to the teacher,
 *     so `pair` is the less biased estimator of m² (test/montecarlo/README.md);
 *   - `phi`: the fraction of seeds in which the eigenvector of largest overlap among the bottom k is the
 *     bottom one (THEORY §7), SE √(φ(1 − φ)/S);
 *   - `phiPair`: the same with "one of the bottom two", the version of φ suited to the 2-fold outlier.
 *
 * The α points are fixed fractions of each α_BBP (0.75, 0.9, 1.1, 1.5, 2), so both transitions are probed at
 * the same relative distance. Seeds 1..S with S = 16, 6, 3 at N = 1000, 2000, 4000 by default (fewer at
 * large N: one sample costs ∝ α·N², and a sample at N = 4000 takes ≈ 20 s of one idle core). The points
 * are visited in order of importance (0.9·α_BBP first, then 1.5, 0.75, 1.1, 2), so a run cut short still
 * has the premature-recovery point at every N; a rerun completes it. Independent runs (e.g. one per N, or
 * per set of `--ratios`, to use two cores) may share the output directory: records are appended one line
 * at a time, and a sample recorded twice counts once.
 *
 * Resumable: every finished sample is appended as one JSON line to `records.jsonl` in the output
 * directory; a rerun skips the samples already there (an interrupted last line is ignored). At the end
 * (and with `--summarize-only` at any time) it writes `data.json` (parameters, seeds, records, summary,
 * the paired premature-recovery differences, theory), `overlap.svg`, `phi.svg` and `phi-pair.svg`, and
 * prints the summary tables.
 *
 * Options: --n=1000,2000,4000 --seeds=16,6,3 (per N) --ratios=0.9,1.5,0.75,1.1,2 (the α points to run, in
 * this order) --out=docs/validation/overlap --summarize-only
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { orThrow } from '../src/errors.js';
import { bottomEigenpairs } from '../src/numeric/linalg/lanczos.js';
import { hessianOperator } from '../src/numeric/montecarlo/hessianOperator.js';
import { teacherOverlap } from '../src/numeric/montecarlo/observables.js';
import { quadraticReferenceModel } from '../src/numeric/montecarlo/pointwiseModel.js';
import { sampleProblem } from '../src/numeric/montecarlo/problem.js';
import { meanAndStandardError } from '../src/numeric/statistics.js';
import { Chart, paletteColor, type MarkerShape } from '../src/plot/svg.js';
import { overlapCurve, threshold } from '../src/theory.js';

// ---------------------------------------------------------------------------------------------------------
// One sample

/** Fixed parameters of the validation. */
export const P = 2;
export const PSTAR = 1;
/** Bottom eigenpairs per sample (φ looks among these). */
export const K = 4;
/** Absolute residual bound of the eigenpairs. */
export const TOLERANCE = 1e-6;
/** The two values of a: continuous and discontinuous transition. */
export const A_VALUES = [0.7, 1.5] as const;
/** α points as fractions of α_BBP(a). */
export const ALPHA_RATIOS = [0.75, 0.9, 1.1, 1.5, 2] as const;
/** The order in which a run visits them. */
const RUN_ORDER = [0.9, 1.5, 0.75, 1.1, 2] as const;

/** One (N, a, α, seed) sample: what is measured and how. */
export interface OverlapRecord {
  readonly n: number;
  readonly p: number;
  readonly pstar: number;
  readonly a: number;
  readonly alpha: number;
  readonly m: number;
  /** Seed of the problem (inputs, student, teacher) and of the Lanczos start vector. */
  readonly seed: number;
  readonly k: number;
  readonly tolerance: number;
  /** Bottom k eigenvalues, ascending. */
  readonly values: number[];
  /** Teacher-subspace overlap of each of the k eigenvectors. */
  readonly overlaps: number[];
  /** ‖Hv − λv‖ of each. */
  readonly residuals: number[];
  readonly matvecs: number;
  readonly converged: boolean;
  /** Wall time of the sample (sampling + operator + Lanczos + overlaps). */
  readonly seconds: number;
}

/** Sample the problem and measure the bottom-k eigenpairs' overlaps (Lanczos seeded by the problem seed). */
export function overlapRecord(n: number, a: number, alpha: number, seed: number, k = K, tolerance = TOLERANCE): OverlapRecord {
  const t0 = performance.now();
  const problem = sampleProblem({ n, alpha, p: P, pstar: PSTAR, seed });
  const H = hessianOperator(problem, quadraticReferenceModel({ p: P, pstar: PSTAR, a }));
  const r = bottomEigenpairs(H, { k, seed, tolerance });
  const overlaps: number[] = [];
  for (let j = 0; j < k; j++) overlaps.push(teacherOverlap(problem, r.vectors.subarray(j * H.size, (j + 1) * H.size)));
  return {
    n, p: P, pstar: PSTAR, a, alpha, m: problem.m, seed, k, tolerance,
    values: [...r.values], overlaps, residuals: [...r.residuals], matvecs: r.matvecs, converged: r.converged,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** True when the bottom eigenvector has the largest teacher overlap among the k (the event φ counts). */
export const bottomIsMostAligned = (overlaps: readonly number[]): boolean => overlaps.every((o) => o <= overlaps[0]!);

/** True when the largest teacher overlap among the k is that of the bottom or the second eigenvector. */
export const pairHoldsMostAligned = (overlaps: readonly number[]): boolean => overlaps.every((o) => o <= Math.max(overlaps[0]!, overlaps[1]!));

// ---------------------------------------------------------------------------------------------------------
// Summary

/** Mean ± SE of one observable over seeds. */
export interface Estimate {
  readonly mean: number;
  readonly se: number;
}

/** One (a, N, α) point over its seeds. */
export interface SummaryPoint {
  readonly a: number;
  readonly n: number;
  readonly alpha: number;
  readonly seeds: number;
  /** Overlap of the bottom eigenvector. */
  readonly bottom: Estimate;
  /** Mean overlap of the two bottom eigenvectors. */
  readonly pair: Estimate;
  /** φ: fraction of seeds whose most teacher-aligned eigenvector (among the bottom k) is the bottom one. */
  readonly phi: Estimate;
  /**
   * φ for the 2-fold outlier: fraction of seeds whose most teacher-aligned eigenvector is one of the bottom
   * two (at N = ∞ the p·p* = 2 outlier eigenvectors share m², so the literal φ cannot exceed ≈ 1/2 + ε).
   */
  readonly phiPair: Estimate;
  /** Bottom eigenvalue. */
  readonly lambda: Estimate;
  /** Samples whose Lanczos run did not reach the tolerance. */
  readonly notConverged: number;
}

const est = (xs: number[]): Estimate => {
  const m = meanAndStandardError(xs);
  return { mean: m.mean, se: m.standardError };
};

/** Group records by (a, N, α) and reduce each group over its seeds. */
export function summarize(records: readonly OverlapRecord[]): SummaryPoint[] {
  const groups = new Map<string, OverlapRecord[]>();
  for (const r of records) {
    const key = `${r.a}|${r.n}|${r.alpha}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const out: SummaryPoint[] = [];
  for (const g of groups.values()) {
    const { a, n, alpha } = g[0]!;
    const fraction = (hit: (o: number[]) => boolean): Estimate => {
      const f = g.filter((r) => hit(r.overlaps)).length / g.length;
      return { mean: f, se: Math.sqrt((f * (1 - f)) / g.length) };
    };
    out.push({
      a, n, alpha, seeds: g.length,
      bottom: est(g.map((r) => r.overlaps[0]!)),
      pair: est(g.map((r) => (r.overlaps[0]! + r.overlaps[1]!) / 2)),
      phi: fraction(bottomIsMostAligned),
      phiPair: fraction(pairHoldsMostAligned),
      lambda: est(g.map((r) => r.values[0]!)),
      notConverged: g.filter((r) => !r.converged).length,
    });
  }
  return out.sort((x, y) => x.a - y.a || x.n - y.n || x.alpha - y.alpha);
}

/** α_BBP, its kind and the α grid of one value of a. */
export function alphaGrid(a: number): { alphaBBP: number; transition: string; alphas: number[] } {
  const t = orThrow(threshold({ p: P, pstar: PSTAR, a }));
  return { alphaBBP: t.alphaBBP, transition: t.transition, alphas: ALPHA_RATIOS.map((r) => Number((r * t.alphaBBP).toFixed(4))) };
}

// ---------------------------------------------------------------------------------------------------------
// The run (only when executed as a script)

function option(name: string, fallback: string): string {
  const arg = process.argv.find((x) => x.startsWith(`--${name}=`));
  return arg === undefined ? fallback : arg.slice(name.length + 3);
}

function positiveIntegers(name: string, text: string): number[] {
  const xs = text.split(',').map(Number);
  for (const x of xs) {
    if (!Number.isSafeInteger(x) || x < 1) {
      process.stderr.write(`validateOverlap: --${name} must be a comma list of positive integers, got '${text}'\n`);
      process.exit(2);
    }
  }
  return xs;
}

const keyOf = (r: { n: number; a: number; alpha: number; seed: number }): string => `${r.n}|${r.a}|${r.alpha}|${r.seed}`;

/** The records of a JSON-lines file, one per sample (the first, should two runs have written the same one). */
function readRecords(file: string): OverlapRecord[] {
  if (!existsSync(file)) return [];
  const out = new Map<string, OverlapRecord>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const r = JSON.parse(line) as OverlapRecord;
      if (!out.has(keyOf(r))) out.set(keyOf(r), r);
    } catch {
      // An interrupted write leaves a truncated last line: that sample is simply redone.
    }
  }
  return [...out.values()];
}

const f3 = (e: Estimate): string => `${e.mean.toFixed(3)} ± ${Number.isFinite(e.se) ? e.se.toFixed(3) : '—'}`;

function writeAtomic(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

const SHAPES: readonly MarkerShape[] = ['circle', 'square', 'triangle', 'diamond'];

/** `6` or `2–6`: the seed counts of a set of points. */
function seedRange(pts: readonly SummaryPoint[]): string {
  const lo = Math.min(...pts.map((s) => s.seeds));
  const hi = Math.max(...pts.map((s) => s.seeds));
  return lo === hi ? String(lo) : `${lo}–${hi}`;
}

interface TheoryCurve {
  readonly a: number;
  readonly alphaBBP: number;
  readonly transition: string;
  readonly m2AtThreshold: number;
  readonly alpha: number[];
  readonly m2: number[];
}

/** m²(α): theory lines (jump dotted) and the finite-N means ± SE, one colour per a, one marker per N. */
function overlapSvg(summary: SummaryPoint[], theory: TheoryCurve[], ns: number[], description: string): string {
  const xMax = Math.max(...theory.map((t) => t.alpha[t.alpha.length - 1]!));
  const chart = new Chart({
    width: 960,
    height: 480,
    title: `Teacher overlap of the bottom Hessian eigenvector: p = ${P}, p^{*} = ${PSTAR}, mean ± SE over seeds`,
    description,
    x: { label: 'α = M/N', min: 0.4, max: xMax },
    y: { label: 'm^{2}', min: 0, max: 0.5 },
    legend: 'right',
  });
  const dodge = (j: number): number => (j - (ns.length - 1) / 2) * 0.018;
  theory.forEach((t, k) => {
    const color = paletteColor(k);
    const below = t.alpha.map((x, i) => ({ x, y: t.m2[i]! })).filter((q) => q.x < t.alphaBBP);
    const above = t.alpha.map((x, i) => ({ x, y: t.m2[i]! })).filter((q) => q.x > t.alphaBBP);
    chart.line([...below.map((q) => q.x), t.alphaBBP], [...below.map(() => 0), 0], { color, width: 2 }, {
      legend: `a = ${t.a}: theory (${t.transition}, α_{BBP} = ${t.alphaBBP.toFixed(4)})`,
    });
    if (t.m2AtThreshold > 0) chart.line([t.alphaBBP, t.alphaBBP], [0, t.m2AtThreshold], { color, width: 1.4, dash: '2 3' });
    chart.line([t.alphaBBP, ...above.map((q) => q.x)], [t.m2AtThreshold, ...above.map((q) => q.y)], { color, width: 2 });
    chart.vline(t.alphaBBP, { color, dash: '6 4', width: 1, opacity: 0.7 }, { text: 'α_{BBP}', side: k % 2 === 0 ? 'left' : 'right' });
    ns.forEach((n, j) => {
      const pts = summary.filter((s) => s.a === t.a && s.n === n);
      if (pts.length === 0) return;
      chart.points(
        pts.map((s) => ({ x: s.alpha + dodge(j), y: s.bottom.mean, ...(Number.isFinite(s.bottom.se) ? { err: s.bottom.se } : {}) })),
        { color, shape: SHAPES[j % SHAPES.length]!, size: 3.5, filled: k === 1 },
        { legend: `a = ${t.a}, N = ${n} (${seedRange(pts)} seeds)` },
      );
    });
  });
  return chart.render();
}

/** φ(α, N) (or its pair version) against α/α_BBP, one colour per a, one marker per N. */
function phiSvg(summary: SummaryPoint[], theory: TheoryCurve[], ns: number[], description: string, pair: boolean): string {
  const chart = new Chart({
    width: 960,
    height: 480,
    title: pair
      ? `φ_{pair}(α, N): the most teacher-aligned of the bottom ${K} eigenvectors is one of the bottom two`
      : `φ(α, N): the bottom eigenvector is the most teacher-aligned of the bottom ${K}`,
    description,
    x: { label: 'α / α_{BBP}', min: 0.6, max: 2.1 },
    y: { label: pair ? 'φ_{pair}' : 'φ', min: 0, max: 1 },
    legend: 'right',
  });
  theory.forEach((t, k) => {
    const color = paletteColor(k);
    ns.forEach((n, j) => {
      const pts = summary.filter((s) => s.a === t.a && s.n === n);
      if (pts.length === 0) return;
      const xs = pts.map((s) => s.alpha / t.alphaBBP + (j - 1) * 0.01);
      const values = pts.map((s) => (pair ? s.phiPair : s.phi));
      chart.line(xs, values.map((e) => e.mean), { color, width: 1.2, opacity: 0.6, dash: j === 0 ? '4 3' : j === 1 ? '1 2' : '' });
      chart.points(
        values.map((e, i) => ({ x: xs[i]!, y: e.mean, err: e.se })),
        { color, shape: SHAPES[j % SHAPES.length]!, size: 3.5, filled: k === 1 },
        { legend: `a = ${t.a} (${t.transition}), N = ${n}` },
      );
    });
  });
  chart.vline(1, { color: '#555555', dash: '6 4', width: 1 }, { text: 'α_{BBP}', side: 'right' });
  return chart.render();
}

async function main(): Promise<void> {
  const ns = positiveIntegers('n', option('n', '1000,2000,4000'));
  const seedCounts = positiveIntegers('seeds', option('seeds', '16,6,3'));
  if (seedCounts.length !== ns.length) {
    process.stderr.write(`validateOverlap: --seeds needs one count per N (${ns.length}), got ${seedCounts.length}\n`);
    process.exit(2);
  }
  const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
  const outDir = path.resolve(root, option('out', 'docs/validation/overlap'));
  mkdirSync(outDir, { recursive: true });
  const jsonl = path.join(outDir, 'records.jsonl');
  const grids = A_VALUES.map((a) => ({ a, ...alphaGrid(a) }));

  const records = readRecords(jsonl);
  const done = new Set(records.map(keyOf));
  if (!process.argv.includes('--summarize-only')) {
    // The α points in order of importance (one just below α_BBP, one above, then the rest), then N as given,
    // then seed, then a: a run cut short still has the premature-recovery point at every N, with both a on
    // the same seeds.
    const ratios = option('ratios', RUN_ORDER.join(',')).split(',').map(Number);
    for (const r of ratios) {
      if (!(ALPHA_RATIOS as readonly number[]).includes(r)) {
        process.stderr.write(`validateOverlap: --ratios takes values among ${ALPHA_RATIOS.join(', ')}, got ${r}\n`);
        process.exit(2);
      }
    }
    const tasks = ratios.flatMap((ratio) =>
      ns.flatMap((n, i) =>
        Array.from({ length: seedCounts[i]! }, (_, s) => s + 1).flatMap((seed) =>
          grids.map((g) => ({ n, a: g.a, alpha: g.alphas[(ALPHA_RATIOS as readonly number[]).indexOf(ratio)]!, seed })),
        ),
      ),
    );
    const todo = tasks.filter((t) => !done.has(keyOf(t)));
    process.stderr.write(`[validate:overlap] ${tasks.length} samples, ${tasks.length - todo.length} already in ${jsonl}\n`);
    const started = performance.now();
    todo.forEach((t, i) => {
      const r = overlapRecord(t.n, t.a, t.alpha, t.seed);
      appendFileSync(jsonl, JSON.stringify(r) + '\n');
      records.push(r);
      const elapsed = (performance.now() - started) / 1000;
      process.stderr.write(
        `[validate:overlap] ${i + 1}/${todo.length} N=${t.n} a=${t.a} α=${t.alpha} seed ${t.seed}: λ₁ = ${r.values[0]!.toFixed(4)}, ` +
          `overlaps ${r.overlaps.map((o) => o.toFixed(3)).join(' ')}, ${r.matvecs} products, ${r.seconds.toFixed(1)} s${r.converged ? '' : ' NOT CONVERGED'} (${(elapsed / 60).toFixed(1)} min)\n`,
      );
    });
  }

  // Theory curves and the summary.
  const theory: TheoryCurve[] = grids.map((g) => {
    const curve = orThrow(overlapCurve({ p: P, pstar: PSTAR, a: g.a }, { from: 0.4, to: 2.1 * g.alphaBBP, step: 0.01 }));
    const above = g.alphaBBP * (1 + 1e-9);
    const jump = orThrow(overlapCurve({ p: P, pstar: PSTAR, a: g.a }, { from: above, to: above, step: 1 })).points[0]!.m2;
    return {
      a: g.a, alphaBBP: g.alphaBBP, transition: g.transition, m2AtThreshold: g.transition === 'continuous' ? 0 : jump,
      alpha: curve.points.map((q) => q.alpha), m2: curve.points.map((q) => q.m2),
    };
  });
  const m2At = (a: number, alpha: number): number =>
    orThrow(overlapCurve({ p: P, pstar: PSTAR, a }, { from: alpha, to: alpha, step: 1 })).points[0]!.m2;
  const summary = summarize(records.filter((r) => ns.includes(r.n))).map((s) => ({ ...s, theoryM2: m2At(s.a, s.alpha), alphaOverAlphaBBP: s.alpha / grids.find((g) => g.a === s.a)!.alphaBBP }));

  // Premature recovery: below α_BBP, the a = 1.5 overlap minus the a = 0.7 one at the same α/α_BBP, N and
  // seed (the same inputs X, student and teacher: the problem does not depend on a), mean ± SE over seeds.
  const byKey = new Map(records.map((r) => [keyOf(r), r]));
  const [gc, gd] = grids as [(typeof grids)[number], (typeof grids)[number]];
  const prematureRecovery = ns.flatMap((n) =>
    ALPHA_RATIOS.map((ratio, i) => ({ ratio, i })).filter(({ ratio }) => ratio < 1).flatMap(({ ratio, i }) => {
      const diffs: number[] = [];
      for (const r of records) {
        if (r.n !== n || r.a !== gd.a || r.alpha !== gd.alphas[i]) continue;
        const c = byKey.get(keyOf({ n, a: gc.a, alpha: gc.alphas[i]!, seed: r.seed }));
        if (c) diffs.push(r.overlaps[0]! - c.overlaps[0]!);
      }
      return diffs.length === 0 ? [] : [{ n, alphaOverAlphaBBP: ratio, alphaContinuous: gc.alphas[i]!, alphaDiscontinuous: gd.alphas[i]!, seeds: diffs.length, difference: est(diffs) }];
    }),
  );

  const command = `nice -n 10 npm run validate:overlap -- --n=${ns.join(',')} --seeds=${seedCounts.join(',')}`;
  const data = {
    description: 'Finite-N teacher overlap m²(α) and φ(α, N) of the bottom Hessian eigenvectors (THEORY §7), quadratic reference model',
    command,
    parameters: { p: P, pstar: PSTAR, aValues: [...A_VALUES], alphaRatios: [...ALPHA_RATIOS], k: K, tolerance: TOLERANCE, n: ns, seedsPerN: seedCounts, lanczosSeed: 'the problem seed' },
    seeds: Object.fromEntries(ns.map((n, i) => [n, Array.from({ length: seedCounts[i]! }, (_, s) => s + 1)])),
    thresholds: grids.map(({ a, alphaBBP, transition, alphas }) => ({ a, alphaBBP, transition, alphas })),
    summary,
    prematureRecovery,
    theory,
    records: records.filter((r) => ns.includes(r.n)).sort((x, y) => x.a - y.a || x.n - y.n || x.alpha - y.alpha || x.seed - y.seed),
  };
  writeAtomic(path.join(outDir, 'data.json'), JSON.stringify(data, null, 1) + '\n');
  writeAtomic(path.join(outDir, 'overlap.svg'), overlapSvg(summary, theory, ns, command));
  writeAtomic(path.join(outDir, 'phi.svg'), phiSvg(summary, theory, ns, command, false));
  writeAtomic(path.join(outDir, 'phi-pair.svg'), phiSvg(summary, theory, ns, command, true));

  console.log(`| a | N | seeds | α | α/α_BBP | m² theory | bottom overlap | pair-mean overlap | φ | φ_pair | λ₁ |`);
  console.log(`|---|---|---|---|---|---|---|---|---|---|---|`);
  for (const s of summary) {
    console.log(
      `| ${s.a} | ${s.n} | ${s.seeds} | ${s.alpha} | ${s.alphaOverAlphaBBP.toFixed(2)} | ${s.theoryM2.toFixed(3)} | ${f3(s.bottom)} | ${f3(s.pair)} | ${f3(s.phi)} | ${f3(s.phiPair)} | ${f3(s.lambda)} |` +
        (s.notConverged > 0 ? ` (${s.notConverged} not converged)` : ''),
    );
  }
  console.log(`\nPremature recovery: bottom-eigenvector overlap at a = ${gd.a} minus a = ${gc.a}, same N, seed and α/α_BBP < 1`);
  console.log(`| N | α/α_BBP | seeds | difference (mean ± SE) | z |`);
  console.log(`|---|---|---|---|---|`);
  for (const p of prematureRecovery) {
    console.log(`| ${p.n} | ${p.alphaOverAlphaBBP} | ${p.seeds} | ${f3(p.difference)} | ${(p.difference.mean / p.difference.se).toFixed(1)} |`);
  }
  process.stderr.write(`[validate:overlap] wrote ${path.relative(root, outDir)}/{records.jsonl,data.json,overlap.svg,phi.svg,phi-pair.svg}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}

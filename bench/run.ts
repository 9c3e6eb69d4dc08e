/**
 * `npm run bench`: benchmarks of the large-N solvers (THEORY §3–§5). Every number is a wall time measured
 * in this run, and every claim is a ratio against a baseline measured in the same run — never a fixed
 * budget, so nothing here can fail on a slow machine. Human tables go to stdout, followed by one JSON line
 * with all the numbers; progress goes to stderr.
 *
 *   a. α_BBP for finite p (parameters → result), against bisection on "does `outlier(α)` exist".
 *   b. Phase diagram p ∈ {1..64} × 40 values of a, single-threaded and over 2 worker threads.
 *   c. Quadrature cost: α_BBP at the default step 0.3 vs 0.15, and at 0.25 vs 0.125.
 *   d. Density: `spectrum` on 201 points at p = 2, α = 2.
 *   e. Bottom 3 eigenpairs (N = 4000, p = 4, α = 2) vs dense and SciPy eigsh, peak memory, and the SLQ density
 *      against dense eigenvalues (bench/eigen.ts in a child process; options pass through as
 *      --eigen=--n=2000,--dense-n=300).
 *   f. SGD: one ODE trajectory (p = 8, p* = 4, η = 0.8, t ≤ 200); simulator steps per second vs NumPy.
 *   g. Binary networks: enumeration at N = 25 for 40 instances, one RS solve, one Franz–Parisi point.
 *
 * Usage: `npm run bench [-- --only=a,b,c,d,e,f,g]`.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { DEFAULT_STEP, createSpectralSolver, quadraticVertex, spectrum, threshold, type ThresholdReport } from '../src/index.js';
import { phaseRow, type PhasePoint, type PhaseRowResult, type PhaseTask } from './phaseWorker.js';
import { table } from './table.js';
import { benchEigen } from './eigenSection.js';
import { benchSgd } from './sgd.js';
import { benchBinary } from './binary.js';

// ---------------------------------------------------------------------------------------------------------
// Timing and formatting helpers

/** Wall times (ms) of `reps` calls of `fn`, after `warmup` untimed calls. */
function sample(fn: () => unknown, reps: number, warmup = 1): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((x, y) => x - y);
  if (s.length === 0) return NaN;
  if (q === 0.5) {
    const m = s.length >> 1;
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  }
  // Nearest rank.
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}
const median = (xs: readonly number[]): number => quantile(xs, 0.5);
const p90 = (xs: readonly number[]): number => quantile(xs, 0.9);

const relDiff = (x: number, y: number): number => Math.abs(x - y) / Math.abs(y);

const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const sci = (x: number): string => (x === 0 ? '0' : x.toExponential(1));
const num = (x: number | null): string => (x === null ? '—' : x.toPrecision(7));


const progress = (msg: string): void => {
  process.stderr.write(`[bench] ${msg}\n`);
};

function unwrap<T>(r: { _tag: 'Left'; left: { message: string } } | { _tag: 'Right'; right: T }): T {
  if (r._tag === 'Left') throw new Error(r.left.message);
  return r.right;
}

const only = (() => {
  const arg = process.argv.find((x) => x.startsWith('--only='));
  return arg ? new Set(arg.slice('--only='.length).split(',')) : null;
})();
const enabled = (section: string): boolean => only === null || only.has(section);

// ---------------------------------------------------------------------------------------------------------
// a. α_BBP for finite p

/** The step `threshold()` uses when no quadrature is given; the baseline must use the same rule. */
const ENTRY_POINT_STEP = DEFAULT_STEP;

interface Config {
  readonly p: number;
  readonly pstar: number;
  readonly a: number;
}
const configs: Config[] = [];
for (const p of [1, 2, 8, 64]) for (const pstar of [1, 4]) for (const a of [0.05, 0.7, 1.5, 5]) configs.push({ p, pstar, a });
const label = (c: Config): string => `p=${c.p} p*=${c.pstar} a=${c.a}`;

/**
 * Baseline: α_BBP found without the closed-form edge/outlier curves of the threshold solver — bisection
 * in α on "does `outlier(α)` exist", with a fresh solver (hence a fresh scan) per α, on the same vertex.
 * Bracket by doubling/halving from α = 1, then bisect to a relative width of 1e-10.
 */
function alphaBBPByBisection(c: Config): { alpha: number; evaluations: number; nodes: number } {
  const vertex = quadraticVertex(c, { step: ENTRY_POINT_STEP });
  let evaluations = 0;
  const exists = (alpha: number): boolean => {
    evaluations++;
    return createSpectralSolver(vertex).outlier(alpha) !== null;
  };
  let hi = 1;
  let lo = 0.5;
  if (exists(hi)) {
    while (exists(lo)) {
      hi = lo;
      lo /= 2;
      if (lo < 1e-8) throw new Error(`bisection: an outlier exists at every alpha down to ${lo} (${label(c)})`);
    }
  } else {
    do {
      lo = hi;
      hi *= 2;
      if (hi > 1e8) throw new Error(`bisection: no outlier up to alpha = ${hi} (${label(c)})`);
    } while (!exists(hi));
  }
  while (hi - lo > 1e-10 * hi) {
    const mid = (lo + hi) / 2;
    if (exists(mid)) hi = mid;
    else lo = mid;
  }
  return { alpha: hi, evaluations, nodes: vertex.size };
}

interface FiniteRow {
  readonly p: number;
  readonly pstar: number;
  readonly a: number;
  readonly nodes: number;
  readonly transition: string;
  readonly alphaBBP: number;
  readonly medianMs: number;
  readonly p90Ms: number;
  /** Median of the vertex construction alone (part of medianMs). */
  readonly vertexMedianMs: number;
  readonly baselineAlpha: number;
  readonly baselineEvaluations: number;
  readonly baselineMedianMs: number;
  readonly speedup: number;
  readonly relDiff: number;
}

function benchFiniteP(): { rows: FiniteRow[]; summary: Record<string, number> } {
  const REPS = 21;
  const BASELINE_REPS = 3;
  const rows: FiniteRow[] = [];
  const all: number[] = [];
  // One untimed pass over every configuration first, so that the first rows are not timing the JIT.
  progress('a. warm-up');
  for (const c of configs) unwrap(threshold(c));
  for (const c of configs) {
    progress(`a. ${label(c)}`);
    let report: ThresholdReport | undefined;
    const times = sample(() => (report = unwrap(threshold(c))), REPS, 2);
    all.push(...times);
    const vertexTimes = sample(() => quadraticVertex(c, { step: ENTRY_POINT_STEP }), REPS, 1);
    let base: ReturnType<typeof alphaBBPByBisection> | undefined;
    const baseTimes = sample(() => (base = alphaBBPByBisection(c)), BASELINE_REPS, 0);
    const r = report!;
    const b = base!;
    if (b.nodes !== r.quadratureNodes) {
      progress(`warning: baseline vertex has ${b.nodes} nodes, threshold() ${r.quadratureNodes}: has the default step changed?`);
    }
    rows.push({
      ...c,
      nodes: r.quadratureNodes,
      transition: r.transition,
      alphaBBP: r.alphaBBP,
      medianMs: median(times),
      p90Ms: p90(times),
      vertexMedianMs: median(vertexTimes),
      baselineAlpha: b.alpha,
      baselineEvaluations: b.evaluations,
      baselineMedianMs: median(baseTimes),
      speedup: median(baseTimes) / median(times),
      relDiff: relDiff(b.alpha, r.alphaBBP),
    });
  }
  table(
    `a. α_BBP for finite p: threshold() from parameters (vertex + threshold), ${REPS} reps; baseline = bisection on outlier(α) existence, fresh solver per α, ${BASELINE_REPS} reps`,
    ['p', 'p*', 'a', 'nodes', 'kind', 'α_BBP', 'median ms', 'p90 ms', 'of which vertex', 'baseline ms', 'evals', 'speedup', 'rel diff'],
    rows.map((r) => [
      String(r.p), String(r.pstar), String(r.a), String(r.nodes), r.transition.slice(0, 5), num(r.alphaBBP),
      ms(r.medianMs), ms(r.p90Ms), ms(r.vertexMedianMs), ms(r.baselineMedianMs), String(r.baselineEvaluations), `${r.speedup.toFixed(0)}×`, sci(r.relDiff),
    ]),
  );
  const medians = rows.map((r) => r.medianMs);
  const summary = {
    medianOfAllMs: median(all),
    p90OfAllMs: p90(all),
    worstMedianMs: Math.max(...medians),
    worstP90Ms: Math.max(...rows.map((r) => r.p90Ms)),
    medianSpeedup: median(rows.map((r) => r.speedup)),
    minSpeedup: Math.min(...rows.map((r) => r.speedup)),
    maxRelDiff: Math.max(...rows.map((r) => r.relDiff)),
  };
  console.log(
    `   all configs: median ${ms(summary.medianOfAllMs)} ms, p90 ${ms(summary.p90OfAllMs)} ms, worst config median ${ms(summary.worstMedianMs)} ms / p90 ${ms(summary.worstP90Ms)} ms;` +
      ` speedup over baseline median ${summary.medianSpeedup.toFixed(0)}× (min ${summary.minSpeedup.toFixed(0)}×); max |Δα|/α ${sci(summary.maxRelDiff)} (bisection tolerance 1e-10)`,
  );
  return { rows, summary };
}

// ---------------------------------------------------------------------------------------------------------
// b. Phase diagram

const PHASE_P = Array.from({ length: 64 }, (_, k) => k + 1);
const PHASE_A = Array.from({ length: 40 }, (_, k) => 0.05 * 100 ** (k / 39));
const PHASE_PSTAR = 1;
const phaseTasks = (): PhaseTask[] => PHASE_P.map((p, id) => ({ id, p, pstar: PHASE_PSTAR, a: PHASE_A }));

/**
 * A worker running `phaseWorker.ts`. Under tsx (how `npm run bench` runs) the TypeScript worker needs the
 * tsx loader, and Node 20 ignores loader flags in a worker's `execArgv` (nodejs/node#47747, tsx#354): so
 * the worker starts from a small bootstrap that registers tsx through its API and then imports the module.
 * When this file has been compiled to `.js`, the worker is loaded directly.
 */
function spawnPhaseWorker(): Worker {
  const ts = import.meta.url.endsWith('.ts');
  const target = new URL(ts ? './phaseWorker.ts' : './phaseWorker.js', import.meta.url);
  if (!ts) return new Worker(target);
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(target.href)}); });`;
  return new Worker(boot, { eval: true });
}

interface ParallelRun {
  readonly rows: PhasePoint[][];
  readonly wallMs: number;
  /** Spawn → worker module loaded and ready, per worker. */
  readonly startupMs: number[];
  /** Rows done by each worker. */
  readonly rowsPerWorker: number[];
}

/** Rows handed out one at a time to whichever worker is free (dynamic load balancing). */
function runParallel(tasks: PhaseTask[], nWorkers: number): Promise<ParallelRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const rows: PhasePoint[][] = new Array(tasks.length);
    const startupMs: number[] = new Array(nWorkers).fill(NaN);
    const rowsPerWorker: number[] = new Array(nWorkers).fill(0);
    const workers: Worker[] = [];
    let next = 0;
    let done = 0;
    let exited = 0;
    let wallMs = NaN;
    const feed = (w: Worker): void => {
      w.postMessage(next < tasks.length ? tasks[next++]! : null);
    };
    for (let i = 0; i < nWorkers; i++) {
      const w = spawnPhaseWorker();
      workers.push(w);
      w.on('message', (m: PhaseRowResult | { ready: true }) => {
        if ('ready' in m) {
          startupMs[i] = performance.now() - t0;
        } else {
          rows[m.id] = m.points;
          rowsPerWorker[i]!++;
          if (++done === tasks.length) wallMs = performance.now() - t0;
        }
        feed(w);
      });
      w.on('error', (e) => {
        workers.forEach((x) => void x.terminate());
        reject(e);
      });
      w.on('exit', () => {
        if (++exited === nWorkers) {
          if (done === tasks.length) resolve({ rows, wallMs, startupMs, rowsPerWorker });
          else reject(new Error(`workers exited after ${done} of ${tasks.length} rows`));
        }
      });
    }
  });
}

async function benchPhaseDiagram(): Promise<Record<string, unknown>> {
  const tasks = phaseTasks();
  const points = tasks.length * PHASE_A.length;

  // CPU time of the whole process (all threads) over wall time: ~2 when both workers really ran in
  // parallel, less when other processes compete for the 2 cores. The load average says how busy the machine was.
  const load0 = os.loadavg()[0]!;
  progress(`b. phase diagram, ${points} points, 2 worker threads`);
  const cpu0 = process.cpuUsage();
  const par = await runParallel(tasks, 2);
  const parCpu = process.cpuUsage(cpu0);

  const load1 = os.loadavg()[0]!;
  progress(`b. phase diagram, ${points} points, single thread`);
  const cpu1 = process.cpuUsage();
  const t0 = performance.now();
  const serialRows = tasks.map((t) => phaseRow(t));
  const serialMs = performance.now() - t0;
  const serCpu = process.cpuUsage(cpu1);
  const load2 = os.loadavg()[0]!;
  const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;

  const serial = serialRows.flat();
  const parallel = par.rows.flat();
  let mismatches = 0;
  serial.forEach((s, k) => {
    const q = parallel[k]!;
    if (!(s.alphaBBP === q.alphaBBP && s.transition === q.transition)) mismatches++;
  });
  const continuous = serial.filter((s) => s.transition === 'continuous').length;
  const discontinuous = serial.filter((s) => s.transition === 'discontinuous').length;
  const errors = serial.filter((s) => s.error !== undefined);
  const pointMs = serial.map((s) => s.ms);
  const slowest = serial.reduce((x, y) => (y.ms > x.ms ? y : x));
  // Where the transition changes kind along a: the largest a still continuous, per p.
  const lastContinuous = PHASE_P.map((p) => {
    const row = serial.filter((s) => s.p === p && s.transition === 'continuous');
    return row.length ? Math.max(...row.map((s) => s.a)) : null;
  });

  const parPointMs = par.rows.flat().map((s) => s.ms);
  const sum = (xs: number[]): number => xs.reduce((x, y) => x + y, 0);
  const result = {
    points,
    serialWallMs: serialMs,
    parallelWallMs: par.wallMs,
    serialCpuMs: cpuMs(serCpu),
    parallelCpuMs: cpuMs(parCpu),
    serialSumOfPointsMs: sum(pointMs),
    parallelSumOfPointsMs: sum(parPointMs),
    loadAverage1m: { before: load0, betweenRuns: load1, after: load2 },
    workerStartupMs: par.startupMs,
    rowsPerWorker: par.rowsPerWorker,
    speedup: serialMs / par.wallMs,
    mismatchesSerialVsParallel: mismatches,
    continuous,
    discontinuous,
    errors: errors.length,
    pointMedianMs: median(pointMs),
    pointP90Ms: p90(pointMs),
    slowestPoint: { p: slowest.p, a: slowest.a, ms: slowest.ms },
    largestContinuousA: Object.fromEntries(PHASE_P.map((p, k) => [p, lastContinuous[k]])),
  };
  table(
    `b. Phase diagram α_BBP, p ∈ {1..64} × 40 a log-spaced in [0.05, 5], p* = ${PHASE_PSTAR} (${points} points, threshold() with defaults)`,
    ['run', 'wall s', 'cpu s', 'Σ point s', 'per point ms (median / p90)', 'notes'],
    [
      ['single thread', (serialMs / 1000).toFixed(2), (result.serialCpuMs / 1000).toFixed(2), (result.serialSumOfPointsMs / 1000).toFixed(2), `${ms(result.pointMedianMs)} / ${ms(result.pointP90Ms)}`, `slowest point p=${slowest.p} a=${slowest.a.toPrecision(3)}: ${ms(slowest.ms)} ms`],
      [
        '2 worker threads',
        (par.wallMs / 1000).toFixed(2),
        (result.parallelCpuMs / 1000).toFixed(2),
        (result.parallelSumOfPointsMs / 1000).toFixed(2),
        `${ms(median(parPointMs))} / ${ms(p90(parPointMs))}`,
        `incl. worker startup ${par.startupMs.map((x) => ms(x)).join(' / ')} ms; rows per worker ${par.rowsPerWorker.join(' / ')}`,
      ],
      ['speedup', `${result.speedup.toFixed(2)}×`, '', '', '', `${mismatches} of ${points} points differ between the two runs`],
    ],
  );
  console.log(`   load average (1 min) before / between / after: ${load0.toFixed(2)} / ${load1.toFixed(2)} / ${load2.toFixed(2)} on ${os.cpus().length} cores`);
  console.log(`   transitions: ${continuous} continuous, ${discontinuous} discontinuous, ${errors.length} errors`);
  for (const e of errors.slice(0, 5)) console.log(`   error at p=${e.p} a=${e.a.toPrecision(3)}: ${e.error}`);
  const show = [1, 2, 3, 4, 8, 16, 32, 64];
  console.log(
    `   largest a with a continuous transition: ${show.map((p) => `p=${p}: ${lastContinuous[p - 1] === null ? 'none' : lastContinuous[p - 1]!.toPrecision(3)}`).join(', ')}`,
  );
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// c. Quadrature accuracy vs cost

function benchQuadrature(): { rows: Record<string, number | string>[]; summary: Record<string, number> } {
  const REPS = 5;
  const pairs: [number, number][] = [
    [ENTRY_POINT_STEP, ENTRY_POINT_STEP / 2],
    [0.25, 0.125],
  ];
  const rows: Record<string, number | string>[] = [];
  for (const c of configs) {
    progress(`c. ${label(c)}`);
    const row: Record<string, number | string> = { p: c.p, pstar: c.pstar, a: c.a };
    for (const [coarse, fine] of pairs) {
      let rc: ThresholdReport | undefined;
      let rf: ThresholdReport | undefined;
      const tc = median(sample(() => (rc = unwrap(threshold(c, { quadrature: { step: coarse } }))), REPS));
      const tf = median(sample(() => (rf = unwrap(threshold(c, { quadrature: { step: fine } }))), REPS));
      row[`ms@${coarse}`] = tc;
      row[`ms@${fine}`] = tf;
      row[`nodes@${coarse}`] = rc!.quadratureNodes;
      row[`nodes@${fine}`] = rf!.quadratureNodes;
      row[`ratio ${coarse}/${fine}`] = tf / tc;
      row[`change ${coarse}→${fine}`] = relDiff(rc!.alphaBBP, rf!.alphaBBP);
      if (rc!.transition !== rf!.transition) row[`kindFlip ${coarse}→${fine}`] = `${rc!.transition}→${rf!.transition}`;
    }
    rows.push(row);
  }
  const [[c1, f1], [c2, f2]] = pairs as [[number, number], [number, number]];
  table(
    `c. Quadrature: threshold() at step ${c1} vs ${f1} and at ${c2} (entry-point default) vs ${f2}, median of ${REPS}`,
    ['p', 'p*', 'a', `ms@${c1}`, `ms@${f1}`, 'cost×', 'Δα/α', `ms@${c2}`, `ms@${f2}`, 'cost×', 'Δα/α', 'kind flips'],
    rows.map((r) => [
      String(r.p), String(r.pstar), String(r.a),
      ms(r[`ms@${c1}`] as number), ms(r[`ms@${f1}`] as number), (r[`ratio ${c1}/${f1}`] as number).toFixed(1), sci(r[`change ${c1}→${f1}`] as number),
      ms(r[`ms@${c2}`] as number), ms(r[`ms@${f2}`] as number), (r[`ratio ${c2}/${f2}`] as number).toFixed(1), sci(r[`change ${c2}→${f2}`] as number),
      [r[`kindFlip ${c1}→${f1}`], r[`kindFlip ${c2}→${f2}`]].filter((x) => x !== undefined).join(' ') || '',
    ]),
  );
  const col = (k: string): number[] => rows.map((r) => r[k] as number);
  const summary = {
    [`medianCostRatio_${c1}_${f1}`]: median(col(`ratio ${c1}/${f1}`)),
    [`maxChange_${c1}_${f1}`]: Math.max(...col(`change ${c1}→${f1}`)),
    [`medianChange_${c1}_${f1}`]: median(col(`change ${c1}→${f1}`)),
    [`medianCostRatio_${c2}_${f2}`]: median(col(`ratio ${c2}/${f2}`)),
    [`maxChange_${c2}_${f2}`]: Math.max(...col(`change ${c2}→${f2}`)),
    [`medianChange_${c2}_${f2}`]: median(col(`change ${c2}→${f2}`)),
  };
  console.log(
    `   step ${c1}→${f1}: cost × ${summary[`medianCostRatio_${c1}_${f1}`]!.toFixed(1)} (median), |Δα|/α median ${sci(summary[`medianChange_${c1}_${f1}`]!)}, max ${sci(summary[`maxChange_${c1}_${f1}`]!)}` +
      `; step ${c2}→${f2}: cost × ${summary[`medianCostRatio_${c2}_${f2}`]!.toFixed(1)}, |Δα|/α median ${sci(summary[`medianChange_${c2}_${f2}`]!)}, max ${sci(summary[`maxChange_${c2}_${f2}`]!)}`,
  );
  return { rows, summary };
}

// ---------------------------------------------------------------------------------------------------------
// d. Density

function benchDensity(): Record<string, number>[] {
  const REPS = 5;
  const out: Record<string, number>[] = [];
  for (const a of [0.7, 1.5]) {
    const params = { p: 2, pstar: 1, a };
    progress(`d. spectrum p=2 p*=1 a=${a} alpha=2`);
    let residual = NaN;
    let mass = NaN;
    const times = sample(() => {
      const s = unwrap(spectrum(params, 2, { points: 201 }));
      residual = s.densityMaxResidual;
      const { lambda, rho } = s.density;
      mass = 0;
      for (let k = 1; k < lambda.length; k++) mass += ((rho[k]! + rho[k - 1]!) / 2) * (lambda[k]! - lambda[k - 1]!);
    }, REPS);
    // The threshold-level solve at the same α, for scale: what the density adds on top of edge + outlier.
    const solverTimes = sample(() => {
      const s = createSpectralSolver(quadraticVertex(params, { step: ENTRY_POINT_STEP }));
      s.edge(2);
      s.outlier(2);
    }, REPS);
    out.push({ p: 2, pstar: 1, a, alpha: 2, points: 201, medianMs: median(times), p90Ms: p90(times), edgeOutlierMedianMs: median(solverTimes), maxResidual: residual, trapezoidMass: mass });
  }
  table(
    `d. Density: spectrum(p=2, p*=1, α=2, 201 points), ${REPS} reps`,
    ['a', 'median ms', 'p90 ms', 'edge+outlier ms', 'ratio', 'max residual', '∫ρ (trapezoid)'],
    out.map((r) => [String(r.a), ms(r.medianMs!), ms(r.p90Ms!), ms(r.edgeOutlierMedianMs!), `${(r.medianMs! / r.edgeOutlierMedianMs!).toFixed(0)}×`, sci(r.maxResidual!), r.trapezoidMass!.toFixed(4)]),
  );
  return out;
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  const cpus = os.cpus();
  console.log(
    `bbpkit bench — node ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? 'unknown cpu'}, ${os.platform()} ${os.arch()}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`,
  );
  console.log('All times are wall-clock medians of this run; compare ratios, not absolute numbers, across machines.');
  const results: Record<string, unknown> = {
    bench: 'bbpkit',
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? null,
    loadAverageAtStart: os.loadavg(),
  };
  if (enabled('a')) results.finiteP = benchFiniteP();
  if (enabled('b')) results.phaseDiagram = await benchPhaseDiagram();
  if (enabled('c')) results.quadrature = benchQuadrature();
  if (enabled('d')) results.density = benchDensity();
  if (enabled('e')) results.eigen = await benchEigen();
  if (enabled('f')) results.sgd = await benchSgd();
  if (enabled('g')) results.binary = await benchBinary();
  results.totalSeconds = (performance.now() - started) / 1000;
  console.log(`\ntotal ${(results.totalSeconds as number).toFixed(1)} s`);
  console.log(JSON.stringify(results));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

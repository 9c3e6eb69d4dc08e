/**
 * Section g of `npm run bench`: binary networks (THEORY §9).
 *
 * - Enumeration at N = 25 (storage, α = 0.5, 40 instances) through the worker threads of the command line
 *   (target: under a minute on 2 cores). Baseline in the same run: a plain loop over all vectors recomputing
 *   every stability (O(N·P) per vector, as the tests' brute force) against the Gray-code walk (O(P)), one
 *   instance at N = 19; both must give the same count.
 * - One replica-symmetric storage solve (`binaryStorage`, target < 50 ms) and one Franz–Parisi point
 *   (`franzParisi`, target < 2 s) through the colleagues' exports, when present (skipped with a message otherwise).
 */
import { availableParallelism } from 'node:os';
import { enumerateInWorkers } from '../src/cli/binaryWorkers.js';
import { enumerateInstance, enumerationSettings } from '../src/numeric/binary/enumerate.js';
import { drawInstance, resolveSpec } from '../src/numeric/binary/instances.js';
import { table } from './table.js';

const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

/** Count solutions by recomputing all stabilities of every vector (the baseline). */
function bruteForceCount(z: Float64Array, n: number, p: number): number {
  let count = 0;
  const w = new Float64Array(n);
  for (let mask = 0; mask < 2 ** n; mask++) {
    for (let i = 0; i < n; i++) w[i] = (mask >> i) & 1 ? -1 : 1;
    let ok = true;
    for (let mu = 0; mu < p && ok; mu++) {
      let h = 0;
      const row = mu * n;
      for (let i = 0; i < n; i++) h += w[i]! * z[row + i]!;
      if (h < 0) ok = false;
    }
    if (ok) count++;
  }
  return count;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function optional<T>(path: string): Promise<T | null> {
  try {
    return (await import(path)) as T;
  } catch {
    return null;
  }
}

/** Bench section g. */
export async function benchBinary(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};

  // Baseline vs Gray code, one instance, same thread.
  const small = drawInstance(resolveSpec({ problem: 'storage', n: 19, alpha: 0.5, seed: 1 }), 0);
  let t = performance.now();
  const gray = enumerateInstance(small, 0, 64, 2000, 'sign');
  const grayMs = performance.now() - t;
  t = performance.now();
  const brute = bruteForceCount(small.z, small.n, small.p);
  const bruteMs = performance.now() - t;
  if (brute !== gray.count) throw new Error(`bench g: brute force counts ${brute} solutions, the Gray-code walk ${gray.count}`);

  // N = 25, 40 instances, worker threads.
  const workers = Math.min(availableParallelism(), 40);
  const settings = enumerationSettings({ problem: 'storage', n: 25, alpha: 0.5, seed: 1 }, { instances: 40 });
  t = performance.now();
  const report = await enumerateInWorkers(settings, { workers });
  const wallS = (performance.now() - t) / 1000;
  out.enumeration = {
    n: 25,
    p: settings.spec.p,
    instances: 40,
    workers,
    wallSeconds: wallS,
    targetSeconds: 60,
    logCountPerN: report.logCountPerN,
    baseline: { n: 19, grayMs, bruteForceMs: bruteMs, speedup: bruteMs / grayMs, count: gray.count },
  };
  const rows = [
    ['Gray-code walk, N = 19 (1 instance)', ms(grayMs), '', ''],
    ['baseline: all stabilities per vector, N = 19', ms(bruteMs), `${(bruteMs / grayMs).toFixed(1)}× slower`, ''],
    [`enumeration N = 25, P = ${settings.spec.p}, 40 instances, ${workers} workers`, ms(wallS * 1000), `target 60000 (${wallS < 60 ? 'met' : 'MISSED'})`, `log#/N ${report.logCountPerN.mean.toFixed(4)} ± ${report.logCountPerN.standardError.toFixed(4)}`],
  ];

  // Replica solve and Franz–Parisi point, through the colleagues' exports when present.
  const lib = await optional<Record<string, unknown>>('../src/binary.js');
  const storage = lib?.['binaryStorage'] as ((p: { alpha: number; kappa?: number }) => { _tag: string; right?: { phi: number } }) | undefined;
  if (typeof storage === 'function') {
    storage({ alpha: 0.5 }); // warm-up
    const times: number[] = [];
    let phi = Number.NaN;
    for (let k = 0; k < 20; k++) {
      const s = performance.now();
      const r = storage({ alpha: 0.5 + 0.001 * k });
      times.push(performance.now() - s);
      if (k === 0 && r._tag === 'Right') phi = r.right!.phi;
    }
    out.replicaSolve = { function: 'binaryStorage', medianMs: median(times), maxMs: Math.max(...times), targetMs: 50, phiAtHalf: phi };
    rows.push(['RS storage solve binaryStorage(α ≈ 0.5), median of 20', ms(median(times)), `target 50 (${median(times) < 50 ? 'met' : 'MISSED'})`, `φ(0.5) = ${phi.toFixed(6)}`]);
  } else {
    out.replicaSolve = { skipped: 'src/binary.ts exports no binaryStorage' };
    console.log('bench g: replica solve skipped (no binaryStorage export yet)');
  }
  const le = await optional<Record<string, unknown>>('../src/localEntropy.js');
  const franzParisi = le?.['franzParisi'] as ((input: { alpha: number; kappa: number; d: number }) => { _tag: string; left?: { message: string }; right?: { points: { phi: number }[] } }) | undefined;
  if (typeof franzParisi === 'function') {
    const s = performance.now();
    const r = franzParisi({ alpha: 0.5, kappa: 0, d: 0.05 });
    const fpMs = performance.now() - s;
    const phi = r._tag === 'Right' ? r.right!.points[0]!.phi : null;
    out.franzParisi = { function: 'franzParisi', alpha: 0.5, kappa: 0, d: 0.05, ms: fpMs, targetMs: 2000, phiFP: phi, ...(r._tag === 'Left' ? { error: r.left?.message } : {}) };
    rows.push(['Franz–Parisi point franzParisi(α = 0.5, κ = 0, d = 0.05), first call', ms(fpMs), `target 2000 (${fpMs < 2000 ? 'met' : 'MISSED'})`, phi === null ? `error: ${r.left?.message}` : `φ_FP = ${phi.toFixed(6)}`]);
  } else {
    out.franzParisi = { skipped: 'src/localEntropy.ts exports no franzParisi' };
    console.log('bench g: Franz–Parisi point skipped (no franzParisi export in src/localEntropy.ts)');
  }
  table('g. Binary networks: enumeration (worker threads) against a plain loop; replica solves', ['what', 'ms', 'ratio / target', 'result'], rows);
  return out;
}

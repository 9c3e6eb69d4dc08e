import { describe, expect, it } from 'vitest';
import { solveOde, type OdeRhs } from '../../../src/numeric/ode/dormandPrince.js';

const linspace = (a: number, b: number, k: number): Float64Array => Float64Array.from({ length: k }, (_, i) => a + ((b - a) * i) / (k - 1));

describe('solveOde against closed forms', () => {
  it('linear 2×2 system (rotation + decay) at every requested time, through the dense output', () => {
    // y' = [[-a, w], [-w, -a]] y: y(t) = e^{-at} (cos wt·y0 + sin wt·J y0)
    const a = 0.3, w = 2;
    const f: OdeRhs = (_t, y, d) => {
      d[0] = -a * y[0]! + w * y[1]!;
      d[1] = -w * y[0]! - a * y[1]!;
    };
    const times = linspace(0, 10, 37);
    const r = solveOde(f, 0, Float64Array.of(1, 0), times, { rtol: 1e-10, atol: 1e-13 });
    expect(r.status).toBe('completed');
    let maxErr = 0;
    for (let k = 0; k < times.length; k++) {
      const t = times[k]!;
      const e = Math.exp(-a * t);
      maxErr = Math.max(maxErr, Math.abs(r.y[2 * k]! - e * Math.cos(w * t)), Math.abs(r.y[2 * k + 1]! + e * Math.sin(w * t)));
    }
    expect(maxErr).toBeLessThan(1e-8);
    // dense output at points strictly inside steps: there are far fewer steps than outputs would need
    expect(r.stats.accepted).toBeGreaterThan(0);
    expect(r.stats.evaluations).toBe(6 * (r.stats.accepted + r.stats.rejected) + 1);
  });

  it('harmonic oscillator conserves energy to the tolerance over 20 periods', () => {
    const f: OdeRhs = (_t, y, d) => {
      d[0] = y[1]!;
      d[1] = -y[0]!;
    };
    const T = 40 * Math.PI;
    const r = solveOde(f, 0, Float64Array.of(1, 0), Float64Array.of(T), { rtol: 1e-11, atol: 1e-13 });
    expect(Math.abs(r.yEnd[0]! - 1)).toBeLessThan(1e-8);
    expect(Math.abs(r.yEnd[1]!)).toBeLessThan(1e-8);
  });

  it('logistic equation', () => {
    const f: OdeRhs = (_t, y, d) => {
      d[0] = y[0]! * (1 - y[0]!);
    };
    const times = linspace(0, 12, 25);
    const r = solveOde(f, 0, Float64Array.of(0.01), times, { rtol: 1e-10, atol: 1e-14 });
    for (let k = 0; k < times.length; k++) {
      const t = times[k]!;
      const exact = 1 / (1 + 99 * Math.exp(-t));
      expect(Math.abs(r.y[k]! - exact)).toBeLessThan(1e-9);
    }
  });

  it('global error is fifth order: fixed steps (h0 = hMax, loose tolerance) halve → error / ~32', () => {
    const f: OdeRhs = (t, y, d) => {
      d[0] = y[0]! * Math.cos(t);
    };
    const exact = Math.exp(Math.sin(2));
    const errAt = (h: number): number => {
      const r = solveOde(f, 0, Float64Array.of(1), Float64Array.of(2), { h0: h, hMax: h, rtol: 1, atol: 1 });
      expect(r.stats.rejected).toBe(0);
      return Math.abs(r.yEnd[0]! - exact);
    };
    const e1 = errAt(0.1), e2 = errAt(0.05), e3 = errAt(0.025);
    const order1 = Math.log2(e1 / e2), order2 = Math.log2(e2 / e3);
    expect(order1).toBeGreaterThan(4.6);
    expect(order2).toBeGreaterThan(4.6);
    expect(order2).toBeLessThan(5.6);
  });

  it('the error decreases with the tolerance', () => {
    const f: OdeRhs = (_t, y, d) => {
      d[0] = -2 * y[0]!;
    };
    const errs = [1e-4, 1e-7, 1e-10].map((tol) => Math.abs(solveOde(f, 0, Float64Array.of(1), Float64Array.of(3), { rtol: tol, atol: tol * 1e-3 }).yEnd[0]! - Math.exp(-6)));
    expect(errs[1]!).toBeLessThan(errs[0]!);
    expect(errs[2]!).toBeLessThan(errs[1]!);
    expect(errs[2]!).toBeLessThan(1e-11);
  });
});

describe('events', () => {
  it('locates y = 1/2 of exponential decay at ln 2 and stops (terminal)', () => {
    const r = solveOde(
      (_t, y, d) => {
        d[0] = -y[0]!;
      },
      0,
      Float64Array.of(1),
      linspace(0, 5, 11),
      { rtol: 1e-10, atol: 1e-14, events: [{ name: 'half', g: (_t, y) => y[0]! - 0.5, terminal: true }] },
    );
    expect(r.status).toBe('event');
    expect(r.events).toHaveLength(1);
    expect(Math.abs(r.events[0]!.t - Math.LN2)).toBeLessThan(1e-9);
    expect(r.tEnd).toBe(r.events[0]!.t);
    // outputs only up to the event (t = 0 and 0.5)
    expect(Array.from(r.t)).toEqual([0, 0.5]);
  });

  it('counts every zero of sin t (non-terminal), with direction filters', () => {
    const f: OdeRhs = (_t, y, d) => {
      d[0] = y[1]!;
      d[1] = -y[0]!;
    };
    const both = solveOde(f, 0, Float64Array.of(0, 1), Float64Array.of(10), { rtol: 1e-10, atol: 1e-13, events: [{ name: 'zero', g: (_t, y) => y[0]! }] });
    expect(both.events.map((e) => e.t / Math.PI).map((x) => Math.round(x * 1e6) / 1e6)).toEqual([1, 2, 3]);
    const down = solveOde(f, 0, Float64Array.of(0, 1), Float64Array.of(10), { rtol: 1e-10, atol: 1e-13, events: [{ name: 'zero', g: (_t, y) => y[0]!, direction: -1 }] });
    expect(down.events.map((e) => Math.round(e.t / Math.PI))).toEqual([1, 3]);
  });
});

describe('divergence is data, not NaN', () => {
  it('finite-time blow-up of y′ = y² (y(0) = 1) is reported with its time ≈ 1', () => {
    const r = solveOde(
      (_t, y, d) => {
        d[0] = y[0]! * y[0]!;
      },
      0,
      Float64Array.of(1),
      linspace(0, 2, 5),
      { divergenceNorm: 1e8 },
    );
    expect(r.status).toBe('diverged');
    expect(r.divergenceTime).not.toBeNull();
    // y = 1/(1 − t) exceeds 1e8 at t = 1 − 1e-8
    expect(Math.abs(r.divergenceTime! - 1)).toBeLessThan(1e-6);
    expect(Array.from(r.yEnd).every(Number.isFinite)).toBe(true);
    expect(Array.from(r.t)).toEqual([0, 0.5]);
  });

  it('exponential growth beyond the divergence norm is divergence at the crossing time', () => {
    const r = solveOde(
      (_t, y, d) => {
        d[0] = 3 * y[0]!;
      },
      0,
      Float64Array.of(1),
      Float64Array.of(20),
      { divergenceNorm: 1e6 },
    );
    expect(r.status).toBe('diverged');
    // the last accepted state is below the bound, the next step would cross it: t within one step of ln(1e6)/3
    expect(r.divergenceTime!).toBeLessThan(Math.log(1e6) / 3);
    expect(r.divergenceTime!).toBeGreaterThan(Math.log(1e6) / 3 - 1);
  });

  it('rejects bad arguments', () => {
    expect(() => solveOde(() => {}, 0, Float64Array.of(1), Float64Array.of(2, 1))).toThrow(/times/);
    expect(() => solveOde(() => {}, 0, Float64Array.of(NaN), Float64Array.of(1))).toThrow(/y0/);
  });
});

import { sampleProblem } from './src/numeric/montecarlo/problem.js';
import { quadraticReferenceModel } from './src/numeric/montecarlo/pointwiseModel.js';
import { hessianSpectrumSample } from './src/numeric/montecarlo/observables.js';
import { meanAndStandardError } from './src/numeric/statistics.js';
import { quadraticVertex } from './src/analytic/quadraticModel.js';
import { createSpectralSolver } from './src/numeric/spectral/solver.js';
const [p, ps, a, alpha, n, seeds] = process.argv.slice(2).map(Number) as [number,number,number,number,number,number];
const s = createSpectralSolver(quadraticVertex({p,pstar:ps,a}));
console.log('theory', s.edge(alpha), s.outlier(alpha));
const model = quadraticReferenceModel({p,pstar:ps,a});
const b: number[] = [], o: number[] = [], b2: number[] = [], o2: number[]=[];
const t0 = performance.now();
for (let seed = 0; seed < seeds; seed++) {
  const r = hessianSpectrumSample(sampleProblem({n, alpha, p, pstar: ps, seed}), model, {k: 4});
  b.push(r.bottom[0]!); o.push(r.overlaps[0]!); b2.push(r.bottom[p*ps]!); o2.push(r.overlaps.slice(0,p*ps).reduce((x,y)=>x+y,0)/(p*ps));
  if (seed < 3) console.log(r.bottom.map(x=>x.toFixed(3)).join(' '), r.overlaps.map(x=>x.toFixed(3)).join(' '));
}
console.log('bottom', meanAndStandardError(b), 'overlap', meanAndStandardError(o), 'avg overlap of p*pstar bottom', meanAndStandardError(o2), 'next', meanAndStandardError(b2), ((performance.now()-t0)/1000).toFixed(1),'s');

// Property tests draw from one fixed seed so that every run (and CI) is reproducible; set FC_SEED to explore others.
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env['FC_SEED'] ?? 20261123) });

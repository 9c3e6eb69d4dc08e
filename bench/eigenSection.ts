/**
 * Section `e` of `npm run bench`: bottom eigenpairs and the spectral density of a large Monte Carlo Hessian
 * (THEORY §7), by running bench/eigen.ts in a child process (see there for what is measured and how).
 *
 * A child process, so that its peak resident memory (the OS high-water mark) belongs to this measurement
 * alone, not to the sections before it. Its tables go to stdout as they come, its progress to stderr; its
 * final JSON line is returned for the bench's summary. Options after `--eigen=` are passed through, e.g.
 * `npm run bench -- --only=e --eigen=--n=2000,--dense-n=300`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Run bench/eigen.ts (same Node, same tsx loader) and return its JSON record. */
export async function benchEigen(): Promise<Record<string, unknown>> {
  const script = fileURLToPath(new URL('./eigen.ts', import.meta.url));
  const passed = process.argv.find((x) => x.startsWith('--eigen='));
  const args = passed === undefined ? [] : passed.slice('--eigen='.length).split(',').filter((x) => x !== '');
  console.log('\ne. Bottom eigenpairs and spectral density of the sampled Hessian (bench/eigen.ts, child process)');
  const child = spawn(process.execPath, [...process.execArgv, script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let buffered = '';
  let last = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      if (line.startsWith('{')) last = line;
      else console.log(line);
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (buffered.startsWith('{')) last = buffered;
  else if (buffered) console.log(buffered);
  if (code !== 0 || last === '') return { error: `bench/eigen.ts exited with code ${code}` };
  return JSON.parse(last) as Record<string, unknown>;
}

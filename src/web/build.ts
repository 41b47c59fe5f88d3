/**
 * Builds the web app into dist/web unless it is already built from the same sources:
 * `tsx src/web/build.ts` (used by `npm start` and the browser tests; `--force` always builds).
 * The stamp is a hash of everything under src/web, the shared code the app imports (src/domain,
 * src/locale) and the lock file.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const webDir = join(repo, 'src/web');
export const webDist = join(repo, 'dist/web');
const stampFile = join(webDist, '.source-hash');

function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(relative(repo, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  // The app imports the domain rules (requisites, password policy) and shared texts too.
  for (const dir of [webDir, join(repo, 'src/domain'), join(repo, 'src/locale')]) walk(dir);
  hash.update(readFileSync(join(repo, 'package-lock.json')));
  return hash.digest('hex');
}

/** Builds when the sources changed since the last build; answers whether it built. */
export async function buildWeb(options: { force?: boolean } = {}): Promise<boolean> {
  const hash = sourceHash();
  if (!options.force && existsSync(join(webDist, 'index.html')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) return false;
  const { build } = await import('vite');
  await build({ configFile: join(webDir, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  writeFileSync(stampFile, hash);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const built = await buildWeb({ force: process.argv.includes('--force') });
  console.log(built ? `web app built into ${relative(repo, webDist)}` : `web app in ${relative(repo, webDist)} is up to date`);
}

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Only `npm start` fills in development secrets. The API and the worker read the environment
// alone, so a container without its secret stops at once with a message, instead of each process
// generating a key of its own (two keys: keys stored by the worker unreadable by the API).
const repo = join(import.meta.dirname, '..', '..');
const devSecrets = join(repo, '.data/dev-secrets.env');

function startWithout(script: string, missing: string) {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' };
  delete env[missing];
  return spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: repo, env, encoding: 'utf8', timeout: 60_000 });
}

describe('a process started without its secrets stops', () => {
  it.each(['src/api/server.ts', 'src/worker.ts'])('%s names the missing SID_KEY_ENCRYPTION_KEY and writes no secret of its own', (script) => {
    const before = existsSync(devSecrets) ? readFileSync(devSecrets, 'utf8') : null;
    const run = startWithout(script, 'SID_KEY_ENCRYPTION_KEY');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('SID_KEY_ENCRYPTION_KEY');
    expect(existsSync(devSecrets) ? readFileSync(devSecrets, 'utf8') : null).toBe(before);
  });

  it('the vendor simulator names its missing token', () => {
    const run = startWithout('src/vendor-sim/main.ts', 'VENDOR_SIM_TOKEN');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('VENDOR_SIM_TOKEN is required');
  });
});

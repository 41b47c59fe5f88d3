import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const VENV_BIN = resolve('.tools/venv/bin');

function onPath(name: string): string | null {
  try {
    return execFileSync('which', [name], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** The Temporal CLI: TEMPORAL_CLI_PATH, then the project venv (set-up installs it there), then PATH. */
export function temporalCliPath(): string {
  const candidates = [process.env.TEMPORAL_CLI_PATH, `${VENV_BIN}/temporal`, onPath('temporal')];
  const found = candidates.find((c): c is string => !!c && existsSync(c));
  if (!found) throw new Error('Temporal CLI not found: run `npm run setup` or set TEMPORAL_CLI_PATH');
  return found;
}

/** The time-skipping test server (Java SDK's, native build), installed by set-up. */
export function temporalTestServerPath(): string {
  const candidates = [process.env.TEMPORAL_TEST_SERVER_PATH, `${VENV_BIN}/temporal-test-server`, onPath('temporal-test-server')];
  const found = candidates.find((c): c is string => !!c && existsSync(c));
  if (!found) throw new Error('temporal-test-server not found: run `npm run setup` or set TEMPORAL_TEST_SERVER_PATH');
  return found;
}

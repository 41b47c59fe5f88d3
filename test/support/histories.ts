import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
// A CommonJS package: Node's ESM loader sees only its default export.
import protos from '@temporalio/proto';

const { temporal } = protos;

export const HISTORIES_DIR = fileURLToPath(new URL('../replay/histories', import.meta.url));

/**
 * With RECORD_HISTORIES=1 (`npm run histories:record`) a workflow test saves the history it
 * produced, for the replay test to check every later change of the workflow code against.
 */
export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  mkdirSync(HISTORIES_DIR, { recursive: true });
  const history = await handle.fetchHistory();
  // Proto JSON, the format `temporal workflow show --output json` writes and Worker.runReplayHistories reads.
  writeFileSync(`${HISTORIES_DIR}/${name}.json`, historyToJSON(temporal.api.history.v1.History.fromObject(history)) + '\n');
}

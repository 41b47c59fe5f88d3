import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowsPath } from '../../src/worker';
import * as workflows from '../../src/workflows';
import { HISTORIES_DIR } from '../support/histories';

/**
 * Recorded histories (test/replay/histories, written by `npm run histories:record`) must replay
 * against today's workflow code. A change that would break running workflows fails here; make
 * it with `patched()` and record new histories beside the old ones.
 */
const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json')).sort();
const load = (file: string) => JSON.parse(readFileSync(`${HISTORIES_DIR}/${file}`, 'utf8'));
const workflowType = (history: any): string => history.events[0].workflowExecutionStartedEventAttributes.workflowType.name;

describe('replay of recorded histories', () => {
  it('covers every workflow type', () => {
    const types = new Set(files.map((f) => workflowType(load(f))));
    // Every workflow the worker registers, none left without a recorded history.
    expect([...types].sort()).toEqual(Object.keys(workflows).sort());
  });

  it('replays every history without non-determinism', async () => {
    const histories = files.map((file) => ({ workflowId: file.replace(/\.json$/, ''), history: load(file) }));
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories({ workflowsPath, replayName: 'sid-replay' }, histories)) {
      replayed += 1;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(files.length);
  });
});

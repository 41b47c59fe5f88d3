/**
 * Temporal history events and billable actions per workflow, counted from the recorded histories
 * in test/replay/histories (real runs of every workflow type, refreshed by `npm run histories:record`).
 * docs/scaling.md takes its per-order figures from this and from the 200-order fault test.
 *
 *   npx tsx bench/history-shapes.ts
 *
 * Actions as Temporal Cloud bills them, as far as a history shows them: the start, each activity
 * attempt, each timer, each signal received or sent, each child started, each search-attribute
 * upsert, each workflow update, and one per workflow task that recorded local activities or side
 * effects (markers). Activity heartbeats are actions too but are not in a history: they are
 * counted apart (docs/scaling.md).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = 'test/replay/histories';

interface Shape { file: string; type: string; events: number; actions: number; bytes: number }

export function shapeOf(file: string): Shape {
  const text = readFileSync(join(dir, file), 'utf8');
  const history = JSON.parse(text) as { events: Array<Record<string, any>> };
  const kind = (e: Record<string, any>) => String(e.eventType).replace(/^EVENT_TYPE_/, '');
  let actions = 0;
  let markerTask = -1;
  let lastTaskCompleted = 0;
  for (const e of history.events) {
    const k = kind(e);
    if (k === 'WORKFLOW_TASK_COMPLETED') lastTaskCompleted = Number(e.eventId);
    if (['WORKFLOW_EXECUTION_STARTED', 'ACTIVITY_TASK_STARTED', 'TIMER_STARTED', 'WORKFLOW_EXECUTION_SIGNALED', 'SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED', 'START_CHILD_WORKFLOW_EXECUTION_INITIATED', 'UPSERT_WORKFLOW_SEARCH_ATTRIBUTES', 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED'].includes(k)) actions++;
    if (k === 'MARKER_RECORDED' && markerTask !== lastTaskCompleted) {
      markerTask = lastTaskCompleted;
      actions++;
    }
  }
  const type = history.events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? '?';
  return { file, type, events: history.events.length, actions, bytes: Buffer.byteLength(text) };
}

if (process.argv[1]?.endsWith('history-shapes.ts')) {
  const shapes = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map(shapeOf);
  console.log('| history | workflow type | events | actions | JSON bytes |\n|---|---|---:|---:|---:|');
  for (const s of shapes) console.log(`| ${s.file.replace(/\.json$/, '')} | ${s.type} | ${s.events} | ${s.actions} | ${s.bytes} |`);
}

import { Context } from '@temporalio/activity';
import type { LogLevel, LogMetadata } from '@temporalio/common';

/**
 * What ties a log line to an order, under the one name SID uses everywhere: `orderNumber`. The
 * API puts it on a request's logger (src/api/order-logging.ts), activities log through `orderLog`.
 */
export const orderLogAttributes = (orderNumber: string) => ({ orderNumber });

/** The running activity's logger; none when an activity function is called directly (tests, bench). */
function activityLogger() {
  try {
    return Context.current().log;
  } catch {
    return null;
  }
}

/**
 * A logger for lines about one order, from inside an activity: it writes through Temporal's
 * activity logger, which adds the workflow, run and activity ids (and goes to pino in the worker,
 * src/worker.ts). The order number is put last, so no caller's attribute can mislabel the order.
 */
export function orderLog(orderNumber: string, attributes: LogMetadata = {}) {
  const write = (level: LogLevel) => (message: string, more?: LogMetadata) =>
    activityLogger()?.log(level, message, { ...attributes, ...more, ...orderLogAttributes(orderNumber) });
  return { info: write('INFO'), warn: write('WARN'), error: write('ERROR') };
}

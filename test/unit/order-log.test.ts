import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import { MockActivityEnvironment } from '@temporalio/testing';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { registerOrderLogging } from '../../src/api/order-logging';
import { orderLog } from '../../src/infra/order-log';

describe('orderLog: activity lines about an order', () => {
  it('writes through the activity logger with the order number on every line', async () => {
    const entries: LogEntry[] = [];
    const env = new MockActivityEnvironment({ activityType: 'placeVendorOrder' }, { logger: new DefaultLogger('INFO', (e) => entries.push(e)) });
    await env.run(async () => {
      const log = orderLog('SID-000042', { vendorCode: 'KASP' });
      log.info('vendor order placed', { vendorOrderId: 'VO-1' });
      // A caller's attribute cannot relabel the order.
      log.warn('odd', { orderNumber: 'SID-999999' });
    });
    const ours = entries.filter((e) => e.message === 'vendor order placed' || e.message === 'odd');
    expect(ours.map((e) => [e.level, e.message, e.meta?.orderNumber])).toEqual([
      ['INFO', 'vendor order placed', 'SID-000042'],
      ['WARN', 'odd', 'SID-000042'],
    ]);
    expect(ours[0]!.meta).toMatchObject({ vendorCode: 'KASP', vendorOrderId: 'VO-1', activityType: 'placeVendorOrder' });
  });

  it('is silent, not failing, when an activity function is called outside an activity', () => {
    expect(() => orderLog('SID-000042').info('built')).not.toThrow();
  });
});

describe('API request log: order routes carry the order number', () => {
  it('tags every line of a request to a route with :orderNumber, and only those', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger: FastifyBaseLogger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const app = Fastify({ loggerInstance: logger });
    registerOrderLogging(app);
    app.get('/api/orders/:orderNumber', async (request) => {
      request.log.info('looked up');
      return {};
    });
    app.get('/api/catalog', async () => ({}));
    await app.inject({ method: 'GET', url: '/api/orders/SID-000042' });
    await app.inject({ method: 'GET', url: '/api/catalog' });
    await app.close();
    const byMsg = (msg: string) => lines.filter((l) => l.msg === msg).map((l) => l.orderNumber);
    expect(byMsg('looked up')).toEqual(['SID-000042']);
    expect(byMsg('request completed')).toEqual(['SID-000042', undefined]);
  });
});

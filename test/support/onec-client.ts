import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { onecSignature } from '../../src/api/billing/onec-signature';
import { waitFor } from './system';

/** An amount in kopecks as roubles with two decimals («1234.05»), the way 1C writes a payment. */
export const decimalRoubles = (kopecks: number) => `${Math.floor(kopecks / 100)}.${String(kopecks % 100).padStart(2, '0')}`;

/** Calls the 1C exchange API the way 1C does: every request signed with the client's key. */
export class OnecClient {
  constructor(
    private readonly baseUrl: string,
    private readonly clientId: string,
    private readonly secret: string,
  ) {}

  /** The run's 1C client, as the global set-up registered it, calling the API at `baseUrl`. */
  static forRun(baseUrl: string): OnecClient {
    const { id, secret } = inject('onecClient');
    return new OnecClient(baseUrl, id, secret);
  }

  /** The raw parts of a signed request, so tests can replay or tamper with them. */
  sign(method: string, path: string, body: unknown, options: { timestamp?: number; secret?: string } = {}) {
    const text = body === undefined ? '' : JSON.stringify(body);
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const nonce = randomUUID();
    const signature = onecSignature(options.secret ?? this.secret, { timestamp, nonce, method, path, body: text });
    return {
      url: this.baseUrl + path,
      init: {
        method,
        headers: {
          'x-sid-client': this.clientId,
          'x-sid-timestamp': timestamp,
          'x-sid-nonce': nonce,
          'x-sid-signature': signature,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : text,
      },
    };
  }

  /** Signs a body exactly as given (for bodies JSON.stringify would not produce, like a BOM). */
  signRaw(method: string, path: string, text: string) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomUUID();
    const signature = onecSignature(this.secret, { timestamp, nonce, method, path, body: text });
    return {
      url: this.baseUrl + path,
      init: {
        method,
        headers: { 'x-sid-client': this.clientId, 'x-sid-timestamp': timestamp, 'x-sid-nonce': nonce, 'x-sid-signature': signature, 'content-type': 'application/json' },
        body: text,
      },
    };
  }

  async send(request: ReturnType<OnecClient['sign']>): Promise<{ status: number; body: any }> {
    const response = await fetch(request.url, request.init);
    return { status: response.status, body: await response.json() };
  }

  call(method: string, path: string, body?: unknown) {
    return this.send(this.sign(method, path, body));
  }

  /** Waits until the outbox holds the order's document (of `documentType`, or of any type) and answers it. */
  outboxItem(orderNumber: string, documentType?: 'invoice' | 'act', timeoutMs = 60_000): Promise<any> {
    return waitFor(
      `the ${documentType ?? 'document'} of ${orderNumber} in the outbox`,
      async () => {
        const { body } = await this.call('GET', '/api/1c/outbox?limit=200');
        return body.items.find((i: any) => (documentType === undefined || i.documentType === documentType) && i.document.orderNumber === orderNumber);
      },
      timeoutMs,
    );
  }
}

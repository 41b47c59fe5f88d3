import { createVendorSimulator } from './vendor-simulator';

// `npm start` passes the development secrets; compose sets them.
const env = process.env;
if (!env.VENDOR_SIM_TOKEN) {
  console.error('VENDOR_SIM_TOKEN is required: the bearer token SID presents to the simulated vendor APIs');
  process.exit(1);
}
const url = new URL(env.VENDOR_SIM_URL ?? 'http://127.0.0.1:3100');
const sim = createVendorSimulator({
  token: env.VENDOR_SIM_TOKEN!,
  fulfilmentDelayMs: Number(env.VENDOR_SIM_DELAY_MS ?? 2000),
  // Each demo vendor's callback secret is derived from this one and its code (db/seed.ts stores them).
  ...(env.VENDOR_SIM_CALLBACK_SECRET ? { callbackSecret: env.VENDOR_SIM_CALLBACK_SECRET } : {}),
  logger: true,
});
await sim.listen({ host: url.hostname, port: Number(url.port) });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void sim.close().then(() => process.exit(0)));

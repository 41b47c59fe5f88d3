import { loadDevSecrets } from '../../scripts/lib/dev-secrets';
import { createVendorSimulator } from './vendor-simulator';

const env = loadDevSecrets();
const url = new URL(env.VENDOR_SIM_URL ?? 'http://127.0.0.1:3100');
const sim = createVendorSimulator({
  token: env.VENDOR_SIM_TOKEN!,
  fulfilmentDelayMs: Number(env.VENDOR_SIM_DELAY_MS ?? 2000),
  // SID stores the same secret for the demo vendors (db/seed.ts) and verifies every callback with it.
  ...(env.VENDOR_SIM_CALLBACK_SECRET ? { callbackSecret: env.VENDOR_SIM_CALLBACK_SECRET } : {}),
  logger: true,
});
await sim.listen({ host: url.hostname, port: Number(url.port) });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void sim.close().then(() => process.exit(0)));

/**
 * PDF.js, loaded on the first PDF and without its side effects on the process.
 *
 * The legacy build (the one that runs on Node 20) bundles core-js, which replaces built-ins the
 * whole process uses on every request and every activity: `JSON.stringify` (some 15× slower in
 * its place), `JSON.parse`, `Array.prototype.push` and `Function.prototype.toString`. Imported at
 * the top of a module, it did so in the worker and the API at start-up, whether a vendor ever sent
 * a PDF or not (a CPU profile of the order benchmark showed its wrappers under Temporal's payload
 * converter, drizzle's query builder, pino and Fastify's serialiser). The polyfills PDF.js needs
 * on Node 20 are *additions* (`Promise.withResolvers`, `Uint8Array.fromBase64`, …) and stay; the
 * replaced built-ins are put back, as Node's own implement what PDF.js calls them for.
 *
 * PDF.js's "fake worker" (its parser, run on this thread under Node) is a second bundle with the
 * same polyfills, which `getDocument` would import on first use: it is imported here too, under the
 * same guard, and handed to PDF.js through the global it looks for (`globalThis.pdfjsWorker`).
 */
type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

/** The built-ins core-js replaces on Node 20 even though Node's own are correct. */
function builtInsNow() {
  return [
    [JSON, 'stringify', JSON.stringify],
    [JSON, 'parse', JSON.parse],
    [Array.prototype, 'push', Array.prototype.push],
    [Function.prototype, 'toString', Function.prototype.toString],
  ] as const;
}

/** Runs `load`, then puts back whichever of the built-ins above it replaced. */
export async function keepingBuiltIns<T>(load: () => Promise<T>): Promise<T> {
  const saved = builtInsNow();
  try {
    return await load();
  } finally {
    for (const [owner, name, original] of saved) {
      if ((owner as unknown as Record<string, unknown>)[name] !== original) {
        Object.defineProperty(owner, name, { value: original, writable: true, configurable: true, enumerable: false });
      }
    }
  }
}

let loading: Promise<PdfJs> | undefined;

export function loadPdfJs(): Promise<PdfJs> {
  loading ??= keepingBuiltIns(async () => {
    // The parser's bundle ships without type declarations: only its module object is handed on.
    const workerBundle: string = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
    const [pdfjs, worker] = await Promise.all([import('pdfjs-dist/legacy/build/pdf.mjs'), import(workerBundle) as Promise<unknown>]);
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    return pdfjs;
  });
  return loading;
}

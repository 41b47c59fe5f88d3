import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers on every answer (issue 19, point 8). The web app is one HTML page that loads
 * its own script and stylesheet from /assets (no inline script or style, no other origin), so the
 * policy allows only 'self'; `data:` images are the page's empty favicon. No page may frame SID
 * (approve/decline buttons under someone else's overlay), answers are not sniffed, referrers stay
 * on SID, and HSTS is sent only where SID is reached over https (SID_PUBLIC_URL).
 */
export async function registerSecurityHeaders(app: FastifyInstance, { https }: { https: boolean }): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    noSniff: true,
    referrerPolicy: { policy: 'same-origin' },
    hsts: https ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true } : false,
    // The API answers other origins nothing it would not answer anyway; PDFs and archives open in new tabs.
    crossOriginEmbedderPolicy: false,
  });
}

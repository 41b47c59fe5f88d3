# SID's api, worker, vendor simulator and database set-up, as one image (docker-compose.yml picks the
# process with its command). Two stages: the build stage has the devDependencies (TypeScript, Vite,
# esbuild) and compiles; the runtime stage has production dependencies and compiled JavaScript only.
# The same build runs outside Docker in test/integration/production-build.test.ts.

# ---- build: the web app into dist/web, the server into dist/server (scripts/build.ts), including
# the workflow bundle the worker runs (bundleWorkflowCode at build time, not at every start).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsx src/web/build.ts --force && npx tsx scripts/build.ts

# ---- runtime: Node 24 (the current LTS), production dependencies, a non-root user.
FROM node:24-bookworm-slim AS runtime
# Production mode: a missing secret stops the process, and the session cookie is Secure (src/config.ts).
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The production calendar and the supplier's requisites are read at start-up from data/.
COPY data ./data
# The only places the processes write: the set-up's .data (development secrets of the demo stack)
# and an older stack's blob folder, which sid-migrate reads.
RUN mkdir -p /app/.data /var/lib/sid/blobs && chown node:node /app/.data /var/lib/sid/blobs
# The image's own unprivileged user (uid 1000).
USER node
EXPOSE 3000
# Liveness of the API; docker-compose.yml gives the worker a check of its own (its metrics endpoint).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/server/api.js"]

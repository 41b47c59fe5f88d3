# SID api, worker and vendor simulator image (docker-compose.yml). Node 20, the project's floor.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The web app is built into dist/web, which the API serves.
RUN npx tsx src/web/build.ts --force
# Production mode: a missing secret stops the process, and the session cookie is Secure (src/config.ts).
ENV NODE_ENV=production
CMD ["node", "--import", "tsx", "src/api/server.ts"]

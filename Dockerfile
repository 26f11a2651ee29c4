# syntax=docker/dockerfile:1
# Tanga: one image for the API (default command) and the queue worker (`node dist/src/worker.js`).
# Node 20 pinned by minor version: the same line the tests run on (engines: >=20.19).
ARG NODE_IMAGE=node:20.20-bookworm-slim

# --- build: all dependencies, compile TypeScript, then drop the dev dependencies --------------------
FROM ${NODE_IMAGE} AS build
# better-sqlite3 is a native addon: node-gyp needs these when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
# typescript is a dev dependency and also an optional peer of valibot (under @bull-board/api), so the
# lockfile marks it devOptional and `npm prune --omit=dev` alone keeps it. With the dev dependencies
# gone from this stage's package.json nothing asks for it and the prune drops it, while the optional
# dependencies the runtime uses stay (msgpackr-extract for bullmq; `--omit=optional` would drop it).
RUN npm run build \
 && npm pkg delete devDependencies \
 && npm prune --omit=dev --no-audit --no-fund

# --- runtime: no compiler, no dev dependencies, not root ----------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/app/data \
    FLOWS_DIR=/app/flows
WORKDIR /app
# node_modules comes from the build stage so the compiled better-sqlite3 matches this Node exactly.
COPY --from=build --chown=root:root /app/package.json /app/package-lock.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
# The console's EJS views and CSS are read at run time next to the compiled code.
COPY --chown=root:root src/console/views ./dist/src/console/views
COPY --chown=root:root src/console/public ./dist/src/console/public
COPY --chown=root:root flows ./flows
# Code and content stay root-owned and read-only to the service; only the SQLite folder is writable.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 3000
# No curl in the slim image: Node's own fetch asks /healthz. The worker overrides or disables this.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/main.js"]

# banter: a multi-stage image. The same image runs suites (`banter run`, the default) and the
# reference assistant (`banter serve --host 0.0.0.0`, with the HEALTHCHECK below).
#
#   docker build -t banter .
#   docker run --rm banter                                        # bundled scenarios, embedded assistant
#   docker run --rm -v "$PWD:/work" -w /work banter run --shard 1/4 --reporter json
#   docker run --rm -p 5005:5005 banter serve --host 0.0.0.0 --port 5005

ARG NODE_IMAGE=node:22-slim

# --- build: all dependencies, compile TypeScript and the schema validators to dist/ ---
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY schema ./schema
COPY scripts/compile-schemas.mjs ./scripts/
RUN npm run build

# --- runtime: production dependencies, compiled output, schemas and bundled scenarios ---
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY schema ./schema
COPY scenarios ./scenarios
# Reports land in /app/reports by default; the unprivileged user must be able to write there.
RUN mkdir -p /app/reports && chown node:node /app/reports
USER node
EXPOSE 5005
# Meaningful when the container runs `serve` on port 5005; for `run` containers (short-lived
# jobs) orchestrators ignore it or it is switched off (HEALTHCHECK NONE / --no-healthcheck).
HEALTHCHECK --interval=15s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:5005/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/bin/banter.js"]
CMD ["run"]

# banter: a multi-stage image. The same image runs suites (`banter run`, the default) and the
# reference assistant (`banter serve --host 0.0.0.0`, with the HEALTHCHECK below).
#
#   docker build -t banter .
#   docker run --rm banter                                        # bundled scenarios, embedded assistant
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/work" -w /work banter run --shard 1/4 --reporter json
#   docker run --rm -p 5005:5005 banter serve --host 0.0.0.0
#   docker run --rm -e BANTER_PORT=8080 -p 8080:8080 banter serve --host 0.0.0.0
#
# The base image is an exact Node release (not a moving tag like node:22-slim), so a rebuild gets
# the same Node; change it on purpose (or let Renovate/Dependabot propose it), optionally with its
# @sha256 digest. Build with another: --build-arg NODE_IMAGE=node:22.x.y-bookworm-slim.

ARG NODE_IMAGE=node:22.11.0-bookworm-slim

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
# One setting for the port: `banter serve` listens on $BANTER_PORT unless --port is given, and the
# HEALTHCHECK probes the same variable (change the port with -e BANTER_PORT=…, not --port).
ENV BANTER_PORT=5005
EXPOSE 5005
# Meaningful when the container runs `serve`; for `run` containers (short-lived jobs)
# orchestrators ignore it or it is switched off (HEALTHCHECK NONE / --no-healthcheck).
HEALTHCHECK --interval=15s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.BANTER_PORT || 5005) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/bin/banter.js"]
CMD ["run"]

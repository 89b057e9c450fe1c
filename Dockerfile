# syntax=docker/dockerfile:1
# Two stages: `build` installs every dependency and builds the portal; `runtime` holds production
# dependencies only, the sources and the built portal, and runs as the unprivileged `node` user.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:portal

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
# The offline speech engines (last link of every STT/TTS chain: a call never goes deaf or mute).
RUN apt-get update \
  && apt-get install -y --no-install-recommends espeak-ng sox pocketsphinx pocketsphinx-en-us \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# Sources (.dockerignore leaves out tests, docs, local data and secrets) and the built portal.
COPY . .
COPY --from=build /app/dist/portal ./dist/portal
RUN mkdir -p /app/.data/exports && chown -R node:node /app/.data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s CMD ["node", "bin/healthcheck.ts"]
CMD ["node", "bin/start.ts"]

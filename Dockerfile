FROM node:24-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends espeak-ng sox pocketsphinx pocketsphinx-en-us && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:portal && mkdir -p /app/.data/exports && chown -R node:node /app/.data
USER node
CMD ["node", "bin/start.ts"]

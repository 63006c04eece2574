# Mynah server image: Node 20 on Debian slim, non-root, models in a volume, healthcheck on /ready.
# Not built in CI here (no container engine on the build machine); see README "Scaling out".
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY public ./public
RUN npm ci --no-audit --no-fund --ignore-scripts && npx tsc -p tsconfig.json && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
# ffmpeg: the aac encoder; bzip2: `mynah models pull`; espeak-ng-data: eSpeak's voices.
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg bzip2 espeak-ng-data ca-certificates \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/public ./public
COPY package.json ./
COPY bin ./bin
RUN mkdir -p /models /data && chown node:node /models /data
USER node
ENV HOST=0.0.0.0 PORT=8000 MYNAH_MODELS_DIR=/models MYNAH_JOBS_DIR=/data/jobs MYNAH_LEXICON_DIR=/data/lexicon NODE_ENV=production
VOLUME ["/models", "/data"]
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8000)+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
STOPSIGNAL SIGTERM
# bin/mynah sets MALLOC_TRIM_THRESHOLD_ and execs node: the server is the one process, and gets SIGTERM.
CMD ["bin/mynah", "serve"]

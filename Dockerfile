# newsdesk: one image for the API, the worker and the migration step (the compose file picks the command).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY scripts/eld-ngrams.mjs ./scripts/
COPY desk ./desk
COPY locales ./locales
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY locales ./locales
USER node
EXPOSE 3000
# Liveness of the API; the compose file asks /health/ready instead, and the worker its own port.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["node", "dist/healthcheck.js", "/health/live"]
# Exec form: node is PID 1 and receives SIGTERM itself (a `sh -c` wrapper would swallow it, and the
# graceful drain would never run). Migrations are a separate step: `node dist/database/migrate.js`.
CMD ["node", "--max-semi-space-size=16", "--max-old-space-size=256", "dist/main.js"]

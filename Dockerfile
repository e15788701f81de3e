# Builds the plugin from source and runs it in Grafana with the demo provisioning.
# Used by docker-compose.yaml; a machine with only Docker needs nothing else.
ARG GRAFANA_VERSION=13.2.0

FROM node:20-bookworm AS frontend
WORKDIR /src
COPY package.json package-lock.json .npmrc ./
RUN PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM golang:1.26-bookworm AS backend
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=frontend /src/dist ./dist
RUN go tool mage -v build:linux build:linuxARM64 && chmod 0755 dist/gpx_*

FROM grafana/grafana:${GRAFANA_VERSION}
ENV GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS=exotrace-messagetrace-datasource
COPY --from=backend /src/dist /var/lib/grafana/plugins/exotrace-messagetrace-datasource
COPY provisioning /etc/grafana/provisioning
COPY dashboards /var/lib/grafana/dashboards/exotrace

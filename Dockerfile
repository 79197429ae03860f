# syntax=docker/dockerfile:1

# Build a static binary: pure Go (the SQLite driver too), no cgo.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /digestbot . \
 && mkdir -p /out/data /out/config

# Run it on a minimal image as a non-root user (uid 65532). The static
# distroless image carries CA certificates and time zone data, which HTTPS
# fetching and scheduled briefs need.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /digestbot /digestbot
# /config holds digestbot.yaml (mount it read-only); /data the SQLite store
# (mount a volume; point store: at /data/digestbot.db).
COPY --from=build --chown=65532:65532 /out/data /data
COPY --from=build --chown=65532:65532 /out/config /config
VOLUME ["/data"]
WORKDIR /data
USER nonroot:nonroot
EXPOSE 8080
# The image has no shell or curl: the binary checks its own /healthz. Set
# listen: to 0.0.0.0:8080 in the configuration so that the port is reachable.
HEALTHCHECK --interval=30s --timeout=6s --start-period=20s --retries=3 \
  CMD ["/digestbot", "health", "--url", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["/digestbot"]
CMD ["run", "--config", "/config/digestbot.yaml"]

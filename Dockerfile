# syntax=docker/dockerfile:1

# Build a static binary.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /digestbot . \
 && mkdir -p /out/data

# Run it on a minimal image as a non-root user (uid 65532). The static
# distroless image carries CA certificates and time zone data, which HTTPS
# fetching and scheduled briefs need.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /digestbot /digestbot
# A writable working directory for the SQLite store; mount a volume here.
COPY --from=build --chown=65532:65532 /out/data /data
WORKDIR /data
USER nonroot:nonroot
ENTRYPOINT ["/digestbot"]
CMD ["--help"]

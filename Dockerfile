# syntax=docker/dockerfile:1
# tanso as a container image: a multi-stage build, a distroless runtime (glibc, no shell, no
# package manager), a non-root user, configuration by environment. See README: Running at scale.
#
#   docker build -t tanso .
#   docker run -p 8080:8080 -v tanso-data:/var/lib/tanso tanso
#   docker run -p 8080:8080 -e TANSO_DATABASE_URL=postgres://tanso:…@db:5432/tanso tanso
#
# Build stage: the toolchain the crate declares (rust-version) on Debian 12, whose glibc the
# runtime image shares. gcc (in the image) compiles the bundled SQLite; nothing else is linked
# (no OpenSSL: PostgreSQL connections are not encrypted, see README).
FROM rust:1.89-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked \
    && install -D -m 0755 target/release/tanso /out/tanso \
    && strip /out/tanso \
    && install -d -m 0750 /out/data

# Runtime: distroless "cc" (glibc, libgcc, CA certificates, tzdata; no shell, no package
# manager) with its built-in unprivileged user 65532.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /out/tanso /usr/local/bin/tanso
COPY --from=build --chown=65532:65532 /out/data /var/lib/tanso
USER 65532:65532
# Every setting of `tanso serve` is an environment variable (`tanso serve --help` lists them):
#   TANSO_BIND            listen address
#   TANSO_DATA_DIR        where the default SQLite store lives (a volume)
#   TANSO_DATABASE_URL    postgres://user:password@host:5432/db for replicas (unset: SQLite)
#   TANSO_DATABASE_POOL   PostgreSQL connections per replica
#   TANSO_DRAIN_SECONDS   after SIGTERM, seconds /readyz answers 503 before the listener closes
#   TANSO_REQUEST_TIMEOUT time budget of one request, seconds
#   TANSO_CATALOG_DIR     a models/ + seeds/ directory instead of the embedded catalog
#   RUST_LOG              log level (info)
ENV TANSO_BIND=0.0.0.0:8080 \
    TANSO_DATA_DIR=/var/lib/tanso \
    TANSO_DRAIN_SECONDS=5 \
    RUST_LOG=info
VOLUME ["/var/lib/tanso"]
EXPOSE 8080
# Readiness for plain Docker (orchestrators use their own probes on /healthz and /readyz).
HEALTHCHECK --interval=10s --timeout=4s --start-period=10s --retries=3 \
    CMD ["/usr/local/bin/tanso", "probe", "/readyz"]
# SIGTERM starts the drain: /readyz turns 503, in-flight requests finish.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/tanso"]
CMD ["serve"]

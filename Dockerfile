# syntax=docker/dockerfile:1
# Build a static binary, then ship it alone on distroless (nonroot).
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/kinerjabot ./cmd/kinerjabot

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/kinerjabot /kinerjabot
USER nonroot:nonroot
# Outside a container the default is 127.0.0.1:8080; here the probes come
# from outside the container's loopback.
ENV HTTP_ADDR=:8080
EXPOSE 8080
# distroless has no curl: the binary checks itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["/kinerjabot", "healthcheck"]
ENTRYPOINT ["/kinerjabot"]
CMD ["serve"]

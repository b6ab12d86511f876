# Multi-stage build of one service of the suite. Build from the repository root:
#   docker build -f deploy/docker/service.Dockerfile --build-arg PROJECT=Broker  --build-arg DLL=DataBroker.Broker.dll  -t databroker/broker .
#   docker build -f deploy/docker/service.Dockerfile --build-arg PROJECT=Records --build-arg DLL=DataBroker.Records.dll -t databroker/records .
#   docker build -f deploy/docker/service.Dockerfile --build-arg PROJECT=Cli     --build-arg DLL=dbroker.dll            -t databroker/cli .
ARG PROJECT=Broker
ARG DLL=DataBroker.Broker.dll

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG PROJECT
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY protos/ protos/
COPY services/ services/
COPY deploy/dev/keys/ deploy/dev/keys/
RUN dotnet publish services/${PROJECT} -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
ARG DLL
WORKDIR /app
COPY --from=build /app ./
# Non-root; the gRPC port (HTTP/2 only) and the Prometheus port (HTTP/1.1) are set by configuration.
USER app
ENV DLL=${DLL} \
    Kestrel__Endpoints__Grpc__Url=http://0.0.0.0:8080 \
    Kestrel__Endpoints__Grpc__Protocols=Http2 \
    Kestrel__Endpoints__Metrics__Url=http://0.0.0.0:9464 \
    Kestrel__Endpoints__Metrics__Protocols=Http1
EXPOSE 8080 9464
ENTRYPOINT ["sh", "-c", "exec dotnet \"$DLL\" \"$@\"", "--"]

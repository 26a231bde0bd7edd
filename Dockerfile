# Build with the Maven wrapper, run on a JRE as a non-root user. The work dir /app holds application.yaml
# and routes/, so a volume mounted on /app/routes replaces the platform sources.
# ContainerFilesTest and ContainerImageIT check this file against the repository and the built jar.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# The wrapper and the pom first: the dependencies are downloaded again only when these change.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY src src
RUN ./mvnw -B -ntp -q package -DskipTests \
 && java -Djarmode=tools -jar target/git-collector.jar extract --layers --launcher --destination /layers

FROM eclipse-temurin:17-jre
# curl for the HEALTHCHECK; a numeric user, so runAsNonRoot can check it.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 collector \
 && useradd --system --uid 10001 --gid collector --home-dir /app collector
WORKDIR /app
# Spring Boot's layers, the least often changed first: a code change rebuilds only the last one.
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
COPY application.yaml ./application.yaml
COPY routes ./routes
# Where the embedded Kafka and Redis would keep their data (unused when both are external, as in compose).
RUN mkdir -p /app/data && chown -R 10001:10001 /app/data
USER 10001:10001
ENV DATA_DIR=/app/data
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS http://localhost:8000/health || exit 1
# The heap follows the container's memory limit. JAVA_OPTS adds JVM flags after these (a later flag wins),
# arguments after the image name go to the service (--key=value). exec: the JVM replaces the shell, so
# `docker stop`'s SIGTERM reaches it and the service shuts down cleanly.
ENTRYPOINT ["sh", "-c", "exec java -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError $JAVA_OPTS org.springframework.boot.loader.launch.JarLauncher \"$@\"", "git-collector"]

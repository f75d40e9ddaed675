# Builds and runs the connector. The image runs ConnectorMain against the store and the
# Salesforce org given by environment variables; see README.md for the variables.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -DskipTests package dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib

FROM eclipse-temurin:17-jre
RUN useradd --system --home-dir /app connector
WORKDIR /app
COPY --from=build /build/target/salesforce-intranet-connector-*.jar /app/connector.jar
COPY --from=build /build/target/lib /app/lib
COPY mappings /app/mappings
RUN mkdir -p /app/data && chown connector /app/data
USER connector
# Listen on all interfaces inside the container; publish the port to choose who reaches it.
ENV HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080
EXPOSE 8080
VOLUME /app/data
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-cp", "/app/connector.jar:/app/lib/*", "org.intranet.connector.ConnectorMain"]

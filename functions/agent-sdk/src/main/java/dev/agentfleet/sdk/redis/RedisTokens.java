package dev.agentfleet.sdk.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;

import dev.agentfleet.sdk.config.AgentSdkConfig;

/**
 * Where the AUTH password of a new Redis connection comes from ({@code agentfleet.sdk.redis.auth.source}): a file the
 * platform rotates, or an OAuth2 access token of the workload's Google service account, which Memorystore's IAM auth
 * takes as the password (about an hour; Workload Identity serves it through the metadata server, which Google's auth
 * library finds, as it finds a key file named by {@code GOOGLE_APPLICATION_CREDENTIALS}).
 */
interface RedisTokens {

    /** A password and, for tokens, when it expires (null: it does not). */
    record Token(String value, Instant expiresAt) {
        @Override
        public String toString() {
            return "Token[value=(" + value.length() + " characters), expiresAt=" + expiresAt + "]";
        }
    }

    /** The current password; blocks (a file read, a token request). */
    Token current() throws IOException;

    /** The setting a failure names. */
    String setting();

    static RedisTokens of(AgentSdkConfig.Redis.Auth auth) {
        return switch (auth.source()) {
            case NONE -> null;
            case FILE -> new FromFile(auth.file().orElseThrow(() -> new IllegalStateException(
                    "agentfleet.sdk.redis.auth.source=file needs agentfleet.sdk.redis.auth.file")));
            case GOOGLE -> new FromGoogle(auth.refresh());
        };
    }

    /** The content of a file (a mounted Secret), read again on every refresh. */
    record FromFile(Path file) implements RedisTokens {
        @Override
        public Token current() throws IOException {
            String value = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (value.isEmpty()) {
                throw new IOException(file + " is empty");
            }
            return new Token(value, null);
        }

        @Override
        public String setting() {
            return "agentfleet.sdk.redis.auth.file=" + file;
        }
    }

    /** An access token of the application default credentials, refreshed when less than {@code margin} is left. */
    final class FromGoogle implements RedisTokens {
        private static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/cloud-platform");
        private final Duration margin;
        private GoogleCredentials credentials;

        FromGoogle(Duration margin) {
            this.margin = margin;
        }

        @Override
        public synchronized Token current() throws IOException {
            if (credentials == null) {
                credentials = GoogleCredentials.getApplicationDefault().createScoped(SCOPES);
            }
            AccessToken token = credentials.getAccessToken();
            if (token == null || token.getExpirationTime() == null
                    || token.getExpirationTime().toInstant().isBefore(Instant.now().plus(margin))) {
                credentials.refresh();
                token = credentials.getAccessToken();
            }
            return new Token(token.getTokenValue(), token.getExpirationTime() == null ? null : token.getExpirationTime().toInstant());
        }

        @Override
        public String setting() {
            return "agentfleet.sdk.redis.auth.source=google (application default credentials)";
        }
    }
}

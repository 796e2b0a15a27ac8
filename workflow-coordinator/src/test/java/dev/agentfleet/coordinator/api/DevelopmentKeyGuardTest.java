package dev.agentfleet.coordinator.api;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agentfleet.localfleet.auth.DevTokens;

/** The prod profile does not start with the public development key, wherever it is put, unless told it is a dev fleet. */
class DevelopmentKeyGuardTest {

    @Test
    void productionRefusesTheDevelopmentKeyAsAFileOrFromTheClasspath(@TempDir Path dir) throws Exception {
        Path copy = Files.writeString(dir.resolve("issuer.pem"), DevTokens.publicKeyPem());
        for (String location : List.of(copy.toString(), "file:" + copy, DevelopmentKeyGuard.DEV_KEY)) {
            assertThatThrownBy(() -> DevelopmentKeyGuard.check(List.of("prod"), location, false))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("development key")
                    .hasMessageContaining("allow-development-key");
        }
    }

    @Test
    void aDevelopmentFleetAnotherKeyOrAJwksUrlStarts(@TempDir Path dir) throws Exception {
        Path copy = Files.writeString(dir.resolve("issuer.pem"), DevTokens.publicKeyPem());
        assertThatCode(() -> DevelopmentKeyGuard.check(List.of("prod"), copy.toString(), true)).doesNotThrowAnyException();
        assertThatCode(() -> DevelopmentKeyGuard.check(List.of("test"), copy.toString(), false)).doesNotThrowAnyException();
        assertThatCode(() -> DevelopmentKeyGuard.check(List.of("dev"), DevelopmentKeyGuard.DEV_KEY, false)).doesNotThrowAnyException();
        Path other = Files.writeString(dir.resolve("other.pem"), "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n");
        assertThatCode(() -> DevelopmentKeyGuard.check(List.of("prod"), other.toString(), false)).doesNotThrowAnyException();
        assertThatCode(() -> DevelopmentKeyGuard.check(List.of("prod"), "https://issuer.example/jwks", false)).doesNotThrowAnyException();
    }
}

package dev.agentfleet.coordinator.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.agentfleet.coordinator.CoordinatorConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Refuses to start the prod profile with the development key as the user-token key: its private half is checked in
 * (tests/local-fleet), so anyone could mint an admin token. The local fleet, the packaged-application tests and the
 * dev overlay run the production build on purpose with that key and say so with
 * {@code agentfleet.coordinator.allow-development-key=true}; the region overlays never do (tests/manifests).
 */
@ApplicationScoped
public class DevelopmentKeyGuard {

    static final String DEV_KEY = "dev-jwt/public.pem";

    private final Optional<String> location;
    private final boolean allowed;

    DevelopmentKeyGuard(@ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> location,
            CoordinatorConfig config) {
        this.location = location;
        this.allowed = config.allowDevelopmentKey();
    }

    void onStart(@Observes StartupEvent started) {
        check(ConfigUtils.getProfiles(), location.orElse(""), allowed);
    }

    /** Throws when {@code profiles} are production and {@code location} holds the development key, unless allowed. */
    static void check(List<String> profiles, String location, boolean allowed) {
        boolean production = !profiles.contains("dev") && !profiles.contains("test");
        if (!production || allowed || location.isBlank()) {
            return;
        }
        String key = read(location);
        String dev = resource(DEV_KEY);
        if (key != null && dev != null && normalise(key).equals(normalise(dev))) {
            throw new IllegalStateException("mp.jwt.verify.publickey.location (AGENTFLEET_JWT_PUBLIC_KEY_LOCATION) is the"
                    + " development key, whose private half is public: refusing to start in production. Set your issuer's"
                    + " key, or agentfleet.coordinator.allow-development-key=true for a local or development fleet.");
        }
    }

    /** The key text at a file path, {@code file:} URL or classpath location; null for a URL fetched at run time. */
    private static String read(String location) {
        if (location.startsWith("http:") || location.startsWith("https:")) {
            return null;
        }
        Path file = Path.of(location.startsWith("file:") ? location.substring("file:".length()) : location);
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII);
            }
        } catch (IOException e) {
            return null;
        }
        return resource(location.startsWith("classpath:") ? location.substring("classpath:".length()) : location);
    }

    private static String resource(String name) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return null;
        }
    }

    private static String normalise(String pem) {
        return pem.replaceAll("\\s", "");
    }
}

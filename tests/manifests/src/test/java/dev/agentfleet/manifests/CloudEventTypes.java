package dev.agentfleet.manifests;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** The ce-types a module's Funqy functions are triggered by, read from its application.properties. */
final class CloudEventTypes {

    private static final String PREFIX = "quarkus.funqy.knative-events.mapping.";
    private static final String SUFFIX = ".trigger";

    private CloudEventTypes() {
    }

    /** Function name to the ce-type that triggers it. */
    static Map<String, String> of(String module) {
        Path file = Repository.module(module).resolve("src/main/resources/application.properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> types = new TreeMap<>();
        properties.stringPropertyNames().stream().filter(k -> k.startsWith(PREFIX) && k.endsWith(SUFFIX))
                .forEach(k -> types.put(k.substring(PREFIX.length(), k.length() - SUFFIX.length()), properties.getProperty(k)));
        return types;
    }
}

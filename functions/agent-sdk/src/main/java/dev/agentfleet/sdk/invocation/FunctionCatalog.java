package dev.agentfleet.sdk.invocation;

import java.lang.reflect.Type;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.funqy.knative.events.CloudEventMapping;
import io.quarkus.funqy.runtime.FunctionInvoker;
import io.quarkus.funqy.runtime.FunctionRecorder;

/**
 * The Funqy functions of this process: name, CloudEvent type that triggers each, and input type. Used to name the
 * function in metrics (only known names, so random paths cannot blow up metric cardinality) and to explain
 * body errors that Funqy reports only as a bare 400.
 */
@ApplicationScoped
public class FunctionCatalog {

    /** One function as Funqy registered it. */
    public record Entry(String name, String trigger, Type inputType) {
        public boolean hasInput() {
            return inputType != null;
        }
    }

    private volatile Map<String, Entry> byName;
    private volatile Map<String, Entry> byTrigger;

    /** The function a plain HTTP request to {@code path} reaches. */
    public Optional<Entry> byPath(String path) {
        String name = path.startsWith("/") ? path.substring(1) : path;
        return Optional.ofNullable(names().get(name));
    }

    /** The function a CloudEvent of {@code type} reaches; with a single function, Funqy routes every type to it. */
    public Optional<Entry> byCloudEventType(String type) {
        Map<String, Entry> names = names();
        if (names.size() == 1) {
            return names.values().stream().findFirst();
        }
        return Optional.ofNullable(type == null ? null : byTrigger.get(type));
    }

    public Collection<Entry> all() {
        return names().values();
    }

    private Map<String, Entry> names() {
        if (byName == null) {
            load();
        }
        return byName;
    }

    private synchronized void load() {
        if (byName != null) {
            return;
        }
        Map<String, Entry> names = new HashMap<>();
        Map<String, Entry> triggers = new HashMap<>();
        if (FunctionRecorder.registry != null) {
            for (FunctionInvoker invoker : FunctionRecorder.registry.invokers()) {
                Entry entry = new Entry(invoker.getName(), triggerOf(invoker), invoker.hasInput() ? invoker.getInputType() : null);
                names.put(entry.name(), entry);
                triggers.put(entry.trigger(), entry);
            }
        }
        byTrigger = Map.copyOf(triggers);
        byName = Map.copyOf(names);
    }

    private static String triggerOf(FunctionInvoker invoker) {
        Optional<String> configured = ConfigProvider.getConfig().getOptionalValue(
                "quarkus.funqy.knative-events.mapping.\"" + invoker.getName() + "\".trigger", String.class)
                .or(() -> ConfigProvider.getConfig().getOptionalValue(
                        "quarkus.funqy.knative-events.mapping." + invoker.getName() + ".trigger", String.class));
        if (configured.isPresent()) {
            return configured.get();
        }
        CloudEventMapping mapping = invoker.getMethod().getAnnotation(CloudEventMapping.class);
        if (mapping != null && !mapping.trigger().isEmpty()) {
            return mapping.trigger();
        }
        return invoker.getName();
    }
}

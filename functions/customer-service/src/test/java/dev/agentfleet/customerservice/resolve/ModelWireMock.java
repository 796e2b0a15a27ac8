package dev.agentfleet.customerservice.resolve;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** WireMock playing an OpenAI-compatible model server, with the gateway's timeout shortened. */
public class ModelWireMock implements QuarkusTestResourceLifecycleManager {

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectModel {
    }

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        String gateway = "dev.agentfleet.customerservice.resolve.ModelGateway/complete/";
        return Map.of("agentfleet.model.base-url", "http://127.0.0.1:" + server.port() + "/v1",
                "agentfleet.model.name", "test-model",
                "agentfleet.model.api-key", "sk-test-not-a-secret",
                gateway + "Timeout/value", "2500",
                gateway + "Timeout/unit", "MILLIS",
                gateway + "Retry/delay", "10",
                gateway + "Retry/jitter", "0");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(InjectModel.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}

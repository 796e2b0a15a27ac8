package dev.agentfleet.customerservice;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.agentfleet.sdk.invocation.FunctionCatalog;
import dev.agentfleet.testing.redis.RedisTestResource;
import dev.agentfleet.testing.senders.SenderIssuer;
import dev.agentfleet.testing.senders.SenderIssuerResource;
import dev.agentfleet.testing.senders.SenderIssuerResource.InjectSenderIssuer;
import dev.agentfleet.testing.senders.SenderMatrix;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Who may call customer-service, as the regions run it (sender verification on): every function the application serves and the
 * CloudEvent entry, x no token, bad signature, wrong audience, expired, another workload, a Trigger, the coordinator
 * ({@link SenderMatrix}). A function added without a row here fails the test.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(SenderIssuerResource.class)
class AuthorizationMatrixTest {

    @InjectSenderIssuer
    SenderIssuer issuer;

    @Inject
    FunctionCatalog catalog;

    @Test
    void onlyTriggersAndTheCoordinatorGetPastTheDoor() {
        SenderMatrix.verify(issuer, catalog.all().stream().map(FunctionCatalog.Entry::name).toList(), List.of("classify-inquiry", "resolve-issue", "escalate-issue", "template-answer"));
    }
}

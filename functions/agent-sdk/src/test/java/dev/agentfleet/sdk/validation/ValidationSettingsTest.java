package dev.agentfleet.sdk.validation;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;
import jakarta.validation.ValidatorFactory;

import org.hibernate.validator.PredefinedScopeHibernateValidatorFactory;
import org.hibernate.validator.internal.engine.PredefinedScopeValidatorFactoryImpl;
import org.junit.jupiter.api.Test;

import dev.agentfleet.testing.http.FunctionCalls;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The validator every function uses is built without the traversable-resolver cache, and still names each bad field.
 * (The factory's flag is read through Hibernate Validator's implementation class: no public API says it.)
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class ValidationSettingsTest {

    @Inject
    ValidatorFactory factory;

    @Test
    void theValidatorFactoryKeepsNoTraversableResolverCache() {
        Object hibernate = factory.unwrap(PredefinedScopeHibernateValidatorFactory.class);
        assertThat(hibernate).isInstanceOf(PredefinedScopeValidatorFactoryImpl.class);
        assertThat(((PredefinedScopeValidatorFactoryImpl) hibernate).isTraversableResolverResultCacheEnabled()).isFalse();
    }

    @Test
    void nestedElementsAreStillValidatedAndNamed() {
        FunctionCalls.rejects("/greet", "{\"name\": \"\", \"times\": 2, \"lucky\": [1, null]}", 422, "name", "lucky[1]");
    }
}

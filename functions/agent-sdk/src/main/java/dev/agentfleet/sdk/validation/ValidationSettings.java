package dev.agentfleet.sdk.validation;

import jakarta.inject.Singleton;

import org.hibernate.validator.BaseHibernateValidatorConfiguration;

import io.quarkus.hibernate.validator.ValidatorFactoryCustomizer;

/**
 * Turns off Hibernate Validator's per-validation cache of traversable-resolver answers. Quarkus' resolver answers
 * "reachable" for every property, so the cache only costs: Hibernate Validator skips it for its own traverse-all
 * resolver but not for Quarkus' (a different class), and then keeps one map entry per property of every element it
 * checks. For a 10,000-event batch that map was half of the validation's CPU samples and a sixth of the call's (JFR);
 * without it a warm call takes 0.87x the time (docs/benchmarks.md, Large inputs).
 */
@Singleton
public class ValidationSettings implements ValidatorFactoryCustomizer {

    @Override
    public void customize(BaseHibernateValidatorConfiguration<?> configuration) {
        configuration.enableTraversableResolverResultCache(false);
    }
}

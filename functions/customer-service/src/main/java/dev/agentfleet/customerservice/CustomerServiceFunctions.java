package dev.agentfleet.customerservice;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import dev.agentfleet.customerservice.classify.Classification;
import dev.agentfleet.customerservice.classify.InquiryClassifier;
import dev.agentfleet.customerservice.classify.InquiryRequest;
import dev.agentfleet.customerservice.escalate.Escalation;
import dev.agentfleet.customerservice.escalate.EscalationRequest;
import dev.agentfleet.customerservice.escalate.Escalations;
import dev.agentfleet.customerservice.resolve.IssueResolver;
import dev.agentfleet.customerservice.resolve.Resolution;
import dev.agentfleet.customerservice.resolve.ResolveRequest;
import dev.agentfleet.sdk.invocation.AgentFunction;
import io.quarkus.funqy.Funq;

/** The customer-service capability's functions. */
public class CustomerServiceFunctions {

    @Inject
    InquiryClassifier classifier;

    @Inject
    IssueResolver resolver;

    @Inject
    Escalations escalations;

    /** Category, priority, sentiment and confidence of an inquiry. */
    @Funq("classify-inquiry")
    @AgentFunction
    public Classification classifyInquiry(@Valid @NotNull InquiryRequest request) {
        return classifier.classify(request);
    }

    /** A drafted resolution citing the knowledge-base articles it rests on. */
    @Funq("resolve-issue")
    @AgentFunction
    public Resolution resolveIssue(@Valid @NotNull ResolveRequest request) {
        return resolver.resolve(request);
    }

    /** Hands the inquiry to a person: a ticket in the category's queue with a response target by priority. */
    /** The answer from the best article's steps, without the model: the fallback the customer-service workflow names. */
    @Funq("template-answer")
    @AgentFunction
    public Resolution templateAnswer(@Valid @NotNull ResolveRequest request) {
        return resolver.templateAnswer(request);
    }

    @Funq("escalate-issue")
    @AgentFunction
    public Escalation escalateIssue(@Valid @NotNull EscalationRequest request) {
        return escalations.escalate(request);
    }
}

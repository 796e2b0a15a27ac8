package dev.agentfleet.customerservice.resolve;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;

/**
 * Drafts a resolution: retrieves the best articles (BM25), then asks the model with them as the only context when a
 * model is configured, and otherwise, or when the model fails, writes a deterministic answer from the top article's
 * summary and steps. Either way the answer cites the article ids it used. A caller with a fallback of its own (a
 * workflow step's) asks for no fallback here: a failing model is then a 503, and {@link #templateAnswer} is what that
 * fallback calls.
 */
@ApplicationScoped
public class IssueResolver {

    private static final Logger LOG = Logger.getLogger(IssueResolver.class);
    private static final int ARTICLES = 3;
    static final String SYSTEM_PROMPT = """
            You are a customer-support agent. Answer the customer's inquiry using only the knowledge-base articles given.
            Be brief and friendly, give numbered steps, and end with the ids of the articles you used in square brackets.
            Never ask for passwords, card numbers or one-time codes. Never promise a refund the articles do not describe.""";

    private final KnowledgeBase knowledgeBase;
    private final ModelGateway model;

    IssueResolver(KnowledgeBase knowledgeBase, ModelGateway model) {
        this.knowledgeBase = knowledgeBase;
        this.model = model;
    }

    public Resolution resolve(ResolveRequest request) {
        List<KnowledgeBase.Hit> hits = knowledgeBase.search(request.inquiry(), request.category(), ARTICLES);
        if (hits.isEmpty() || !model.configured()) {
            return templateAnswer(request, hits, null);
        }
        try {
            return new Resolution(model.complete(SYSTEM_PROMPT, prompt(request, hits)), "model", model.modelName(), null, citations(hits), false);
        } catch (RuntimeException e) {
            if (request.noFallback()) {
                throw new ProblemException(ProblemKind.UPSTREAM_UNAVAILABLE, "The model failed (" + e.getClass().getSimpleName()
                        + "); the caller asked for no fallback here.", List.of(), null);
            }
            LOG.warnf("model call failed (%s), answering from the template", e.getClass().getSimpleName());
            return templateAnswer(request, hits, "the model failed: " + e.getClass().getSimpleName());
        }
    }

    /** The answer from the top article alone, without asking the model: what a workflow falls back to. */
    public Resolution templateAnswer(ResolveRequest request) {
        return templateAnswer(request, knowledgeBase.search(request.inquiry(), request.category(), ARTICLES), null);
    }

    private static Resolution templateAnswer(ResolveRequest request, List<KnowledgeBase.Hit> hits, String fallbackReason) {
        if (hits.isEmpty()) {
            return new Resolution(greeting(request) + "thank you for your message. A member of our team will look into it and reply "
                    + "within one business day.", "template", null, null, List.of(), true);
        }
        return new Resolution(template(request, hits.get(0).article()), "template", null, fallbackReason, citations(hits), false);
    }

    private static List<Resolution.Citation> citations(List<KnowledgeBase.Hit> hits) {
        return hits.stream().map(h -> new Resolution.Citation(h.article().id(), h.article().title(), h.score())).toList();
    }

    static String prompt(ResolveRequest request, List<KnowledgeBase.Hit> hits) {
        String articles = hits.stream().map(h -> "[" + h.article().id() + "] " + h.article().title() + "\n" + h.article().summary() + "\n"
                + String.join("\n", h.article().steps())).collect(Collectors.joining("\n\n"));
        return "Knowledge-base articles:\n\n" + articles + "\n\nCustomer inquiry:\n" + request.inquiry();
    }

    static String template(ResolveRequest request, Article article) {
        StringBuilder text = new StringBuilder(greeting(request))
                .append("thank you for contacting us about ").append(lowerFirst(article.title())).append(". ")
                .append(article.summary()).append("\n\nHere is what to do:\n");
        for (int i = 0; i < article.steps().size(); i++) {
            text.append(i + 1).append(". ").append(article.steps().get(i)).append('\n');
        }
        return text.append("\n[").append(article.id()).append(']').toString();
    }

    private static String greeting(ResolveRequest request) {
        return request.customerName() == null || request.customerName().isBlank() ? "Hello, " : "Hello " + request.customerName().trim() + ", ";
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}

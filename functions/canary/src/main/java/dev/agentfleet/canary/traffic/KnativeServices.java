package dev.agentfleet.canary.traffic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.agentfleet.canary.rollout.Phase;
import dev.agentfleet.canary.rollout.Rollout;
import io.fabric8.knative.client.KnativeClient;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.serving.v1.ServiceBuilder;
import io.fabric8.knative.serving.v1.TrafficTarget;
import io.fabric8.knative.serving.v1.TrafficTargetBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The Knative side of a rollout: reads a Service, writes its traffic split and the rollout's annotations, and records
 * each decision as a Kubernetes Event on it. Writes carry the resourceVersion that was read, so a write over a change
 * made in between fails with 409 ({@link Conflict}) instead of overwriting it.
 */
@ApplicationScoped
public class KnativeServices {

    public static final String ANNOTATION = "canary.agentfleet.dev/";
    public static final String CANARY_TAG = "canary";
    private static final Logger LOG = Logger.getLogger(KnativeServices.class);

    /** Someone else changed the Service between our read and our write. */
    public static final class Conflict extends RuntimeException {
        Conflict(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KubernetesClient kubernetes;
    private final KnativeClient knative;

    KnativeServices(KubernetesClient kubernetes) {
        this.kubernetes = kubernetes;
        this.knative = kubernetes.adapt(KnativeClient.class);
    }

    public Optional<Service> read(String namespace, String name) {
        return Optional.ofNullable(knative.services().inNamespace(namespace).withName(name).get());
    }

    /** The Services of the namespace that carry the annotation. */
    public List<Service> annotated(String namespace, String annotation) {
        return knative.services().inNamespace(namespace).list().getItems().stream()
                .filter(s -> s.getMetadata().getAnnotations() != null && s.getMetadata().getAnnotations().containsKey(annotation))
                .toList();
    }

    /** Sets (or, with a null value, removes) one annotation on the Service as read; a change since then is a Conflict. */
    public void annotate(Service read, String key, String value) {
        Service updated = new ServiceBuilder(read).editMetadata().removeFromAnnotations(key).endMetadata().build();
        if (value != null) {
            updated.getMetadata().getAnnotations().put(key, value);
        }
        try {
            knative.services().inNamespace(read.getMetadata().getNamespace()).resource(updated).update();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw new Conflict(read.getMetadata().getNamespace() + "/" + read.getMetadata().getName() + " changed since it was read", e);
            }
            throw e;
        }
    }

    /** The revision serving 100 % now (status.traffic), if one does. */
    public static Optional<String> servingAll(Service service) {
        if (service.getStatus() == null || service.getStatus().getTraffic() == null) {
            return Optional.empty();
        }
        return service.getStatus().getTraffic().stream().filter(t -> t.getPercent() != null && t.getPercent() == 100L)
                .map(TrafficTarget::getRevisionName).filter(r -> r != null).findFirst();
    }

    public static Optional<String> latestReady(Service service) {
        return Optional.ofNullable(service.getStatus() == null ? null : service.getStatus().getLatestReadyRevisionName());
    }

    /**
     * Writes the split the rollout stands at (stable 100 - w, candidate w tagged canary; or all on one revision when
     * it has finished) and its annotations; returns the Service's new generation.
     */
    public long write(Service read, Rollout rollout) {
        List<TrafficTarget> traffic = new ArrayList<>();
        int weight = rollout.weight();
        if (weight < 100) {
            traffic.add(target(rollout.stableRevision(), 100 - weight, null));
        }
        if (weight > 0 || rollout.phase() == Phase.PROGRESSING) {
            traffic.add(target(rollout.candidateRevision(), weight, rollout.phase() == Phase.PROMOTED ? null : CANARY_TAG));
        }
        Service updated = new ServiceBuilder(read).editSpec().withTraffic(traffic).endSpec()
                .editMetadata().addToAnnotations(annotations(rollout)).endMetadata().build();
        try {
            Service written = knative.services().inNamespace(rollout.namespace()).resource(updated).update();
            return written.getMetadata().getGeneration() == null ? 0 : written.getMetadata().getGeneration();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw new Conflict(rollout.id() + " changed since it was read", e);
            }
            throw e;
        }
    }

    private static TrafficTarget target(String revision, int percent, String tag) {
        return new TrafficTargetBuilder().withRevisionName(revision).withPercent((long) percent).withLatestRevision(false)
                .withTag(tag).build();
    }

    private static Map<String, String> annotations(Rollout rollout) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put(ANNOTATION + "phase", rollout.phase().name());
        a.put(ANNOTATION + "step", rollout.step() + 1 + "/" + rollout.weights().size());
        a.put(ANNOTATION + "weight", String.valueOf(rollout.weight()));
        a.put(ANNOTATION + "stable-revision", rollout.phase() == Phase.PROMOTED ? rollout.candidateRevision()
                : rollout.stableRevision());
        a.put(ANNOTATION + "candidate-revision", rollout.candidateRevision());
        a.put(ANNOTATION + "checks", rollout.checksPassed() + " passed, " + rollout.checksFailed() + " failed");
        return a;
    }

    /** A Kubernetes Event on the Service (and the same as a log line); failures to record it are only logged. */
    public void event(Rollout rollout, Service service, String reason, String message, boolean warning) {
        event(rollout.namespace(), rollout.service(), service, reason, message, warning);
    }

    /** The same, for a Service that has no rollout (yet): its declared plan does not hold. */
    public void event(String namespace, String name, Service service, String reason, String message, boolean warning) {
        String id = namespace + "/" + name;
        if (warning) {
            LOG.warnf("rollout %s: %s: %s", id, reason, message);
        } else {
            LOG.infof("rollout %s: %s: %s", id, reason, message);
        }
        String now = Instant.now().toString();
        try {
            kubernetes.v1().events().inNamespace(namespace).resource(new EventBuilder()
                    .withNewMetadata().withGenerateName(name + "-canary-").endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion("serving.knative.dev/v1").withKind("Service")
                            .withNamespace(namespace).withName(name)
                            .withUid(service == null ? null : service.getMetadata().getUid()).build())
                    .withReason(reason).withMessage(message).withType(warning ? "Warning" : "Normal")
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withNewSource().withComponent("agentfleet-canary").endSource().build()).create();
        } catch (KubernetesClientException e) {
            LOG.warnf("rollout %s: event %s not recorded: %s", id, reason, e.getMessage());
        }
    }
}

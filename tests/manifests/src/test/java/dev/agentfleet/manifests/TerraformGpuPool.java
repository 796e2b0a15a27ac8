package dev.agentfleet.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GPU node pool's label and taint as terraform/modules/region provisions them, so the model server's node selector
 * and toleration are checked against the real pool rather than against a copy of the same strings.
 */
record TerraformGpuPool(String labelKey, String labelValue, String taintKey, String taintValue) {

    private static final Pattern POOL = Pattern.compile("resource \"google_container_node_pool\" \"gpu\" \\{(.*?)\\n}\\n",
            Pattern.DOTALL);
    private static final Pattern LABEL = Pattern.compile("\\n\\s*labels\\s*=\\s*\\{\\s*\"([^\"]+)\"\\s*=\\s*\"([^\"]+)\"\\s*}");
    private static final Pattern TAINT = Pattern.compile(
            "taint \\{\\s*key\\s*=\\s*\"([^\"]+)\"\\s*value\\s*=\\s*\"([^\"]+)\"\\s*effect\\s*=\\s*\"NO_SCHEDULE\"");

    static TerraformGpuPool read() {
        String module;
        try {
            module = Files.readString(Repository.ROOT.resolve("terraform/modules/region/main.tf"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String pool = find(POOL, module, "the gpu node pool").group(1);
        Matcher label = find(LABEL, pool, "the gpu pool's node label");
        Matcher taint = find(TAINT, pool, "the gpu pool's NO_SCHEDULE taint");
        return new TerraformGpuPool(label.group(1), label.group(2), taint.group(1), taint.group(2));
    }

    private static Matcher find(Pattern pattern, String text, String what) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new AssertionError("terraform/modules/region/main.tf: cannot find " + what);
        }
        return m;
    }
}

package dev.agentfleet.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redis as terraform/ provisions it and hands it to the workloads, read from the Terraform files themselves: the
 * clusters' authorization and transit-encryption modes (terraform/modules/region), and stage 2's namespace labels and
 * Secret (terraform/envs/prod/knative), so the overlays are checked against what is really deployed.
 */
record TerraformRedis(Set<String> authorizationModes, Set<String> transitEncryptionModes, String secretName,
        Set<String> secretKeys, String urlScheme, Map<String, String> namespaceLabels) {

    private static final Pattern AUTH = Pattern.compile("authorization_mode\\s*=\\s*\"([A-Z_]+)\"");
    private static final Pattern TRANSIT = Pattern.compile("transit_encryption_mode\\s*=\\s*\"([A-Z_]+)\"");
    private static final Pattern SECRET = Pattern.compile("resource \"kubernetes_secret_v1\" \"redis\" \\{(.*?)\\n}\\n", Pattern.DOTALL);
    private static final Pattern NAMESPACE = Pattern.compile("resource \"kubernetes_namespace_v1\" \"agentfleet\" \\{(.*?)\\n}\\n",
            Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("\\n\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern DATA = Pattern.compile("data = \\{(.*?)\\n  }", Pattern.DOTALL);
    private static final Pattern KEY = Pattern.compile("\\n\\s*(\"[^\"]+\"|[a-z_]+)\\s*=\\s*([^\\n]*)");
    private static final Pattern LABEL = Pattern.compile("\"([^\"]+)\"\\s*=\\s*\"([^\"]+)\"");

    static TerraformRedis read() {
        String region = file("terraform/modules/region/main.tf");
        String stage2 = file("terraform/envs/prod/knative/main.tf");
        String secret = find(SECRET, stage2, "terraform/envs/prod/knative: the Secret agentfleet-redis").group(1);
        Set<String> keys = new TreeSet<>();
        String url = null;
        Matcher key = KEY.matcher(find(DATA, secret, "the Secret's data").group(1));
        while (key.find()) {
            String name = key.group(1).replace("\"", "");
            keys.add(name);
            if (name.equals("url")) {
                url = key.group(2).replace("\"", "");
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Matcher label = LABEL.matcher(find(NAMESPACE, stage2, "terraform/envs/prod/knative: the namespace").group(1));
        while (label.find()) {
            labels.put(label.group(1), label.group(2));
        }
        return new TerraformRedis(all(AUTH, region), all(TRANSIT, region), find(NAME, secret, "the Secret's name").group(1), keys,
                url == null ? null : url.substring(0, url.indexOf("://") + 3), labels);
    }

    /** What the workloads must do to reach such a Redis: a cluster client, TLS with the CA, IAM tokens. */
    boolean iamAuthAndTls() {
        return authorizationModes.equals(Set.of("AUTH_MODE_IAM_AUTH"))
                && transitEncryptionModes.equals(Set.of("TRANSIT_ENCRYPTION_MODE_SERVER_AUTHENTICATION"));
    }

    private static Set<String> all(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static String file(String path) {
        try {
            return Files.readString(Repository.ROOT.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Matcher find(Pattern pattern, String text, String what) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new AssertionError("cannot find " + what);
        }
        return m;
    }
}

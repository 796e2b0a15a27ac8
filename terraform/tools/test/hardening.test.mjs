// The cluster's doors (issue 17, "Transport and network"): who reaches the control plane, what enforces the
// namespace's NetworkPolicies, where the state lives, which certificates the public API and Eventing serve, and what
// the pods may reach that only the region knows. Asserted on the parsed HCL.
import assert from "node:assert/strict";
import { test } from "node:test";
import { hclOf, only } from "./support.mjs";

test("the control plane answers the VPC and named networks only, and Dataplane V2 enforces and encrypts pod traffic", async () => {
  const cluster = only((await hclOf("modules/region/main.tf")).resource.google_container_cluster.this);
  assert.equal(only(cluster.private_cluster_config).enable_private_nodes, true);
  const authorized = only(cluster.master_authorized_networks_config);
  assert.equal(authorized.gcp_public_cidrs_access_enabled, false);
  assert.equal(only(authorized.dynamic.cidr_blocks).for_each, "${var.control_plane_authorized_networks}");
  assert.equal(cluster.datapath_provider, "ADVANCED_DATAPATH");
  assert.equal(cluster.in_transit_encryption_config, "IN_TRANSIT_ENCRYPTION_INTER_NODE_TRANSPARENT");

  const variable = only((await hclOf("modules/region/variables.tf")).variable.control_plane_authorized_networks);
  assert.deepEqual(variable.default, []);
  assert.match(only(variable.validation).condition, /!endswith\(n\.cidr, "\/0"\)/);
  const root = await hclOf("envs/prod/infra/main.tf");
  for (const name of ["primary_region", "backup_region"]) {
    assert.equal(only(root.module[name]).control_plane_authorized_networks, "${var.control_plane_authorized_networks}");
  }
});

test("both stages keep their state in a GCS backend, which locks it for every plan and apply", async () => {
  for (const stage of ["infra", "knative"]) {
    const terraform = only((await hclOf(`envs/prod/${stage}/versions.tf`)).terraform);
    const backend = only(terraform.backend.gcs);
    assert.equal(backend.prefix, `agentfleet/${stage}`);
    assert.equal(backend.bucket, undefined, "the bucket is named at init, not committed");
  }
});

test("the agentfleet namespace enforces Pod Security restricted", async () => {
  const namespace = only((await hclOf("envs/prod/knative/main.tf")).resource.kubernetes_namespace_v1.agentfleet);
  const labels = only(namespace.metadata).labels;
  for (const mode of ["enforce", "warn", "audit"]) {
    assert.equal(labels[`pod-security.kubernetes.io/${mode}`], "restricted", mode);
  }
});

test("the public API is served over TLS with HTTP redirected, and Eventing delivers over TLS only", async () => {
  const module = await hclOf("modules/knative-serving/main.tf");
  const serving = only(module.resource.kubernetes_manifest.knative_serving).manifest.spec.config;
  assert.equal(serving.network["external-domain-tls"], "Enabled");
  assert.equal(serving.network["cluster-local-domain-tls"], "Enabled");
  assert.equal(serving.network["http-protocol"], "Redirected");
  assert.equal(serving.features["secure-pod-defaults"], "Enabled", "queue-proxy and defaulted containers meet restricted");
  // Images by digest: Knative resolves every tag to its digest per revision unless told to skip a registry.
  assert.equal(serving.deployment?.["registries-skipping-tag-resolving"], undefined);
  assert.equal(serving.certmanager.issuerRef, "kind: ClusterIssuer\nname: ${local.public_issuer}");
  const eventing = only(module.resource.kubernetes_manifest.knative_eventing).manifest.spec.config;
  assert.equal(eventing.features["transport-encryption"], "strict");
  assert.equal(eventing.features["authentication-oidc"], "enabled");

  // The public certificates come from ACME over DNS-01 (both regions sit behind one failover name), the internal ones
  // from a CA under the name Eventing looks for.
  const locals = Object.assign({}, ...module.locals);
  assert.equal(locals.internal_issuer, "knative-eventing-ca-issuer");
  const acme = only(module.resource.kubernetes_manifest.public_issuer).manifest.spec.acme;
  assert.ok(acme.solvers[0].dns01.cloudDNS, "DNS-01 in Cloud DNS");
  assert.equal(only(module.resource.kubernetes_manifest.internal_issuer).manifest.spec.ca.secretName, "agentfleet-internal-ca");
  assert.equal(only(module.resource.kubernetes_manifest.internal_ca).manifest.spec.isCA, true);

  const stage2 = await hclOf("envs/prod/knative/main.tf");
  assert.equal(only(stage2.resource.google_project_iam_member.cert_manager_dns).role, "roles/dns.admin");
  assert.match(only(stage2.resource.google_service_account_iam_member.cert_manager_workload_identity).member,
    /\.svc\.id\.goog\[cert-manager\/cert-manager\]$/);
});

test("the region allows its pods exactly Memorystore, the metadata server, Google's private APIs and, for the canary, the control plane", async () => {
  const stage2 = await hclOf("envs/prod/knative/main.tf");
  const platform = only(only(stage2.resource.kubernetes_network_policy_v1.platform_egress).spec);
  assert.deepEqual(platform.policy_types, ["Egress"]);
  const [redis, metadata, workloadIdentity, googleApis] = platform.egress;
  assert.equal(only(redis.dynamic.to).for_each, "${local.redis_addresses}");
  assert.deepEqual(redis.ports.map((p) => [p.port, p.end_port ?? null]), [["6379", null], ["11000", 13047]]);
  const cidrOf = (rule) => only(only(rule.to).ip_block).cidr;
  assert.equal(cidrOf(metadata), "169.254.169.254/32");
  assert.equal(cidrOf(workloadIdentity), "169.254.169.252/32");
  assert.equal(cidrOf(googleApis), "199.36.153.8/30");
  assert.equal(platform.egress.length, 4, "nothing else");

  const canary = only(only(stage2.resource.kubernetes_network_policy_v1.canary_api_server_egress).spec);
  assert.deepEqual(only(canary.pod_selector).match_labels, { "app.kubernetes.io/name": "canary" });
  assert.equal(cidrOf(only(canary.egress)), "${data.google_container_cluster.this.private_cluster_config[0].master_ipv4_cidr_block}");

  // googleapis.com resolves to the private range inside the VPC, so the allow above is the only way to Google.
  const infra = await hclOf("envs/prod/infra/main.tf");
  assert.equal(only(infra.resource.google_dns_managed_zone.googleapis).visibility, "private");
  assert.deepEqual(only(infra.resource.google_dns_record_set.googleapis_private).rrdatas,
    ["199.36.153.8", "199.36.153.9", "199.36.153.10", "199.36.153.11"]);
  assert.deepEqual(only(infra.resource.google_dns_record_set.googleapis_wildcard).rrdatas, ["private.googleapis.com."]);
});

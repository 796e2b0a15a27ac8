// agentfleet's own rules for its infrastructure, asserted on the parsed HCL.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parse } from "@cdktf/hcl2json";
import { REPOSITORY, TERRAFORM } from "../src/terraformFiles.mjs";
import { allFiles, hclOf, only } from "./support.mjs";

test("the regions variable allows exactly one primary", async () => {
  const regions = only((await hclOf("envs/prod/infra/variables.tf")).variable.regions);
  const conditions = regions.validation.map((v) => v.condition);
  assert.ok(conditions.some((c) => /r\.role == "primary"/.test(c) && /== 1/.test(c)), conditions.join("\n"));
});

test("every region of the root goes through the region module, primary and backups", async () => {
  const main = await hclOf("envs/prod/infra/main.tf");
  for (const name of ["primary_region", "backup_region"]) {
    const module = only(main.module[name]);
    assert.equal(module.source, "../../../modules/region");
    assert.match(module.for_each, /local\.(primary|backups)/);
  }
  const locals = Object.assign({}, ...main.locals);
  assert.match(locals.primary, /var\.regions/);
  assert.match(locals.backups, /var\.regions/);
});

test("the GPU pool scales from zero, carries the GPU taint, installs drivers and stays in GPU zones", async () => {
  const gpu = only((await hclOf("modules/region/main.tf")).resource.google_container_node_pool.gpu);
  assert.equal(only(gpu.autoscaling).total_min_node_count, 0);
  assert.equal(gpu.node_locations, "${var.gpu_pool.zones}");
  const config = only(gpu.node_config);
  assert.deepEqual(config.taint, [{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }]);
  assert.ok(only(config.guest_accelerator).gpu_driver_installation_config);
  assert.equal(config.labels["agentfleet.dev/pool"], "gpu");
});

test("the CPU pool keeps at least one node and the default pool is removed", async () => {
  const region = await hclOf("modules/region/main.tf");
  const cluster = only(region.resource.google_container_cluster.this);
  assert.equal(cluster.remove_default_node_pool, true);
  assert.ok(only(cluster.workload_identity_config).workload_pool);
  assert.equal(cluster.deletion_protection, "${var.deletion_protection}");
  const cpuPool = only((await hclOf("modules/region/variables.tf")).variable.cpu_pool);
  assert.match(cpuPool.validation[0].condition, /min_nodes >= 1/);
});

test("every region gets a Redis cluster: the primary where role is primary, a replica of it elsewhere", async () => {
  const redis = (await hclOf("modules/region/main.tf")).resource.google_redis_cluster;
  assert.equal(only(redis.primary).count, '${var.role == "primary" ? 1 : 0}');
  const replica = only(redis.replica);
  assert.equal(replica.count, '${var.role == "backup" ? 1 : 0}');
  assert.equal(only(replica.cross_cluster_replication_config).cluster_role, "SECONDARY");
  const role = only((await hclOf("modules/region/variables.tf")).variable.role);
  assert.match(role.validation[0].condition, /contains\(\["primary", "backup"\], var\.role\)/);
});

test("the primary's Redis is backed up daily and alerts when its replicas trail (the failover runbook's RPO)", async () => {
  const main = await hclOf("modules/region/main.tf");
  const primary = only(main.resource.google_redis_cluster.primary);
  const backups = only(primary.automated_backup_config);
  assert.equal(backups.retention, "${var.redis.backup_retention_days * 86400}s");
  assert.ok(only(backups.fixed_frequency_schedule).start_time, "a daily start time");
  const lag = only(main.resource.google_monitoring_alert_policy.redis_replication_lag);
  assert.equal(lag.count, '${var.role == "primary" ? 1 : 0}');
  const threshold = only(only(lag.conditions).condition_threshold);
  assert.match(threshold.filter, /cross_cluster_replication\/secondary_maximum_replication_offset_diff/);
  assert.equal(threshold.comparison, "COMPARISON_GT");
});

test("the DNS record fails over on the regional health check, primary first, with a short TTL", async () => {
  const dns = await hclOf("modules/failover-dns/main.tf");
  const record = only(dns.resource.google_dns_record_set.api);
  const policy = only(record.routing_policy);
  assert.equal(policy.health_check, "${google_compute_health_check.regions.id}");
  const primaryBackup = only(policy.primary_backup);
  assert.deepEqual(only(primaryBackup.primary).external_endpoints, ["${var.primary.ingress_ip}"]);
  assert.ok(primaryBackup.dynamic.backup_geo, "backups are geo-routed");
  const check = only(dns.resource.google_compute_health_check.regions);
  assert.equal(only(check.http_health_check).request_path, "/healthz");
  assert.equal(only(check.http_health_check).host, "${var.health_host}");
  const variables = (await hclOf("modules/failover-dns/variables.tf")).variable;
  assert.ok(only(variables.ttl).default <= 60, "short TTL by default");
  assert.match(only(variables.health_check_source_regions).validation[0].condition, /== 3/);
});

test("every region in the production tfvars has a stage 2 variable file and a knative overlay", async () => {
  const tfvars = await parse("prod.auto.tfvars", readFileSync(join(TERRAFORM, "envs/prod/infra/prod.auto.tfvars"), "utf8"));
  const regions = Object.keys(tfvars.regions);
  assert.deepEqual(regions.sort(), ["eu", "us"]);
  assert.equal(Object.values(tfvars.regions).filter((r) => r.role === "primary").length, 1);
  for (const region of regions) {
    const file = `envs/prod/knative/regions/${region}.tfvars`;
    assert.ok(existsSync(join(TERRAFORM, file)), file);
    const vars = await parse(file, readFileSync(join(TERRAFORM, file), "utf8"));
    assert.equal(vars.region_name, region, `${file} names its region`);
    assert.equal(vars.cluster_name, `agentfleet-${region}`, `${file} names the cluster stage 1 creates`);
    assert.ok(existsSync(join(REPOSITORY, `knative/overlays/${region}/kustomization.yaml`)), `knative/overlays/${region}`);
  }
  const overlays = readdirSync(join(REPOSITORY, "knative/overlays")).filter((o) => o !== "dev");
  assert.deepEqual(overlays.sort(), regions.sort(), "knative/overlays holds dev and exactly the regions");
});

test("stage 2 installs Knative with Kourier on the reserved IP and the GPU feature flags", async () => {
  const serving = only((await hclOf("modules/knative-serving/main.tf")).resource.kubernetes_manifest.knative_serving).manifest;
  assert.equal(serving.kind, "KnativeServing");
  assert.equal(serving.spec.ingress.kourier["service-load-balancer-ip"], "${var.ingress_ip}");
  assert.equal(serving.spec.config.features["kubernetes.podspec-nodeselector"], "enabled");
  assert.equal(serving.spec.config.features["kubernetes.podspec-tolerations"], "enabled");
  assert.equal(serving.spec.config.features["kubernetes.podspec-volumes-emptydir"], "enabled");
  const eventing = only((await hclOf("modules/knative-serving/main.tf")).resource.kubernetes_manifest.knative_eventing).manifest;
  assert.equal(eventing.kind, "KnativeEventing");
});

test("every module has the usual files and every variable a description and a type", async () => {
  const modules = join(TERRAFORM, "modules");
  for (const module of readdirSync(modules).filter((m) => statSync(join(modules, m)).isDirectory())) {
    for (const file of ["main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md"]) {
      assert.ok(existsSync(join(modules, module, file)), `modules/${module}/${file}`);
    }
  }
  for (const f of await allFiles()) {
    for (const [name, [variable]] of Object.entries(f.hcl?.variable ?? {})) {
      assert.ok(variable.description, `${f.name}: variable "${name}" has a description`);
      assert.ok(variable.type, `${f.name}: variable "${name}" has a type`);
    }
    for (const [name, [output]] of Object.entries(f.hcl?.output ?? {})) {
      assert.ok(output.description, `${f.name}: output "${name}" has a description`);
    }
  }
});

test("Redis is reached as provisioned: IAM auth and TLS everywhere, a rediss:// URL and the cluster's CA in the Secret", async () => {
  const redis = (await hclOf("modules/region/main.tf")).resource.google_redis_cluster;
  for (const cluster of [only(redis.primary), only(redis.replica)]) {
    assert.equal(cluster.authorization_mode, "AUTH_MODE_IAM_AUTH");
    assert.equal(cluster.transit_encryption_mode, "TRANSIT_ENCRYPTION_MODE_SERVER_AUTHENTICATION");
  }
  const stage2 = await hclOf("envs/prod/knative/main.tf");
  const secret = only(stage2.resource.kubernetes_secret_v1.redis);
  assert.equal(only(secret.metadata).name, "agentfleet-redis");
  assert.equal(only(secret.metadata).namespace, "${kubernetes_namespace_v1.agentfleet.metadata[0].name}");
  assert.match(secret.data.url, /^rediss:\/\/\$\{data\.google_redis_cluster\.this\.discovery_endpoints\[0\]\.address\}:/);
  assert.match(secret.data["ca.pem"], /data\.google_redis_cluster\.this\.managed_server_ca\[0\]\.ca_certs/);
  assert.equal(only(stage2.data.google_redis_cluster.this).name, "${var.cluster_name}");
  // Workload Identity: the namespace's Kubernetes service accounts, no Google service account in between
  const iam = only((await hclOf("envs/prod/infra/main.tf")).resource.google_project_iam_member.redis_clients);
  assert.equal(iam.role, "roles/redis.dbConnectionUser");
  assert.match(iam.member, /^principalSet:\/\/iam\.googleapis\.com\/.*\/workloadIdentityPools\/\$\{var\.project_id\}\.svc\.id\.goog\/namespace\/agentfleet$/);
});

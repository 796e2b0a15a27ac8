# Stage 2, one region at a time: Knative Serving and Eventing on the cluster stage 1 created. Separate from stage 1
# because provider blocks cannot use for_each (one kubernetes/helm provider per cluster) and kubernetes_manifest needs
# the cluster's API at plan time. The region is chosen by its variable file (regions/<name>.tfvars) and its state is
# kept apart by a workspace of the same name: terraform workspace select -or-create us && terraform apply
# -var-file=regions/us.tfvars.
provider "google" {
  project = var.project_id
}

data "google_client_config" "current" {}

data "google_container_cluster" "this" {
  project  = var.project_id
  name     = var.cluster_name
  location = var.cluster_location
}

provider "kubernetes" {
  host                   = "https://${data.google_container_cluster.this.endpoint}"
  token                  = data.google_client_config.current.access_token
  cluster_ca_certificate = base64decode(data.google_container_cluster.this.master_auth[0].cluster_ca_certificate)
}

provider "helm" {
  kubernetes = {
    host                   = "https://${data.google_container_cluster.this.endpoint}"
    token                  = data.google_client_config.current.access_token
    cluster_ca_certificate = base64decode(data.google_container_cluster.this.master_auth[0].cluster_ca_certificate)
  }
}

module "knative" {
  source = "../../../modules/knative-serving"

  region_name = var.region_name
  ingress_ip  = var.ingress_ip
  domain      = var.domain
}

check "workspace_is_the_region" {
  assert {
    condition     = terraform.workspace == var.region_name
    error_message = "Apply each region in its own workspace: terraform workspace select -or-create ${var.region_name}."
  }
}

# --- Redis, as the workloads reach it ------------------------------------------------------------------------------

# The region's Memorystore for Redis Cluster from stage 1 (named as the GKE cluster): IAM authentication and TLS.
data "google_redis_cluster" "this" {
  project = var.project_id
  name    = var.cluster_name
  region  = var.cluster_location
}

# agentfleet's namespace, owned here (not by knative/base) because its Secret below must exist before the workloads do.
# The labels are knative/base/namespace.yaml's; tests/manifests keeps the two equal.
resource "kubernetes_namespace_v1" "agentfleet" {
  metadata {
    name = "agentfleet"
    labels = {
      "pod-security.kubernetes.io/enforce" = "baseline"
      "pod-security.kubernetes.io/warn"    = "restricted"
      "pod-security.kubernetes.io/audit"   = "restricted"
    }
  }
}

# Where every workload finds Redis (knative/components/memorystore): the discovery endpoint over TLS and the
# cluster's own CA, mounted as a file. No password: each workload authenticates with its Workload Identity token.
resource "kubernetes_secret_v1" "redis" {
  metadata {
    name      = "agentfleet-redis"
    namespace = kubernetes_namespace_v1.agentfleet.metadata[0].name
  }
  data = {
    url      = "rediss://${data.google_redis_cluster.this.discovery_endpoints[0].address}:${data.google_redis_cluster.this.discovery_endpoints[0].port}"
    "ca.pem" = join("\n", flatten([for ca in data.google_redis_cluster.this.managed_server_ca[0].ca_certs : ca.certificates]))
  }
}

# --- Sender identity, as the receivers verify it ----------------------------------------------------------------------

# Who signs the ServiceAccount tokens that Knative Eventing (authentication-oidc) and the coordinator present to the
# functions: this GKE cluster, whose issuer and public JWKS are fixed by its project, location and name. Read by every
# function and the coordinator through knative/components/sender-identity (ADR 0007); the pods do not start without it.
locals {
  cluster_issuer = "https://container.googleapis.com/v1/projects/${var.project_id}/locations/${var.cluster_location}/clusters/${var.cluster_name}"
}

resource "kubernetes_config_map_v1" "senders_issuer" {
  metadata {
    name      = "agentfleet-senders-issuer"
    namespace = kubernetes_namespace_v1.agentfleet.metadata[0].name
  }
  data = {
    AGENTFLEET_SDK_SENDERS_ISSUER   = local.cluster_issuer
    AGENTFLEET_SDK_SENDERS_JWKS_URL = "${local.cluster_issuer}/jwks"
  }
}

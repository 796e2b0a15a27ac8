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

  cert_manager_service_account = google_service_account.cert_manager.email
  dns_project_id               = var.project_id
  acme_email                   = var.acme_email
}

# cert-manager's identity in Google Cloud: it may change DNS records (the ACME DNS-01 challenges) and nothing else,
# and only cert-manager's own Kubernetes service account may act as it.
resource "google_service_account" "cert_manager" {
  project      = var.project_id
  account_id   = "cert-manager-${var.region_name}"
  display_name = "cert-manager in ${var.cluster_name} (ACME DNS-01)"
}

resource "google_project_iam_member" "cert_manager_dns" {
  project = var.project_id
  role    = "roles/dns.admin"
  member  = google_service_account.cert_manager.member
}

resource "google_service_account_iam_member" "cert_manager_workload_identity" {
  service_account_id = google_service_account.cert_manager.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "serviceAccount:${var.project_id}.svc.id.goog[cert-manager/cert-manager]"
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
      "pod-security.kubernetes.io/enforce" = "restricted"
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

# --- Egress the region decides --------------------------------------------------------------------------------------

# knative/base denies every pod's egress and allows what is the same in every cluster; what only this region knows is
# allowed here, by address (knative/base/security/network-policies.yaml explains the whole set).
locals {
  redis_addresses = distinct(concat(
    [for e in data.google_redis_cluster.this.discovery_endpoints : e.address],
    [for c in data.google_redis_cluster.this.psc_connections : c.address],
  ))
}

resource "kubernetes_network_policy_v1" "platform_egress" {
  metadata {
    name      = "platform-egress"
    namespace = kubernetes_namespace_v1.agentfleet.metadata[0].name
    labels    = { "app.kubernetes.io/part-of" = "agentfleet" }
  }
  spec {
    pod_selector {
      match_expressions {
        key      = "app.kubernetes.io/component"
        operator = "In"
        values   = ["function", "coordinator"]
      }
    }
    policy_types = ["Egress"]

    # Memorystore's Private Service Connect endpoints: the discovery port and the nodes' ports.
    egress {
      dynamic "to" {
        for_each = local.redis_addresses
        content {
          ip_block {
            cidr = "${to.value}/32"
          }
        }
      }
      ports {
        protocol = "TCP"
        port     = "6379"
      }
      ports {
        protocol = "TCP"
        port     = "11000"
        end_port = 13047
      }
    }

    # The GKE metadata server, which hands out the Workload Identity tokens Memorystore's IAM auth takes.
    egress {
      to {
        ip_block {
          cidr = "169.254.169.254/32"
        }
      }
      ports {
        protocol = "TCP"
        port     = "80"
      }
    }
    egress {
      to {
        ip_block {
          cidr = "169.254.169.252/32"
        }
      }
      ports {
        protocol = "TCP"
        port     = "988"
      }
    }

    # Google APIs through Private Google Access (stage 1's googleapis.com zone): the cluster's JWKS for sender tokens.
    egress {
      to {
        ip_block {
          cidr = "199.36.153.8/30"
        }
      }
      ports {
        protocol = "TCP"
        port     = "443"
      }
    }
  }
}

# The canary alone talks to the Kubernetes API (its Role in knative/base/canary/rbac.yaml): the private control plane.
resource "kubernetes_network_policy_v1" "canary_api_server_egress" {
  metadata {
    name      = "canary-api-server-egress"
    namespace = kubernetes_namespace_v1.agentfleet.metadata[0].name
    labels    = { "app.kubernetes.io/part-of" = "agentfleet" }
  }
  spec {
    pod_selector {
      match_labels = { "app.kubernetes.io/name" = "canary" }
    }
    policy_types = ["Egress"]
    egress {
      to {
        ip_block {
          cidr = data.google_container_cluster.this.private_cluster_config[0].master_ipv4_cidr_block
        }
      }
      ports {
        protocol = "TCP"
        port     = "443"
      }
    }
  }
}

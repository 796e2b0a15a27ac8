locals {
  cluster_name = "agentfleet-${var.name}"
  labels       = merge(var.labels, { "agentfleet-region" = var.name, "agentfleet-role" = var.role })
  node_roles = toset([
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
    "roles/monitoring.viewer",
    "roles/stackdriver.resourceMetadata.writer",
    "roles/artifactregistry.reader",
  ])
}

# --- Network ------------------------------------------------------------------------------------------------------

resource "google_compute_subnetwork" "this" {
  project                  = var.project_id
  name                     = local.cluster_name
  region                   = var.region
  network                  = var.network_id
  ip_cidr_range            = var.subnet_cidr
  private_ip_google_access = true

  secondary_ip_range {
    range_name    = "pods"
    ip_cidr_range = var.pods_cidr
  }

  secondary_ip_range {
    range_name    = "services"
    ip_cidr_range = var.services_cidr
  }
}

# Private nodes reach registries and APIs outside Google through Cloud NAT.
resource "google_compute_router" "this" {
  project = var.project_id
  name    = local.cluster_name
  region  = var.region
  network = var.network_id
}

resource "google_compute_router_nat" "this" {
  project                            = var.project_id
  name                               = local.cluster_name
  router                             = google_compute_router.this.name
  region                             = var.region
  nat_ip_allocate_option             = "AUTO_ONLY"
  source_subnetwork_ip_ranges_to_nat = "ALL_SUBNETWORKS_ALL_IP_RANGES"

  log_config {
    enable = true
    filter = "ERRORS_ONLY"
  }
}

# The Knative ingress (Kourier) load balancer takes this address; the failover DNS record points at it.
resource "google_compute_address" "ingress" {
  project      = var.project_id
  name         = "${local.cluster_name}-ingress"
  region       = var.region
  address_type = "EXTERNAL"
  network_tier = "PREMIUM"
  labels       = local.labels
}

# --- Node identity: least privilege ------------------------------------------------------------------------------

resource "google_service_account" "nodes" {
  project      = var.project_id
  account_id   = "${local.cluster_name}-nodes"
  display_name = "agentfleet ${var.name} GKE nodes"
}

resource "google_project_iam_member" "nodes" {
  for_each = local.node_roles

  project = var.project_id
  role    = each.value
  member  = "serviceAccount:${google_service_account.nodes.email}"
}

# --- Cluster and node pools --------------------------------------------------------------------------------------

resource "google_container_cluster" "this" {
  project  = var.project_id
  name     = local.cluster_name
  location = var.region

  network    = var.network_id
  subnetwork = google_compute_subnetwork.this.id

  # Node pools are managed below; GKE needs a default pool to create the cluster, which is removed at once.
  remove_default_node_pool = true
  initial_node_count       = 1
  deletion_protection      = var.deletion_protection
  resource_labels          = local.labels

  release_channel {
    channel = var.release_channel
  }

  workload_identity_config {
    workload_pool = "${var.project_id}.svc.id.goog"
  }

  ip_allocation_policy {
    cluster_secondary_range_name  = "pods"
    services_secondary_range_name = "services"
  }

  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = false
    master_ipv4_cidr_block  = var.master_cidr
  }

  # The control plane answers only the VPC and the networks named here (an operator VPN, the CI runners applying
  # stage 2); never the whole internet, and not every Google Cloud address either.
  master_authorized_networks_config {
    gcp_public_cidrs_access_enabled = false
    dynamic "cidr_blocks" {
      for_each = var.control_plane_authorized_networks
      content {
        display_name = cidr_blocks.value.name
        cidr_block   = cidr_blocks.value.cidr
      }
    }
  }

  # GKE Dataplane V2 (eBPF) enforces knative/base's NetworkPolicies, ingress and egress, and encrypts pod traffic
  # between nodes, so a sender token or a run's data never crosses the VPC in clear text.
  datapath_provider            = "ADVANCED_DATAPATH"
  in_transit_encryption_config = "IN_TRANSIT_ENCRYPTION_INTER_NODE_TRANSPARENT"
}

resource "google_container_node_pool" "cpu" {
  project  = var.project_id
  name     = "cpu"
  cluster  = google_container_cluster.this.id
  location = var.region

  autoscaling {
    total_min_node_count = var.cpu_pool.min_nodes
    total_max_node_count = var.cpu_pool.max_nodes
    location_policy      = "BALANCED"
  }

  management {
    auto_repair  = true
    auto_upgrade = true
  }

  node_config {
    machine_type    = var.cpu_pool.machine_type
    service_account = google_service_account.nodes.email
    oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]
    labels          = { "agentfleet.dev/pool" = "cpu" }
    resource_labels = local.labels

    workload_metadata_config {
      mode = "GKE_METADATA"
    }
  }
}

# Scales from zero: no GPU node runs (or costs) until the model server asks for one. The taint keeps everything
# else off these nodes; the model server tolerates it and selects agentfleet.dev/pool=gpu.
resource "google_container_node_pool" "gpu" {
  count = var.gpu_pool == null ? 0 : 1

  project            = var.project_id
  name               = "gpu"
  cluster            = google_container_cluster.this.id
  location           = var.region
  node_locations     = var.gpu_pool.zones
  initial_node_count = 0

  autoscaling {
    total_min_node_count = 0
    total_max_node_count = var.gpu_pool.max_nodes
    location_policy      = "ANY"
  }

  management {
    auto_repair  = true
    auto_upgrade = true
  }

  node_config {
    machine_type    = var.gpu_pool.machine_type
    service_account = google_service_account.nodes.email
    oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]
    labels          = { "agentfleet.dev/pool" = "gpu" }
    resource_labels = local.labels

    guest_accelerator {
      type  = var.gpu_pool.accelerator_type
      count = var.gpu_pool.accelerator_count

      gpu_driver_installation_config {
        gpu_driver_version = "LATEST"
      }
    }

    taint {
      key    = "nvidia.com/gpu"
      value  = "present"
      effect = "NO_SCHEDULE"
    }

    workload_metadata_config {
      mode = "GKE_METADATA"
    }
  }
}

# --- Redis ---------------------------------------------------------------------------------------------------------

# Memorystore Redis Cluster is reached over Private Service Connect; the policy lets it create its endpoints here.
resource "google_network_connectivity_service_connection_policy" "redis" {
  project       = var.project_id
  name          = "${local.cluster_name}-redis"
  location      = var.region
  service_class = "gcp-memorystore-redis"
  network       = var.network_id
  labels        = local.labels

  psc_config {
    subnetworks = [google_compute_subnetwork.this.id]
  }
}

# The primary region's cluster. Replicas attach to it from the backup regions, which sets its replication role
# server-side; that change is not drift.
resource "google_redis_cluster" "primary" {
  count = var.role == "primary" ? 1 : 0

  project                     = var.project_id
  name                        = local.cluster_name
  region                      = var.region
  shard_count                 = var.redis.shard_count
  replica_count               = var.redis.replica_count
  node_type                   = var.redis.node_type
  authorization_mode          = "AUTH_MODE_IAM_AUTH"
  transit_encryption_mode     = "TRANSIT_ENCRYPTION_MODE_SERVER_AUTHENTICATION"
  deletion_protection_enabled = var.deletion_protection

  psc_configs {
    network = var.network_id
  }

  persistence_config {
    mode = "AOF"

    aof_config {
      append_fsync = "EVERYSEC"
    }
  }

  # A daily backup at 03:00 UTC, kept backup_retention_days: what a restore starts from (docs/runbooks/operations.md).
  automated_backup_config {
    retention = "${var.redis.backup_retention_days * 86400}s"

    fixed_frequency_schedule {
      start_time {
        hours = 3
      }
    }
  }

  dynamic "managed_backup_source" {
    for_each = var.redis.restore_from_backup == null ? [] : [var.redis.restore_from_backup]
    content {
      backup = managed_backup_source.value
    }
  }

  lifecycle {
    ignore_changes = [cross_cluster_replication_config]
  }

  depends_on = [google_network_connectivity_service_connection_policy.redis]
}

# How far the backup regions' replicas trail this primary: what a failover would lose (the RPO). Reported by the
# primary for each secondary; 10 MB behind for 5 minutes alerts (docs/runbooks/region-failover.md).
resource "google_monitoring_alert_policy" "redis_replication_lag" {
  count = var.role == "primary" ? 1 : 0

  project               = var.project_id
  display_name          = "agentfleet ${var.name}: Redis cross-region replication lag"
  combiner              = "OR"
  notification_channels = var.alert_notification_channels
  user_labels           = local.labels

  conditions {
    display_name = "a secondary is more than 10 MB behind"

    condition_threshold {
      filter          = "resource.type = \"redis.googleapis.com/Cluster\" AND metric.type = \"redis.googleapis.com/cluster/cross_cluster_replication/secondary_maximum_replication_offset_diff\""
      comparison      = "COMPARISON_GT"
      threshold_value = 10485760
      duration        = "300s"

      aggregations {
        alignment_period   = "60s"
        per_series_aligner = "ALIGN_MAX"
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "The backup region's Redis trails the primary: a failover now would lose the writes in that gap. See docs/runbooks/region-failover.md."
  }
}

# A backup region's cluster: a cross-region replica of the primary, promoted on failover.
resource "google_redis_cluster" "replica" {
  count = var.role == "backup" ? 1 : 0

  project                     = var.project_id
  name                        = local.cluster_name
  region                      = var.region
  shard_count                 = var.redis.shard_count
  replica_count               = var.redis.replica_count
  node_type                   = var.redis.node_type
  authorization_mode          = "AUTH_MODE_IAM_AUTH"
  transit_encryption_mode     = "TRANSIT_ENCRYPTION_MODE_SERVER_AUTHENTICATION"
  deletion_protection_enabled = var.deletion_protection

  psc_configs {
    network = var.network_id
  }

  cross_cluster_replication_config {
    cluster_role = "SECONDARY"

    primary_cluster {
      cluster = var.primary_redis_cluster_id
    }
  }

  lifecycle {
    precondition {
      condition     = var.primary_redis_cluster_id != null
      error_message = "A backup region needs primary_redis_cluster_id."
    }
  }

  depends_on = [google_network_connectivity_service_connection_policy.redis]
}

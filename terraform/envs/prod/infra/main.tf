provider "google" {
  project = var.project_id
}

locals {
  primary_key = one([for k, r in var.regions : k if r.role == "primary"])
  primary     = { for k, r in var.regions : k => r if r.role == "primary" }
  backups     = { for k, r in var.regions : k => r if r.role == "backup" }
}

resource "google_compute_network" "fleet" {
  project                 = var.project_id
  name                    = "agentfleet"
  auto_create_subnetworks = false
  routing_mode            = "GLOBAL"
}

# Google APIs over Private Google Access: inside the VPC, *.googleapis.com resolves to private.googleapis.com's four
# addresses, so the pods' egress policy (terraform/envs/prod/knative, platform-egress) allows 199.36.153.8/30 on 443
# instead of the internet. The workloads reach Google for exactly one thing there: the cluster's JWKS, with which they
# verify sender tokens (ADR 0007).
resource "google_dns_managed_zone" "googleapis" {
  project     = var.project_id
  name        = "agentfleet-googleapis"
  dns_name    = "googleapis.com."
  description = "googleapis.com through Private Google Access, for agentfleet's VPC only."
  visibility  = "private"

  private_visibility_config {
    networks {
      network_url = google_compute_network.fleet.id
    }
  }
}

resource "google_dns_record_set" "googleapis_private" {
  project      = var.project_id
  managed_zone = google_dns_managed_zone.googleapis.name
  name         = "private.googleapis.com."
  type         = "A"
  ttl          = 300
  rrdatas      = ["199.36.153.8", "199.36.153.9", "199.36.153.10", "199.36.153.11"]
}

resource "google_dns_record_set" "googleapis_wildcard" {
  project      = var.project_id
  managed_zone = google_dns_managed_zone.googleapis.name
  name         = "*.googleapis.com."
  type         = "CNAME"
  ttl          = 300
  rrdatas      = ["private.googleapis.com."]
}

# Two module blocks over the one regions map: backups reference the primary's Redis, and one for_each block cannot
# refer to its own instances.
module "primary_region" {
  source   = "../../../modules/region"
  for_each = local.primary

  project_id      = var.project_id
  name            = each.key
  region          = each.value.region
  role            = "primary"
  network_id      = google_compute_network.fleet.id
  subnet_cidr     = each.value.subnet_cidr
  pods_cidr       = each.value.pods_cidr
  services_cidr   = each.value.services_cidr
  master_cidr     = each.value.master_cidr
  release_channel = var.release_channel

  control_plane_authorized_networks = var.control_plane_authorized_networks
  deletion_protection               = var.deletion_protection
  cpu_pool                          = each.value.cpu_pool
  gpu_pool                          = each.value.gpu_pool
  redis                             = each.value.redis
  labels                            = var.labels
}

module "backup_region" {
  source   = "../../../modules/region"
  for_each = local.backups

  project_id      = var.project_id
  name            = each.key
  region          = each.value.region
  role            = "backup"
  network_id      = google_compute_network.fleet.id
  subnet_cidr     = each.value.subnet_cidr
  pods_cidr       = each.value.pods_cidr
  services_cidr   = each.value.services_cidr
  master_cidr     = each.value.master_cidr
  release_channel = var.release_channel

  control_plane_authorized_networks = var.control_plane_authorized_networks
  deletion_protection               = var.deletion_protection
  cpu_pool                          = each.value.cpu_pool
  gpu_pool                          = each.value.gpu_pool
  redis                             = each.value.redis
  primary_redis_cluster_id          = module.primary_region[local.primary_key].redis_cluster_id
  labels                            = var.labels
}

data "google_project" "this" {
  project_id = var.project_id
}

# Memorystore IAM authentication: every workload of the agentfleet namespace, in every region, may open Redis
# connections with its own Workload Identity token (no Google service account to impersonate, no password).
resource "google_project_iam_member" "redis_clients" {
  project = var.project_id
  role    = "roles/redis.dbConnectionUser"
  member  = "principalSet://iam.googleapis.com/projects/${data.google_project.this.number}/locations/global/workloadIdentityPools/${var.project_id}.svc.id.goog/namespace/agentfleet"
}

module "failover_dns" {
  source = "../../../modules/failover-dns"

  project_id          = var.project_id
  domain              = var.domain
  create_zone         = var.create_dns_zone
  existing_zone_name  = var.existing_dns_zone_name
  health_host         = var.health_host
  check_interval_sec  = var.health_check_interval_sec
  unhealthy_threshold = var.health_check_unhealthy_threshold
  ttl                 = var.dns_ttl
  primary = {
    name       = local.primary_key
    ingress_ip = module.primary_region[local.primary_key].ingress_ip
  }
  backups = { for k, r in local.backups : k => { region = r.region, ingress_ip = module.backup_region[k].ingress_ip } }
}

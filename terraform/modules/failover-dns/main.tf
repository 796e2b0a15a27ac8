resource "google_dns_managed_zone" "this" {
  count = var.create_zone ? 1 : 0

  project     = var.project_id
  name        = replace(trimsuffix(var.domain, "."), ".", "-")
  dns_name    = var.domain
  description = "agentfleet public zone"
  visibility  = "public"
}

data "google_dns_managed_zone" "existing" {
  count = var.create_zone ? 0 : 1

  project = var.project_id
  name    = var.existing_zone_name
}

locals {
  zone_name = var.create_zone ? google_dns_managed_zone.this[0].name : data.google_dns_managed_zone.existing[0].name
}

# Probes every region's /healthz (the health Knative Service) through its ingress address, from three regions.
resource "google_compute_health_check" "regions" {
  project             = var.project_id
  name                = "agentfleet-regions"
  check_interval_sec  = var.check_interval_sec
  timeout_sec         = min(5, var.check_interval_sec)
  healthy_threshold   = 2
  unhealthy_threshold = var.unhealthy_threshold
  source_regions      = var.health_check_source_regions

  http_health_check {
    port         = 80
    host         = var.health_host
    request_path = "/healthz"
  }
}

# Answers with the primary region while it is healthy, otherwise with the healthy backup nearest the client.
resource "google_dns_record_set" "api" {
  project      = var.project_id
  managed_zone = local.zone_name
  name         = "${var.hostname}.${var.domain}"
  type         = "A"
  ttl          = var.ttl

  routing_policy {
    health_check = google_compute_health_check.regions.id

    primary_backup {
      trickle_ratio = 0

      primary {
        external_endpoints = [var.primary.ingress_ip]
      }

      dynamic "backup_geo" {
        for_each = var.backups
        content {
          location = backup_geo.value.region

          health_checked_targets {
            external_endpoints = [backup_geo.value.ingress_ip]
          }
        }
      }
    }
  }
}

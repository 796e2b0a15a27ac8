# Plan-only tests of the failover DNS module with a mocked google provider (terraform test in terraform/modules/failover-dns).
mock_provider "google" {
  override_resource {
    target = google_compute_health_check.regions
    values = {
      id = "projects/test-project/global/healthChecks/agentfleet-regions"
    }
  }
}

variables {
  project_id  = "test-project"
  domain      = "agentfleet.test."
  health_host = "health.agentfleet.test"
  primary     = { name = "us", ingress_ip = "203.0.113.10" }
  backups     = { eu = { region = "europe-west1", ingress_ip = "203.0.113.20" } }
}

run "record_fails_over_on_the_health_check" {
  command = plan

  assert {
    condition     = google_dns_record_set.api.routing_policy[0].health_check == "projects/test-project/global/healthChecks/agentfleet-regions"
    error_message = "the record's routing policy uses the regional health check"
  }

  assert {
    condition     = google_dns_record_set.api.routing_policy[0].primary_backup[0].primary[0].external_endpoints == ["203.0.113.10"]
    error_message = "the primary region answers first"
  }

  assert {
    condition     = google_dns_record_set.api.ttl <= 60
    error_message = "the failover record has a short TTL"
  }

  assert {
    condition     = google_compute_health_check.regions.http_health_check[0].request_path == "/healthz" && length(google_compute_health_check.regions.source_regions) == 3
    error_message = "the health check probes /healthz from three regions"
  }

  assert {
    condition     = output.failover_seconds == 60
    error_message = "failover takes interval x threshold + TTL = 10 x 3 + 30 s"
  }
}

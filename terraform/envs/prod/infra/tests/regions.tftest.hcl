# Plan-only tests of the stage 1 root with a mocked google provider: run `terraform init && terraform test` in
# terraform/envs/prod/infra (needs the terraform CLI and the provider download; the offline suite in terraform/tools
# checks the rest everywhere).
mock_provider "google" {}

variables {
  project_id  = "test-project"
  domain      = "agentfleet.test."
  health_host = "health.agentfleet.test"
}

run "two_regions_plan" {
  command = plan

  assert {
    condition     = length(module.primary_region) == 1 && length(module.backup_region) == 1
    error_message = "the prod regions are one primary and one backup"
  }
}

run "two_primaries_are_rejected" {
  command = plan

  variables {
    regions = {
      us = {
        region        = "us-central1"
        role          = "primary"
        subnet_cidr   = "10.10.0.0/20"
        pods_cidr     = "10.64.0.0/14"
        services_cidr = "10.80.0.0/20"
        master_cidr   = "172.16.0.0/28"
      }
      eu = {
        region        = "europe-west1"
        role          = "primary"
        subnet_cidr   = "10.20.0.0/20"
        pods_cidr     = "10.68.0.0/14"
        services_cidr = "10.80.16.0/20"
        master_cidr   = "172.16.0.16/28"
      }
    }
  }

  expect_failures = [var.regions]
}

run "no_primary_is_rejected" {
  command = plan

  variables {
    regions = {
      eu = {
        region        = "europe-west1"
        role          = "backup"
        subnet_cidr   = "10.20.0.0/20"
        pods_cidr     = "10.68.0.0/14"
        services_cidr = "10.80.16.0/20"
        master_cidr   = "172.16.0.16/28"
      }
    }
  }

  expect_failures = [var.regions]
}

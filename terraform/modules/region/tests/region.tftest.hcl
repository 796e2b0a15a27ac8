# Plan-only tests of the region module with a mocked google provider (terraform test in terraform/modules/region).
mock_provider "google" {}

variables {
  project_id    = "test-project"
  name          = "us"
  region        = "us-central1"
  role          = "primary"
  network_id    = "projects/test-project/global/networks/agentfleet"
  subnet_cidr   = "10.10.0.0/20"
  pods_cidr     = "10.64.0.0/14"
  services_cidr = "10.80.0.0/20"
  master_cidr   = "172.16.0.0/28"
  gpu_pool = {
    zones = ["us-central1-a"]
  }
}

run "gpu_pool_scales_from_zero_with_the_gpu_taint" {
  command = plan

  assert {
    condition     = google_container_node_pool.gpu[0].autoscaling[0].total_min_node_count == 0
    error_message = "the GPU pool must scale from zero"
  }

  assert {
    condition = anytrue([for t in google_container_node_pool.gpu[0].node_config[0].taint :
    t.key == "nvidia.com/gpu" && t.value == "present" && t.effect == "NO_SCHEDULE"])
    error_message = "GPU nodes carry the nvidia.com/gpu=present:NoSchedule taint"
  }

  assert {
    condition     = google_container_node_pool.gpu[0].node_config[0].guest_accelerator[0].gpu_driver_installation_config[0].gpu_driver_version == "LATEST"
    error_message = "GKE installs the GPU driver"
  }

  assert {
    condition     = google_container_node_pool.cpu.autoscaling[0].total_min_node_count >= 1
    error_message = "the CPU pool keeps at least one node"
  }
}

run "primary_region_has_the_primary_redis" {
  command = plan

  assert {
    condition     = length(google_redis_cluster.primary) == 1 && length(google_redis_cluster.replica) == 0
    error_message = "the primary region holds the primary Redis cluster"
  }
}

run "backup_region_has_a_redis_replica" {
  command = plan

  variables {
    name                     = "eu"
    region                   = "europe-west1"
    role                     = "backup"
    primary_redis_cluster_id = "projects/test-project/locations/us-central1/clusters/agentfleet-us"
    gpu_pool                 = null
  }

  assert {
    condition     = length(google_redis_cluster.replica) == 1 && google_redis_cluster.replica[0].cross_cluster_replication_config[0].cluster_role == "SECONDARY"
    error_message = "a backup region replicates the primary's Redis"
  }

  assert {
    condition     = length(google_container_node_pool.gpu) == 0
    error_message = "no GPU pool without gpu_pool"
  }
}

run "cpu_pool_min_zero_is_rejected" {
  command = plan

  variables {
    cpu_pool = { min_nodes = 0 }
  }

  expect_failures = [var.cpu_pool]
}

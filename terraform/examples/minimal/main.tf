# The smallest agentfleet: one region, no GPU pool, its own network. For trying agentfleet out; production uses
# envs/prod (several regions and failover DNS).
variable "project_id" {
  description = "The GCP project to create the region in."
  type        = string
}

provider "google" {
  project = var.project_id
}

resource "google_compute_network" "fleet" {
  project                 = var.project_id
  name                    = "agentfleet-minimal"
  auto_create_subnetworks = false
}

module "region" {
  source = "../../modules/region"

  project_id          = var.project_id
  name                = "dev"
  region              = "us-central1"
  role                = "primary"
  network_id          = google_compute_network.fleet.id
  subnet_cidr         = "10.10.0.0/20"
  pods_cidr           = "10.64.0.0/14"
  services_cidr       = "10.80.0.0/20"
  master_cidr         = "172.16.0.0/28"
  deletion_protection = false
  cpu_pool            = { min_nodes = 1, max_nodes = 3 }
  redis               = { shard_count = 1, replica_count = 0 }
}

output "cluster_name" {
  description = "The GKE cluster."
  value       = module.region.cluster_name
}

output "ingress_ip" {
  description = "The Knative ingress address."
  value       = module.region.ingress_ip
}

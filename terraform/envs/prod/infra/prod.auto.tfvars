# agentfleet's production regions. Every key needs knative/overlays/<key> and envs/prod/knative-<key>.
project_id  = "agentfleet-prod"
domain      = "agentfleet.example.com."
health_host = "health.agentfleet.example.com"

regions = {
  us = {
    region        = "us-central1"
    role          = "primary"
    subnet_cidr   = "10.10.0.0/20"
    pods_cidr     = "10.64.0.0/14"
    services_cidr = "10.80.0.0/20"
    master_cidr   = "172.16.0.0/28"
    gpu_pool = {
      zones = ["us-central1-a", "us-central1-b"]
    }
  }
  eu = {
    region        = "europe-west1"
    role          = "backup"
    subnet_cidr   = "10.20.0.0/20"
    pods_cidr     = "10.68.0.0/14"
    services_cidr = "10.80.16.0/20"
    master_cidr   = "172.16.0.16/28"
    gpu_pool = {
      zones = ["europe-west1-b", "europe-west1-c"]
    }
  }
}

# The us region (stage 1's regions.us): terraform workspace select -or-create us && terraform apply -var-file=regions/us.tfvars
region_name      = "us"
cluster_name     = "agentfleet-us"
cluster_location = "us-central1"

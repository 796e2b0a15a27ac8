# The eu region (stage 1's regions.eu): terraform workspace select -or-create eu && terraform apply -var-file=regions/eu.tfvars
region_name      = "eu"
cluster_name     = "agentfleet-eu"
cluster_location = "europe-west1"

# Stage 2, one region at a time: Knative Serving and Eventing on the cluster stage 1 created. Separate from stage 1
# because provider blocks cannot use for_each (one kubernetes/helm provider per cluster) and kubernetes_manifest needs
# the cluster's API at plan time. The region is chosen by its variable file (regions/<name>.tfvars) and its state is
# kept apart by a workspace of the same name: terraform workspace select -or-create us && terraform apply
# -var-file=regions/us.tfvars.
provider "google" {
  project = var.project_id
}

data "google_client_config" "current" {}

data "google_container_cluster" "this" {
  project  = var.project_id
  name     = var.cluster_name
  location = var.cluster_location
}

provider "kubernetes" {
  host                   = "https://${data.google_container_cluster.this.endpoint}"
  token                  = data.google_client_config.current.access_token
  cluster_ca_certificate = base64decode(data.google_container_cluster.this.master_auth[0].cluster_ca_certificate)
}

provider "helm" {
  kubernetes = {
    host                   = "https://${data.google_container_cluster.this.endpoint}"
    token                  = data.google_client_config.current.access_token
    cluster_ca_certificate = base64decode(data.google_container_cluster.this.master_auth[0].cluster_ca_certificate)
  }
}

module "knative" {
  source = "../../../modules/knative-serving"

  region_name = var.region_name
  ingress_ip  = var.ingress_ip
  domain      = var.domain
}

check "workspace_is_the_region" {
  assert {
    condition     = terraform.workspace == var.region_name
    error_message = "Apply each region in its own workspace: terraform workspace select -or-create ${var.region_name}."
  }
}

# Stage 2 for the eu region: Knative Serving on the cluster stage 1 created. Separate from stage 1 because provider
# blocks cannot use for_each (one kubernetes/helm provider per cluster) and kubernetes_manifest needs the cluster's
# API at plan time.
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

  region_name = "eu"
  ingress_ip  = var.ingress_ip
  domain      = var.domain
}

terraform {
  required_version = ">= 1.9"

  # State in a GCS bucket, which locks it for the length of every plan and apply (two operators, or CI and an
  # operator, cannot interleave writes). The bucket is named at init: terraform init -backend-config=bucket=<bucket>
  # (terraform/README.md, "State"). Versioning on that bucket keeps every earlier state.
  backend "gcs" {
    prefix = "agentfleet/knative"
  }

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "6.50.0"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "2.38.0"
    }
    helm = {
      source  = "hashicorp/helm"
      version = "3.1.1"
    }
  }
}

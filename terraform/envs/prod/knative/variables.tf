variable "project_id" {
  description = "The GCP project of stage 1."
  type        = string
}

variable "region_name" {
  description = "The region's short name, as in stage 1's regions (us, eu): names the workspace and the Knative config."
  type        = string
}

variable "cluster_name" {
  description = "The region's GKE cluster, from stage 1's regions output."
  type        = string
}

variable "cluster_location" {
  description = "The cluster's region, from stage 1's regions output."
  type        = string
}

variable "ingress_ip" {
  description = "The reserved Kourier address, from stage 1's regions output."
  type        = string
}

variable "domain" {
  description = "Domain of the Knative Services (no trailing dot)."
  type        = string
  default     = "agentfleet.example.com"
}

variable "acme_email" {
  description = "Contact address registered with the ACME certificate authority for the public API's certificates."
  type        = string
}

variable "region_name" {
  description = "Short name of the region (us, eu, ...), for labels."
  type        = string
}

variable "ingress_ip" {
  description = "The static address reserved in stage 1 for the Kourier load balancer."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{1,3}(\\.[0-9]{1,3}){3}$", var.ingress_ip))
    error_message = "ingress_ip must be an IPv4 address."
  }
}

variable "operator_version" {
  description = "Version of the Knative Operator Helm chart."
  type        = string
  default     = "v1.16.0"
}

variable "serving_version" {
  description = "Knative version the operator installs (Serving and Eventing)."
  type        = string
  default     = "1.16"
}

variable "domain" {
  description = "Domain Knative Services are served under, e.g. agentfleet.example.com (no trailing dot)."
  type        = string
}

variable "health_image" {
  description = "Image of the health Knative Service that answers /healthz for the DNS health check."
  type        = string
  default     = "ghcr.io/knative/helloworld-go:latest"
}

variable "cert_manager_version" {
  description = "Version of the cert-manager Helm chart."
  type        = string
  default     = "v1.16.2"
}

variable "cert_manager_service_account" {
  description = "Email of the Google service account cert-manager acts as (Workload Identity) to answer DNS-01 challenges in Cloud DNS."
  type        = string
}

variable "dns_project_id" {
  description = "Project of the Cloud DNS zone that holds the public domain."
  type        = string
}

variable "acme_email" {
  description = "Contact address registered with the ACME certificate authority (expiry notices)."
  type        = string

  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+$", var.acme_email))
    error_message = "acme_email must be an email address."
  }
}

variable "acme_server" {
  description = "ACME directory the public certificates come from."
  type        = string
  default     = "https://acme-v02.api.letsencrypt.org/directory"
}

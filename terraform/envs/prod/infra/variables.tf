variable "project_id" {
  description = "The GCP project agentfleet runs in."
  type        = string
}

variable "regions" {
  description = <<-EOT
    agentfleet's regions, keyed by short name (us, eu, ...; each needs knative/overlays/<name> and
    envs/prod/knative-<name>). Exactly one has role = "primary"; the others are backups.
  EOT
  type = map(object({
    region        = string
    role          = string
    subnet_cidr   = string
    pods_cidr     = string
    services_cidr = string
    master_cidr   = string
    cpu_pool = optional(object({
      machine_type = optional(string, "e2-standard-4")
      min_nodes    = optional(number, 1)
      max_nodes    = optional(number, 12)
    }), {})
    gpu_pool = optional(object({
      machine_type      = optional(string, "g2-standard-8")
      accelerator_type  = optional(string, "nvidia-l4")
      accelerator_count = optional(number, 1)
      zones             = list(string)
      max_nodes         = optional(number, 4)
    }))
    redis = optional(object({
      shard_count           = optional(number, 3)
      replica_count         = optional(number, 1)
      node_type             = optional(string, "REDIS_STANDARD_SMALL")
      backup_retention_days = optional(number, 14)
      restore_from_backup   = optional(string)
    }), {})
  }))

  validation {
    condition     = length([for r in values(var.regions) : r if r.role == "primary"]) == 1
    error_message = "Exactly one region must have role = \"primary\"."
  }

  validation {
    condition     = alltrue([for r in values(var.regions) : contains(["primary", "backup"], r.role)])
    error_message = "Each region's role must be primary or backup."
  }
}

variable "control_plane_authorized_networks" {
  description = "Networks besides the VPC that may reach every region's control plane (operators' VPN, the runners that apply stage 2). Empty: only the VPC."
  type = list(object({
    name = string
    cidr = string
  }))
  default = []
}

variable "release_channel" {
  description = "GKE release channel of every cluster."
  type        = string
  default     = "REGULAR"
}

variable "deletion_protection" {
  description = "Protect clusters and Redis from terraform destroy."
  type        = bool
  default     = true
}

variable "domain" {
  description = "The public DNS domain, with a trailing dot."
  type        = string
}

variable "create_dns_zone" {
  description = "Create the zone (true) or use existing_dns_zone_name (false)."
  type        = bool
  default     = true
}

variable "existing_dns_zone_name" {
  description = "An existing managed zone for the domain, when create_dns_zone is false."
  type        = string
  default     = null
}

variable "health_host" {
  description = "Host header of the regional health checks (the health Knative Service's host)."
  type        = string
}

variable "health_check_interval_sec" {
  description = "Seconds between health checks."
  type        = number
  default     = 10
}

variable "health_check_unhealthy_threshold" {
  description = "Failed checks in a row before a region is taken out of DNS."
  type        = number
  default     = 3
}

variable "dns_ttl" {
  description = "TTL of the failover record, seconds."
  type        = number
  default     = 30
}

variable "labels" {
  description = "Labels on every resource that takes them."
  type        = map(string)
  default     = { "app" = "agentfleet" }
}

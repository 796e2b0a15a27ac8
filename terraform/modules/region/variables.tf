variable "project_id" {
  description = "The GCP project that holds every resource of this region."
  type        = string
}

variable "name" {
  description = "Short name of the region in agentfleet (us, eu, ...); names the cluster and matches knative/overlays/<name>."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.name))
    error_message = "name must be 2-10 lower-case letters or digits, starting with a letter."
  }
}

variable "region" {
  description = "The GCP region, e.g. us-central1."
  type        = string

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]$", var.region))
    error_message = "region must be a GCP region name such as us-central1."
  }
}

variable "role" {
  description = "primary (serves traffic, holds the primary Redis) or backup (serves on failover, holds a Redis replica)."
  type        = string

  validation {
    condition     = contains(["primary", "backup"], var.role)
    error_message = "role must be primary or backup."
  }
}

variable "network_id" {
  description = "ID of the shared VPC network."
  type        = string
}

variable "subnet_cidr" {
  description = "Primary range of the region's subnet (nodes)."
  type        = string

  validation {
    condition     = can(cidrhost(var.subnet_cidr, 0))
    error_message = "subnet_cidr must be a CIDR block."
  }
}

variable "pods_cidr" {
  description = "Secondary range for pods."
  type        = string

  validation {
    condition     = can(cidrhost(var.pods_cidr, 0))
    error_message = "pods_cidr must be a CIDR block."
  }
}

variable "services_cidr" {
  description = "Secondary range for services."
  type        = string

  validation {
    condition     = can(cidrhost(var.services_cidr, 0))
    error_message = "services_cidr must be a CIDR block."
  }
}

variable "master_cidr" {
  description = "A /28 for the private control plane's endpoint."
  type        = string

  validation {
    condition     = can(cidrhost(var.master_cidr, 0)) && endswith(var.master_cidr, "/28")
    error_message = "master_cidr must be a /28 CIDR block."
  }
}

variable "control_plane_authorized_networks" {
  description = "Networks besides the VPC that may reach the control plane's endpoint (operators' VPN, the runners that apply stage 2). Empty: only the VPC."
  type = list(object({
    name = string
    cidr = string
  }))
  default = []

  validation {
    condition = alltrue([for n in var.control_plane_authorized_networks :
    can(cidrhost(n.cidr, 0)) && !endswith(n.cidr, "/0")])
    error_message = "control_plane_authorized_networks takes CIDR blocks, never a /0: the control plane is not for the whole internet."
  }
}

variable "release_channel" {
  description = "GKE release channel."
  type        = string
  default     = "REGULAR"

  validation {
    condition     = contains(["RAPID", "REGULAR", "STABLE"], var.release_channel)
    error_message = "release_channel must be RAPID, REGULAR or STABLE."
  }
}

variable "deletion_protection" {
  description = "Protect the cluster and the Redis cluster from terraform destroy."
  type        = bool
  default     = true
}

variable "cpu_pool" {
  description = "The CPU node pool that runs the fleet: machine type and autoscaling bounds across the region's zones."
  type = object({
    machine_type = optional(string, "e2-standard-4")
    min_nodes    = optional(number, 1)
    max_nodes    = optional(number, 12)
  })
  default = {}

  validation {
    condition     = var.cpu_pool.min_nodes >= 1 && var.cpu_pool.max_nodes >= var.cpu_pool.min_nodes
    error_message = "cpu_pool needs min_nodes >= 1 and max_nodes >= min_nodes."
  }
}

variable "gpu_pool" {
  description = "The GPU node pool for model serving; it scales from zero. null for a region without GPUs."
  type = object({
    machine_type      = optional(string, "g2-standard-8")
    accelerator_type  = optional(string, "nvidia-l4")
    accelerator_count = optional(number, 1)
    zones             = list(string)
    max_nodes         = optional(number, 4)
  })
  default = null

  validation {
    condition     = var.gpu_pool == null || (length(try(var.gpu_pool.zones, [])) > 0 && try(var.gpu_pool.max_nodes, 0) >= 1)
    error_message = "gpu_pool needs at least one zone that has the accelerator, and max_nodes >= 1."
  }
}

variable "redis" {
  description = <<-EOT
    The Memorystore Redis Cluster of this region: shards, replicas per shard and node type; daily backups kept
    backup_retention_days (primary region); restore_from_backup: a backup's resource name to seed a new primary
    cluster from (docs/runbooks/operations.md, "Restoring from a backup").
  EOT
  type = object({
    shard_count           = optional(number, 3)
    replica_count         = optional(number, 1)
    node_type             = optional(string, "REDIS_STANDARD_SMALL")
    backup_retention_days = optional(number, 14)
    restore_from_backup   = optional(string)
  })
  default = {}

  validation {
    condition     = var.redis.shard_count >= 1 && var.redis.replica_count >= 0 && var.redis.replica_count <= 2
    error_message = "redis needs shard_count >= 1 and replica_count between 0 and 2."
  }

  validation {
    condition     = var.redis.backup_retention_days >= 1 && var.redis.backup_retention_days <= 365
    error_message = "redis.backup_retention_days must be between 1 and 365."
  }
}

variable "alert_notification_channels" {
  description = "Cloud Monitoring notification channels (IDs) for this region's alert policies (Redis replication lag)."
  type        = list(string)
  default     = []
}

variable "primary_redis_cluster_id" {
  description = "For a backup region: the primary region's Redis Cluster ID to replicate. null in the primary region."
  type        = string
  default     = null
}

variable "labels" {
  description = "Labels added to every resource that takes labels."
  type        = map(string)
  default     = {}
}

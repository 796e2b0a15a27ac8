variable "project_id" {
  description = "The GCP project of the DNS zone and the health check."
  type        = string
}

variable "domain" {
  description = "The DNS zone's domain with a trailing dot, e.g. agentfleet.example.com."
  type        = string

  validation {
    condition     = endswith(var.domain, ".")
    error_message = "domain must end with a dot, e.g. agentfleet.example.com."
  }
}

variable "create_zone" {
  description = "Create the public managed zone (true) or use an existing one named existing_zone_name (false)."
  type        = bool
  default     = true
}

variable "existing_zone_name" {
  description = "Name of an existing managed zone for the domain, when create_zone is false."
  type        = string
  default     = null
}

variable "hostname" {
  description = "The record's name inside the zone; the API is served at <hostname>.<domain>."
  type        = string
  default     = "api"
}

variable "primary" {
  description = "The primary region: its short name and its ingress address."
  type = object({
    name       = string
    ingress_ip = string
  })
}

variable "backups" {
  description = "Backup regions: GCP region (for the geo policy) and ingress address, keyed by short name."
  type = map(object({
    region     = string
    ingress_ip = string
  }))
  default = {}
}

variable "health_host" {
  description = "Host header of the health check: the hostname the Knative health service answers for."
  type        = string
}

variable "check_interval_sec" {
  description = "Seconds between health checks of each region."
  type        = number
  default     = 10

  validation {
    condition     = var.check_interval_sec >= 5 && var.check_interval_sec <= 300
    error_message = "check_interval_sec must be 5..300."
  }
}

variable "unhealthy_threshold" {
  description = "Failed checks in a row that mark a region unhealthy."
  type        = number
  default     = 3

  validation {
    condition     = var.unhealthy_threshold >= 1 && var.unhealthy_threshold <= 10
    error_message = "unhealthy_threshold must be 1..10."
  }
}

variable "ttl" {
  description = "TTL of the failover record, seconds; clients see a failover at most this long after DNS does."
  type        = number
  default     = 30

  validation {
    condition     = var.ttl >= 5 && var.ttl <= 300
    error_message = "ttl must be 5..300 seconds; keep it short for fast failover."
  }
}

variable "health_check_source_regions" {
  description = "Exactly three GCP regions the health check probes from."
  type        = list(string)
  default     = ["us-central1", "europe-west1", "asia-southeast1"]

  validation {
    condition     = length(var.health_check_source_regions) == 3
    error_message = "Cloud DNS health checks need exactly three source regions."
  }
}

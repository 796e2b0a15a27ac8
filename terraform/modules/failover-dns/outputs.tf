output "fqdn" {
  description = "The failover name clients use."
  value       = google_dns_record_set.api.name
}

output "zone_name" {
  description = "The managed zone holding the record."
  value       = local.zone_name
}

output "name_servers" {
  description = "Name servers of a created zone, to delegate the domain to; empty for an existing zone."
  value       = var.create_zone ? google_dns_managed_zone.this[0].name_servers : []
}

output "failover_seconds" {
  description = "Worst-case seconds from a region failing to clients resolving the backup: interval x threshold + TTL."
  value       = var.check_interval_sec * var.unhealthy_threshold + var.ttl
}

output "health_url" {
  description = "Where the DNS health check probes this region."
  value       = module.knative.health_url
}

output "regions" {
  description = "Per region: cluster name and location (the stage 2 roots' inputs), ingress IP and Redis endpoints."
  value = {
    for k, m in merge(module.primary_region, module.backup_region) : k => {
      cluster_name              = m.cluster_name
      cluster_location          = m.cluster_location
      ingress_ip                = m.ingress_ip
      redis_discovery_endpoints = m.redis_discovery_endpoints
      has_gpu_pool              = m.has_gpu_pool
    }
  }
}

output "api_fqdn" {
  description = "The failover name of the API."
  value       = module.failover_dns.fqdn
}

output "dns_name_servers" {
  description = "Delegate the domain to these when the zone was created here."
  value       = module.failover_dns.name_servers
}

output "failover_seconds" {
  description = "Expected worst-case failover time: check interval x unhealthy threshold + TTL."
  value       = module.failover_dns.failover_seconds
}

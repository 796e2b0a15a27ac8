output "cluster_name" {
  description = "Name of the GKE cluster."
  value       = google_container_cluster.this.name
}

output "cluster_location" {
  description = "Region of the GKE cluster (stage 2 connects to it by name and location)."
  value       = google_container_cluster.this.location
}

output "ingress_ip" {
  description = "The static address reserved for the Knative ingress (Kourier) load balancer."
  value       = google_compute_address.ingress.address
}

output "redis_cluster_id" {
  description = "ID of this region's Memorystore Redis Cluster."
  value       = one(concat(google_redis_cluster.primary[*].id, google_redis_cluster.replica[*].id))
}

output "redis_discovery_endpoints" {
  description = "Discovery endpoints of this region's Redis Cluster, for the REDIS_URL Secret."
  value       = one(concat(google_redis_cluster.primary[*].discovery_endpoints, google_redis_cluster.replica[*].discovery_endpoints))
}

output "node_service_account" {
  description = "Email of the nodes' service account."
  value       = google_service_account.nodes.email
}

output "has_gpu_pool" {
  description = "Whether this region has a GPU node pool."
  value       = length(google_container_node_pool.gpu) > 0
}

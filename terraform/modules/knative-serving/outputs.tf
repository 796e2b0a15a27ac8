output "knative_serving_namespace" {
  description = "Namespace of Knative Serving."
  value       = kubernetes_namespace.serving.metadata[0].name
}

output "health_url" {
  description = "Where the DNS health check probes this region."
  value       = "http://health.${kubernetes_namespace.health.metadata[0].name}.${var.domain}/healthz"
}

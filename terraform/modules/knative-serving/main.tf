resource "helm_release" "knative_operator" {
  name             = "knative-operator"
  repository       = "https://knative.github.io/operator"
  chart            = "knative-operator"
  version          = var.operator_version
  namespace        = "knative-operator"
  create_namespace = true
  atomic           = true
}

resource "kubernetes_namespace" "serving" {
  metadata {
    name   = "knative-serving"
    labels = { "agentfleet.dev/region" = var.region_name }
  }
}

# Knative Serving with Kourier on the reserved address. The feature flags let the GPU model server's Knative Service
# use a node selector and tolerations, and every agentfleet Service mount /tmp as an emptyDir under its read-only root
# filesystem (cluster-wide settings, so they live here and not in the app manifests; see knative/README.md).
resource "kubernetes_manifest" "knative_serving" {
  manifest = {
    apiVersion = "operator.knative.dev/v1beta1"
    kind       = "KnativeServing"
    metadata = {
      name      = "knative-serving"
      namespace = kubernetes_namespace.serving.metadata[0].name
    }
    spec = {
      version = var.serving_version
      ingress = {
        kourier = {
          enabled                  = true
          service-type             = "LoadBalancer"
          service-load-balancer-ip = var.ingress_ip
        }
      }
      config = {
        network = {
          "ingress-class" = "kourier.ingress.networking.knative.dev"
        }
        domain = {
          (var.domain) = ""
        }
        features = {
          "kubernetes.podspec-nodeselector"     = "enabled"
          "kubernetes.podspec-tolerations"      = "enabled"
          "kubernetes.podspec-affinity"         = "enabled"
          "kubernetes.podspec-volumes-emptydir" = "enabled"
        }
        autoscaler = {
          "enable-scale-to-zero" = "true"
        }
      }
    }
  }

  wait {
    condition {
      type   = "Ready"
      status = "True"
    }
  }

  depends_on = [helm_release.knative_operator]
}

# Knative Eventing: the Broker, Triggers, SinkBinding and PingSource of knative/base. The default Broker class
# (multi-tenant, channel based) is enough for the fleet's event rates.
resource "kubernetes_namespace" "eventing" {
  metadata {
    name   = "knative-eventing"
    labels = { "agentfleet.dev/region" = var.region_name }
  }
}

resource "kubernetes_manifest" "knative_eventing" {
  manifest = {
    apiVersion = "operator.knative.dev/v1beta1"
    kind       = "KnativeEventing"
    metadata = {
      name      = "knative-eventing"
      namespace = kubernetes_namespace.eventing.metadata[0].name
    }
    spec = {
      version = var.serving_version
      config = {
        # Sender identity (ADR 0007): Triggers, PingSources and SinkBindings present an OIDC token of their own
        # ServiceAccount for the audience of their destination, and EventPolicies decide who may send where.
        features = {
          "authentication-oidc" = "enabled"
        }
      }
    }
  }

  wait {
    condition {
      type   = "Ready"
      status = "True"
    }
  }

  depends_on = [helm_release.knative_operator]
}

resource "kubernetes_namespace" "health" {
  metadata {
    name = "agentfleet-health"
  }
}

# Answers the DNS health check at health.<domain>/healthz; kept at one replica so a healthy region never looks down.
resource "kubernetes_manifest" "health_service" {
  manifest = {
    apiVersion = "serving.knative.dev/v1"
    kind       = "Service"
    metadata = {
      name      = "health"
      namespace = kubernetes_namespace.health.metadata[0].name
    }
    spec = {
      template = {
        metadata = {
          annotations = {
            "autoscaling.knative.dev/min-scale" = "1"
          }
        }
        spec = {
          containers = [{
            image = var.health_image
            ports = [{ containerPort = 8080, name = "http1" }]
            readinessProbe = {
              httpGet = { path = "/" }
            }
          }]
        }
      }
    }
  }

  depends_on = [kubernetes_manifest.knative_serving]
}

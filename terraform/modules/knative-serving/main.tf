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

# --- Certificates -----------------------------------------------------------------------------------------------------

# cert-manager issues every certificate Knative serves. Public names are proven by DNS-01 in Cloud DNS, which works
# for both regions behind the failover record (an HTTP-01 challenge would reach only the region DNS points at).
locals {
  public_issuer   = "agentfleet-public"
  internal_issuer = "knative-eventing-ca-issuer"
}

resource "helm_release" "cert_manager" {
  name             = "cert-manager"
  repository       = "https://charts.jetstack.io"
  chart            = "cert-manager"
  version          = var.cert_manager_version
  namespace        = "cert-manager"
  create_namespace = true
  atomic           = true

  set = [
    { name = "crds.enabled", value = "true" },
    # Cloud DNS answers the DNS-01 challenges as this Google service account (Workload Identity, no key file).
    { name = "serviceAccount.annotations.iam\\.gke\\.io/gcp-service-account", value = var.cert_manager_service_account },
  ]
}

resource "kubernetes_manifest" "public_issuer" {
  manifest = {
    apiVersion = "cert-manager.io/v1"
    kind       = "ClusterIssuer"
    metadata   = { name = local.public_issuer }
    spec = {
      acme = {
        server              = var.acme_server
        email               = var.acme_email
        privateKeySecretRef = { name = "agentfleet-acme-account" }
        solvers             = [{ dns01 = { cloudDNS = { project = var.dns_project_id } } }]
      }
    }
  }

  depends_on = [helm_release.cert_manager]
}

# The cluster's own CA for cluster-local and Eventing addresses: a self-signed root, kept in cert-manager's namespace,
# and the CA issuer that signs with it.
resource "kubernetes_manifest" "selfsigned_issuer" {
  manifest = {
    apiVersion = "cert-manager.io/v1"
    kind       = "ClusterIssuer"
    metadata   = { name = "agentfleet-selfsigned" }
    spec       = { selfSigned = {} }
  }

  depends_on = [helm_release.cert_manager]
}

resource "kubernetes_manifest" "internal_ca" {
  manifest = {
    apiVersion = "cert-manager.io/v1"
    kind       = "Certificate"
    metadata   = { name = "agentfleet-internal-ca", namespace = helm_release.cert_manager.namespace }
    spec = {
      isCA       = true
      commonName = "agentfleet-internal-ca"
      secretName = "agentfleet-internal-ca"
      privateKey = { algorithm = "ECDSA", size = 256 }
      issuerRef  = { name = "agentfleet-selfsigned", kind = "ClusterIssuer", group = "cert-manager.io" }
    }
  }

  depends_on = [kubernetes_manifest.selfsigned_issuer]
}

resource "kubernetes_manifest" "internal_issuer" {
  manifest = {
    apiVersion = "cert-manager.io/v1"
    kind       = "ClusterIssuer"
    metadata   = { name = local.internal_issuer }
    spec       = { ca = { secretName = "agentfleet-internal-ca" } }
  }

  depends_on = [kubernetes_manifest.internal_ca]
}

# --- Knative ---------------------------------------------------------------------------------------------------------

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
        # TLS everywhere a request enters or crosses Knative: the public API on a certificate from the ACME
        # issuer below (HTTP answers with a redirect), cluster-local addresses on the internal CA (Eventing
        # delivers to https addresses only, see knative_eventing).
        network = {
          "ingress-class"            = "kourier.ingress.networking.knative.dev"
          "external-domain-tls"      = "Enabled"
          "cluster-local-domain-tls" = "Enabled"
          "http-protocol"            = "Redirected"
        }
        certmanager = {
          issuerRef             = "kind: ClusterIssuer\nname: ${local.public_issuer}"
          clusterLocalIssuerRef = "kind: ClusterIssuer\nname: ${local.internal_issuer}"
        }
        domain = {
          (var.domain) = ""
        }
        features = {
          "kubernetes.podspec-nodeselector"     = "enabled"
          "kubernetes.podspec-tolerations"      = "enabled"
          "kubernetes.podspec-affinity"         = "enabled"
          "kubernetes.podspec-volumes-emptydir" = "enabled"
          # Containers Knative adds or defaults (queue-proxy included) meet Pod Security "restricted", which the
          # agentfleet namespace enforces.
          "secure-pod-defaults" = "Enabled"
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

  depends_on = [helm_release.knative_operator, kubernetes_manifest.public_issuer, kubernetes_manifest.internal_issuer]
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
        # Transport encryption (strict): every delivery (Broker ingress, Trigger subscribers, dead-letter sinks)
        # goes to https addresses, signed by the internal CA Eventing expects under the name knative-eventing-ca-issuer.
        features = {
          "authentication-oidc"  = "enabled"
          "transport-encryption" = "strict"
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

  depends_on = [helm_release.knative_operator, kubernetes_manifest.internal_issuer]
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

/**
 * resolve-issue: BM25 retrieval over the shipped markdown knowledge base (Lucene), a draft by an OpenAI-compatible
 * model when configured (timeout, retry, circuit breaker), and a deterministic template otherwise.
 */
package dev.agentfleet.customerservice.resolve;

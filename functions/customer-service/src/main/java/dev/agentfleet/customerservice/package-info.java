/**
 * customer-service: classifies support inquiries ({@code classify-inquiry}, {@code classify}) and drafts resolutions
 * from the knowledge base ({@code resolve-issue}, {@code resolve}), by a model when one is configured.
 */
package dev.agentfleet.customerservice;

/** classify-inquiry: Naive Bayes (Lucene) over the shipped labelled dataset, and an explained priority rule. */
package dev.agentfleet.customerservice.classify;

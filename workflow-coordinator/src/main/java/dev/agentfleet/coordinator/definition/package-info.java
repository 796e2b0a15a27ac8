/**
 * Workflow definitions: the model ({@code WorkflowDefinition}, {@code StepDefinition}, {@code RetryPolicy}), reading
 * YAML/JSON with field-level errors ({@code DefinitionReader}), the rules across steps ({@code DefinitionValidator}),
 * jq ({@code Jq}, jackson-jq) and the Redis registry that pins content hashes ({@code DefinitionRegistry}).
 */
package dev.agentfleet.coordinator.definition;

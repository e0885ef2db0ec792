/**
 * Amazon States Language definitions: the sealed records of a state machine ({@link
 * dev.docket.states.asl.StateMachineDefinition}, {@link dev.docket.states.asl.State} and its eight
 * kinds, {@link dev.docket.states.asl.Retrier}, {@link dev.docket.states.asl.Catcher}, {@link
 * dev.docket.states.asl.ChoiceRule}) and {@link dev.docket.states.asl.Definitions}, which parses a
 * definition text into them with AWS's defaults, or reports AWS's diagnostics ({@code
 * SCHEMA_VALIDATION_FAILED: ... at /States/X}) for CreateStateMachine and
 * ValidateStateMachineDefinition. Nothing here runs a definition.
 */
package dev.docket.states.asl;
